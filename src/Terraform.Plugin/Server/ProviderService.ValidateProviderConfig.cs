using Grpc.Core;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Provider;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.ValidateProviderConfig.Types.Response> ValidateProviderConfig(
        Proto.ValidateProviderConfig.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        var schema = Catalog.ProviderSchema;
        if (TryDecode(request.Config, schema.ImpliedType, "provider configuration", diagnostics, out var config))
        {
            ValueWalk.Validate(schema, config, AttributePath.Empty, diagnostics);
            if (runtime.Provider is IProviderWithValidateConfig validating)
            {
                using var cts = Link(context);
                var response = new ValidateProviderConfigResponse();
                await GuardAsync("ValidateProviderConfig", diagnostics,
                    () => validating.ValidateConfigAsync(new ValidateProviderConfigRequest { Config = config }, response, cts.Token)).ConfigureAwait(false);
                diagnostics.AddRange(response.Diagnostics);
            }
        }

        var result = new Proto.ValidateProviderConfig.Types.Response();
        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
