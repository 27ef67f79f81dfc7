using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>A terraform command started in the background (so a test can interrupt it), with its output captured.</summary>
internal sealed class TerraformProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private TerraformProcess(Process process)
    {
        _process = process;
    }

    public static TerraformProcess Start(TerraformWorkspace ws, params string[] arguments)
    {
        var psi = new ProcessStartInfo(ExternalTool.Terraform.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = ws.Directory,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var (k, v) in ws.Environment)
        {
            if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        }

        var process = new Process { StartInfo = psi };
        var result = new TerraformProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (result._stdout) result._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (result._stderr) result._stderr.AppendLine(e.Data); };
        if (!process.Start()) throw new InvalidOperationException("could not start terraform");
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends SIGINT (what Ctrl-C delivers).</summary>
    public void Interrupt()
    {
        if (SysKill(_process.Id, 2) != 0) throw new InvalidOperationException($"kill(SIGINT) failed: {Marshal.GetLastPInvokeError()}");
    }

    public async Task<ToolResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"terraform did not finish within {timeout}:\n{_stdout}\n{_stderr}");
        }

        _process.WaitForExit();
        lock (_stdout)
        lock (_stderr)
        {
            return new ToolResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
