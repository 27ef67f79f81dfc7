using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// Replaces the console lifetime. A managed plugin lives in Terraform's process group, so Ctrl-C reaches it too;
/// it must ignore SIGINT and wait for Terraform's StopProvider/Shutdown calls. SIGTERM stops gracefully. In
/// <c>--debug</c> mode a human runs the process, so SIGINT stops it as well.
/// </summary>
internal sealed class PluginLifetime(IHostApplicationLifetime lifetime, PluginRunContext run) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            if (run.Mode == PluginRunMode.Debug) lifetime.StopApplication();
        }));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            lifetime.StopApplication();
        }));
        if (!OperatingSystem.IsWindows())
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context =>
            {
                context.Cancel = true;
                lifetime.StopApplication();
            }));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _registrations.Clear();
    }
}

/// <summary>Whether Terraform launched the plugin (managed) or a developer did (<c>--debug</c>).</summary>
internal enum PluginRunMode
{
    Managed,
    Debug,
}

/// <summary>DI wrapper for the run mode.</summary>
internal sealed record PluginRunContext(PluginRunMode Mode);
