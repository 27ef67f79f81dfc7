using Grpc.Core;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// <c>plugin.GRPCBroker</c>: providers never broker extra connections, so incoming messages are read and
/// discarded until the client closes its side.
/// </summary>
internal sealed class GrpcBrokerService : global::Plugin.GRPCBroker.GRPCBrokerBase
{
    public override async Task StartStream(
        IAsyncStreamReader<global::Plugin.ConnInfo> requestStream, IServerStreamWriter<global::Plugin.ConnInfo> responseStream, ServerCallContext context)
    {
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                // Nothing to broker.
            }
        }
        catch (OperationCanceledException)
        {
            // Client went away.
        }
    }
}
