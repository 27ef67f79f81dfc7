using Grpc.Core;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    /// <summary>Cancels in-flight operations and returns; the process keeps serving until Shutdown.</summary>
    public override Task<Proto.StopProvider.Types.Response> StopProvider(Proto.StopProvider.Types.Request request, ServerCallContext context)
    {
        runtime.Stop();
        return Task.FromResult(new Proto.StopProvider.Types.Response());
    }
}
