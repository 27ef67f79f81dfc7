using System.Diagnostics;
using System.Text;

namespace Terraform.Plugin.Tests.Hosting;

/// <summary>A provider binary started the way go-plugin starts it; captures the handshake line and stderr.</summary>
internal sealed class ProviderProcess : IDisposable
{
    public const string Cookie = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdoutRest = new();
    private readonly Task _stderrPump;

    private ProviderProcess(Process process)
    {
        Process = process;
        _stderrPump = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await process.StandardError.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_stderr) _stderr.Append(buffer, 0, n);
            }
        });
    }

    public Process Process { get; }

    public string StandardError
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>Everything printed to stdout after the first line (must stay empty).</summary>
    public string StandardOutputAfterHandshake
    {
        get
        {
            lock (_stdoutRest) return _stdoutRest.ToString();
        }
    }

    public static ProviderProcess Start(string binary, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in new[] { "TF_PLUGIN_MAGIC_COOKIE", "PLUGIN_PROTOCOL_VERSIONS", "PLUGIN_CLIENT_CERT", "TF_LOG", "TF_LOG_PROVIDER" })
        {
            psi.Environment.Remove(key);
        }

        foreach (var (k, v) in environment)
        {
            if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        }

        return new ProviderProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start " + binary));
    }

    /// <summary>Reads the first stdout line (the handshake), then keeps draining stdout into a buffer.</summary>
    public async Task<string> ReadHandshakeAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var line = await Process.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false)
                   ?? throw new InvalidOperationException($"provider closed stdout without a handshake; stderr:\n{StandardError}");
        _ = Task.Run(async () =>
        {
            var buffer = new char[1024];
            int n;
            while ((n = await Process.StandardOutput.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_stdoutRest) _stdoutRest.Append(buffer, 0, n);
            }
        });
        return line;
    }

    /// <summary>Reads stdout lines (without draining the rest) until one satisfies <paramref name="match"/>.</summary>
    public async Task<string> ReadLineMatchingAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = await Process.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false)
                       ?? throw new InvalidOperationException($"stdout closed; stderr:\n{StandardError}");
            if (match(line)) return line;
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            await _stderrPump.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        Process.Dispose();
    }
}
