using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.ImportResourceState.Types.Response> ImportResourceState(
        Proto.ImportResourceState.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("ImportResourceState {TypeName}", request.TypeName);
        var result = new Proto.ImportResourceState.Types.Response();
        if (TryResource(request.TypeName, diagnostics, out var entry))
        {
            var type = entry.Schema.ImpliedType;
            var resource = runtime.NewResource(entry, diagnostics);
            if (resource is not IResourceWithImportState importable)
            {
                diagnostics.AddError("Resource import not supported", $"Resource type {request.TypeName} cannot be imported.");
            }
            else if (!diagnostics.HasError)
            {
                var empty = CtyValue.Object(type, type.AttributeTypes.Select(a => new KeyValuePair<string, CtyValue>(a.Key, CtyValue.Null(a.Value))));
                var response = new ImportStateResponse(empty);
                using var cts = Link(context);
                await GuardAsync("ImportResourceState", diagnostics,
                    () => importable.ImportStateAsync(new ImportStateRequest { Id = request.Id }, response, cts.Token)).ConfigureAwait(false);
                diagnostics.AddRange(response.Diagnostics);
                if (!diagnostics.HasError)
                {
                    if (response.State.IsNull)
                    {
                        diagnostics.AddError("Import returned no state", $"Importing {request.TypeName} \"{request.Id}\" returned null. This is a bug in the provider.");
                    }
                    else
                    {
                        result.ImportedResources.Add(new Proto.ImportResourceState.Types.ImportedResource
                        {
                            TypeName = request.TypeName,
                            State = ToProto.DynamicValue(ValueWalk.NullWriteOnly(entry.Schema, response.State), type),
                            Private = response.Private is null ? ByteString.Empty : ByteString.CopyFrom(response.Private),
                        });
                    }
                }
            }
        }

        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
