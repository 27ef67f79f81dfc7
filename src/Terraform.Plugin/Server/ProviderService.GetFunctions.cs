using Grpc.Core;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override Task<Proto.GetFunctions.Types.Response> GetFunctions(Proto.GetFunctions.Types.Request request, ServerCallContext context)
    {
        var response = new Proto.GetFunctions.Types.Response();
        foreach (var (name, entry) in Catalog.Functions) response.Functions.Add(name, ToProto.Function(entry.Definition));
        return Task.FromResult(response);
    }
}
