using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// <c>plugin.GRPCController</c>: Terraform calls Shutdown whenever it is done with a provider process and kills
/// it if it has not exited 2 s later. We answer first, then stop the host, with a hard exit as a backstop.
/// </summary>
internal sealed class GrpcControllerService(
    IHostApplicationLifetime lifetime, ILogger<GrpcControllerService> logger) : global::Plugin.GRPCController.GRPCControllerBase
{
    private static readonly TimeSpan HardExitAfter = TimeSpan.FromMilliseconds(1500);

    public override Task<global::Plugin.Empty> Shutdown(global::Plugin.Empty request, ServerCallContext context)
    {
        logger.LogDebug("shutdown requested by the plugin client");
        _ = Task.Run(async () =>
        {
            // Let the response leave before the listener closes.
            await Task.Delay(20).ConfigureAwait(false);
            lifetime.StopApplication();
            await Task.Delay(HardExitAfter).ConfigureAwait(false);
            Environment.Exit(0);
        });
        return Task.FromResult(new global::Plugin.Empty());
    }
}
