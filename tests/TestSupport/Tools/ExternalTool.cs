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
}

/// <summary>Exit code and captured output of one tool run.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() =>
        $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
