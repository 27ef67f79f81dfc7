using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// The plugin's signal handling, installed before the handshake line is printed (the web host is still being
/// assembled then). A managed plugin lives in Terraform's process group, so Ctrl-C reaches it too; it must ignore
/// SIGINT and wait for Terraform's StopProvider/Shutdown calls. SIGTERM and SIGQUIT ask for a graceful stop. In
/// <c>--debug</c> mode a human runs the process, so SIGINT stops it as well.
/// </summary>
internal sealed class PluginSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly CancellationTokenSource _stop = new();

    public PluginSignals(PluginRunMode mode)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            if (mode == PluginRunMode.Debug) RequestStop();
        }));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            RequestStop();
        }));
        if (!OperatingSystem.IsWindows())
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context =>
            {
                context.Cancel = true;
                RequestStop();
            }));
        }
    }

    /// <summary>Cancelled once a signal asked the plugin to stop (possibly before the host started).</summary>
    public CancellationToken StopRequested => _stop.Token;

    private void RequestStop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _registrations.Clear();
        _stop.Dispose();
    }
}

/// <summary>
/// Replaces the console lifetime: the host stops when <see cref="PluginSignals"/> asks for it (a stop requested
/// while the host was still starting takes effect as soon as it has started).
/// </summary>
internal sealed class PluginLifetime(IHostApplicationLifetime lifetime, PluginSignals signals) : IHostLifetime, IDisposable
{
    private CancellationTokenRegistration _stop;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _stop = signals.StopRequested.UnsafeRegister(static state => ((IHostApplicationLifetime)state!).StopApplication(), lifetime);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stop.Dispose();
}

/// <summary>Whether Terraform launched the plugin (managed) or a developer did (<c>--debug</c>).</summary>
internal enum PluginRunMode
{
    Managed,
    Debug,
}
