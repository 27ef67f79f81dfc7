using System.Diagnostics;

namespace TestSupport.Tools;

/// <summary>
/// Locates a command-line tool the end-to-end tests drive (terraform, kubectl). A missing tool fails the test
/// with a message saying how to install it; tests never skip silently.
/// </summary>
public sealed class ExternalTool
{
    public static readonly ExternalTool Terraform = new(
        "terraform",
        "terraform (>= 1.11) is not on PATH. Install it from https://developer.hashicorp.com/terraform/install " +
        "(Debian/Ubuntu: add HashiCorp's apt repository, then `apt-get install terraform`), or set TERRAFORM_PATH.",
        "TERRAFORM_PATH");

    public static readonly ExternalTool Kubectl = new(
        "kubectl",
        "kubectl (>= 1.32) is not on PATH. Install it from https://kubernetes.io/docs/tasks/tools/ " +
        "(Debian/Ubuntu: `apt-get install kubectl` from the Kubernetes apt repository), or set KUBECTL_PATH.",
        "KUBECTL_PATH");

    private readonly string _name;
    private readonly string _installHint;
    private readonly string _overrideVariable;
    private string? _resolved;

    private ExternalTool(string name, string installHint, string overrideVariable)
    {
        _name = name;
        _installHint = installHint;
        _overrideVariable = overrideVariable;
    }

    /// <summary>Absolute path of the tool; throws (failing the test) with installation instructions when absent.</summary>
    public string Path => _resolved ??= Resolve() ?? throw new InvalidOperationException(_installHint);

    private string? Resolve()
    {
        var explicitPath = Environment.GetEnvironmentVariable(_overrideVariable);
        if (!string.IsNullOrEmpty(explicitPath) && File.Exists(explicitPath))
        {
            return explicitPath;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = System.IO.Path.Combine(dir, _name);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    /// <summary>Runs the tool to completion and captures its output.</summary>
    public async Task<ToolResult> RunAsync(
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
            }
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Path}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_name} {string.Join(' ', psi.ArgumentList)} did not finish in time");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts the tool in a process group of its own (through <c>setsid</c>) and returns at once, so a test can
    /// interrupt it the way a terminal does on Ctrl-C: SIGINT to the whole group, the tool and its children (for
    /// terraform, the provider plugins) alike.
    /// </summary>
    public RunningTool Start(IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("process groups and SIGINT need a POSIX system");
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("setsid (util-linux) is not installed; `apt-get install util-linux`.");
        var psi = new ProcessStartInfo(setsid)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        // setsid execs the tool in place (the child of a non-leader needs no fork), so the process id is the tool's
        // and, as session leader, also its process group id.
        psi.ArgumentList.Add(Path);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
            }
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Path}");
        process.StandardInput.Close();
        return new RunningTool(_name, process);
    }
}

/// <summary>A tool started by <see cref="ExternalTool.Start"/>: interrupt it, then collect its result.</summary>
public sealed class RunningTool : IDisposable
{
    private readonly string _name;
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly System.Text.StringBuilder _stdoutSoFar = new();

    internal RunningTool(string name, Process process)
    {
        _name = name;
        _process = process;
        _stdout = ReadAsync(process.StandardOutput, _stdoutSoFar);
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the tool printed on stdout so far.</summary>
    public string StandardOutputSoFar
    {
        get { lock (_stdoutSoFar) return _stdoutSoFar.ToString(); }
    }

    /// <summary>Sends SIGINT to the tool's process group, as a terminal does when the user presses Ctrl-C.</summary>
    public void Interrupt()
    {
        if (_process.HasExited) throw new InvalidOperationException($"{_name} already exited with code {_process.ExitCode}");
        if (Signals.Kill(-_process.Id, Signals.SigInt) != 0)
        {
            throw new InvalidOperationException($"kill(-{_process.Id}, SIGINT) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the tool to exit (killing its process group after <paramref name="timeout"/>) and returns its output.</summary>
    public async Task<ToolResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            KillGroup();
            throw new TimeoutException($"{_name} did not finish within {timeout}; output so far:\n{StandardOutputSoFar}");
        }

        return new ToolResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillGroup();
        _process.Dispose();
    }

    private void KillGroup()
    {
        _ = Signals.Kill(-_process.Id, Signals.SigKill);
        _process.WaitForExit(10_000);
    }

    private static async Task<string> ReadAsync(StreamReader reader, System.Text.StringBuilder sink)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (sink) sink.Append(buffer, 0, read);
        }

        lock (sink) return sink.ToString();
    }
}

internal static class Signals
{
    public const int SigInt = 2;
    public const int SigKill = 9;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
}

/// <summary>Exit code and captured output of one tool run.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() =>
        $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
