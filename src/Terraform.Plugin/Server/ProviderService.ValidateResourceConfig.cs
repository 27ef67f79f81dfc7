using Grpc.Core;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.ValidateResourceConfig.Types.Response> ValidateResourceConfig(
        Proto.ValidateResourceConfig.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        if (TryResource(request.TypeName, diagnostics, out var entry)
            && TryDecode(request.Config, entry.Schema.ImpliedType, "resource configuration", diagnostics, out var config))
        {
            ValueWalk.Validate(entry.Schema, config, AttributePath.Empty, diagnostics);
            if (request.ClientCapabilities is not { WriteOnlyAttributesAllowed: true })
            {
                var found = new List<AttributePath>();
                ValueWalk.FindWriteOnlyValues(entry.Schema, config, AttributePath.Empty, found);
                foreach (var path in found)
                {
                    diagnostics.AddAttributeError(path, "Write-only attribute not supported",
                        $"{path} is write-only, which needs Terraform 1.11 or later. Upgrade Terraform or remove the attribute.");
                }
            }

            var resource = runtime.NewResource(entry, diagnostics);
            if (resource is IResourceWithValidateConfig validating)
            {
                using var cts = Link(context);
                var response = new ValidateResourceConfigResponse();
                await GuardAsync("ValidateResourceConfig", diagnostics,
                    () => validating.ValidateConfigAsync(new ValidateResourceConfigRequest { Config = config }, response, cts.Token)).ConfigureAwait(false);
                diagnostics.AddRange(response.Diagnostics);
            }
        }

        var result = new Proto.ValidateResourceConfig.Types.Response();
        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
