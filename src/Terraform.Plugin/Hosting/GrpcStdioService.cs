using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// <c>plugin.GRPCStdio</c>: we never forward stdout/stderr through gRPC (logs go to stderr directly, which
/// Terraform already reads), so the stream stays open and silent until the client cancels or the host stops.
/// </summary>
internal sealed class GrpcStdioService(IHostApplicationLifetime lifetime) : global::Plugin.GRPCStdio.GRPCStdioBase
{
    public override async Task StreamStdio(
        Google.Protobuf.WellKnownTypes.Empty request, IServerStreamWriter<global::Plugin.StdioData> responseStream, ServerCallContext context)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Normal end of the stream.
        }
    }
}
