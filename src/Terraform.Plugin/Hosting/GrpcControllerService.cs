using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// <c>plugin.GRPCController</c>: Terraform calls Shutdown whenever it is done with a provider process and kills
/// it if it has not exited 2 s later. We answer first, stop the host once the answer is sent, and exit hard 1.5 s
/// later as a backstop.
/// </summary>
internal sealed class GrpcControllerService(
    IHostApplicationLifetime lifetime, ILogger<GrpcControllerService> logger) : global::Plugin.GRPCController.GRPCControllerBase
{
    private static readonly TimeSpan HardExitAfter = TimeSpan.FromMilliseconds(1500);

    public override Task<global::Plugin.Empty> Shutdown(global::Plugin.Empty request, ServerCallContext context)
    {
        logger.LogDebug("shutdown requested by the plugin client");

        // The host stops once the answer has left (Terraform waits for the process to exit right after it), not
        // after a guessed delay.
        context.GetHttpContext().Response.OnCompleted(() =>
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        });
        _ = Task.Run(async () =>
        {
            await Task.Delay(HardExitAfter).ConfigureAwait(false);
            Environment.Exit(0);
        });
        return Task.FromResult(new global::Plugin.Empty());
    }
}
