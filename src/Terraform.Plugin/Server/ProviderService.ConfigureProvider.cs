using Grpc.Core;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Provider;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.ConfigureProvider.Types.Response> ConfigureProvider(
        Proto.ConfigureProvider.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        if (TryDecode(request.Config, Catalog.ProviderSchema.ImpliedType, "provider configuration", diagnostics, out var config))
        {
            var response = new ConfigureProviderResponse();
            using var cts = Link(context);
            await GuardAsync("ConfigureProvider", diagnostics, () => runtime.Provider.ConfigureAsync(new ConfigureProviderRequest
            {
                Config = config,
                TerraformVersion = request.TerraformVersion,
                DeferralAllowed = request.ClientCapabilities?.DeferralAllowed ?? false,
            }, response, cts.Token)).ConfigureAwait(false);
            diagnostics.AddRange(response.Diagnostics);
            if (!diagnostics.HasError) runtime.SetConfigured(response.ResourceData, response.DataSourceData, response.EphemeralResourceData);
        }

        var result = new Proto.ConfigureProvider.Types.Response();
        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
