using Grpc.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.DataSources;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.ReadDataSource.Types.Response> ReadDataSource(Proto.ReadDataSource.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("ReadDataSource {TypeName}", request.TypeName);
        var result = new Proto.ReadDataSource.Types.Response();
        if (TryDataSource(request.TypeName, diagnostics, out var entry)
            && TryDecode(request.Config, entry.Schema.ImpliedType, "data source configuration", diagnostics, out var config))
        {
            var type = entry.Schema.ImpliedType;
            var dataSource = runtime.NewDataSource(entry, diagnostics);
            var response = new ReadDataSourceResponse(config);
            if (!diagnostics.HasError)
            {
                using var cts = Link(context);
                await GuardAsync("ReadDataSource", diagnostics,
                    () => dataSource.ReadAsync(new ReadDataSourceRequest { Config = config }, response, cts.Token)).ConfigureAwait(false);
                diagnostics.AddRange(response.Diagnostics);
            }

            if (!diagnostics.HasError)
            {
                var state = ValueWalk.NullWriteOnly(entry.Schema, response.State);
                if (ValueWalk.FindUnknown(state, AttributePath.Empty) is { } unknown)
                {
                    diagnostics.AddAttributeError(unknown, "Provider returned an unknown value",
                        $"Reading data source {request.TypeName} left {unknown} unknown. This is a bug in the provider.");
                }
                else
                {
                    result.State = ToProto.DynamicValue(state, type);
                }
            }
        }

        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
