using Grpc.Core;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override Task<Proto.GetProviderSchema.Types.Response> GetProviderSchema(Proto.GetProviderSchema.Types.Request request, ServerCallContext context)
    {
        var catalog = Catalog;
        var response = new Proto.GetProviderSchema.Types.Response
        {
            // Terraform rejects a response without a provider schema, even an empty one.
            Provider = ToProto.Schema(catalog.ProviderSchema),
            ServerCapabilities = Capabilities,
        };
        foreach (var (name, entry) in catalog.Resources) response.ResourceSchemas.Add(name, ToProto.Schema(entry.Schema));
        foreach (var (name, entry) in catalog.DataSources) response.DataSourceSchemas.Add(name, ToProto.Schema(entry.Schema));
        foreach (var (name, entry) in catalog.EphemeralResources) response.EphemeralResourceSchemas.Add(name, ToProto.Schema(entry.Schema));
        foreach (var (name, entry) in catalog.Functions) response.Functions.Add(name, ToProto.Function(entry.Definition));
        AddTo(response.Diagnostics, catalog.Diagnostics);
        return Task.FromResult(response);
    }
}
