using Grpc.Core;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override Task<Proto.GetMetadata.Types.Response> GetMetadata(Proto.GetMetadata.Types.Request request, ServerCallContext context)
    {
        var catalog = Catalog;
        var response = new Proto.GetMetadata.Types.Response { ServerCapabilities = Capabilities };
        foreach (var name in catalog.Resources.Keys) response.Resources.Add(new Proto.GetMetadata.Types.ResourceMetadata { TypeName = name });
        foreach (var name in catalog.DataSources.Keys) response.DataSources.Add(new Proto.GetMetadata.Types.DataSourceMetadata { TypeName = name });
        foreach (var name in catalog.EphemeralResources.Keys) response.EphemeralResources.Add(new Proto.GetMetadata.Types.EphemeralMetadata { TypeName = name });
        foreach (var name in catalog.Functions.Keys) response.Functions.Add(new Proto.GetMetadata.Types.FunctionMetadata { Name = name });
        AddTo(response.Diagnostics, catalog.Diagnostics);
        return Task.FromResult(response);
    }
}
