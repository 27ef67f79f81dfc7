using Grpc.Core;
using Terraform.Plugin.DataSources;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.ValidateDataResourceConfig.Types.Response> ValidateDataResourceConfig(
        Proto.ValidateDataResourceConfig.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        if (TryDataSource(request.TypeName, diagnostics, out var entry)
            && TryDecode(request.Config, entry.Schema.ImpliedType, "data source configuration", diagnostics, out var config))
        {
            ValueWalk.Validate(entry.Schema, config, AttributePath.Empty, diagnostics);
            var dataSource = runtime.NewDataSource(entry, diagnostics);
            if (dataSource is IDataSourceWithValidateConfig validating)
            {
                using var cts = Link(context);
                var response = new ValidateDataSourceConfigResponse();
                await GuardAsync("ValidateDataResourceConfig", diagnostics,
                    () => validating.ValidateConfigAsync(new ValidateDataSourceConfigRequest { Config = config }, response, cts.Token)).ConfigureAwait(false);
                diagnostics.AddRange(response.Diagnostics);
            }
        }

        var result = new Proto.ValidateDataResourceConfig.Types.Response();
        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
