using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.ReadResource.Types.Response> ReadResource(Proto.ReadResource.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("ReadResource {TypeName}", request.TypeName);
        var result = new Proto.ReadResource.Types.Response { Private = request.Private };
        if (TryResource(request.TypeName, diagnostics, out var entry)
            && TryDecode(request.CurrentState, entry.Schema.ImpliedType, "current state", diagnostics, out var current))
        {
            var type = entry.Schema.ImpliedType;
            var newState = current;
            if (!current.IsNull)
            {
                var resource = runtime.NewResource(entry, diagnostics);
                var response = new ReadResponse(current) { Private = FromProto.Private(request.Private) };
                if (!diagnostics.HasError)
                {
                    using var cts = Link(context);
                    await GuardAsync("ReadResource", diagnostics, () => resource.ReadAsync(
                        new ReadRequest { State = current, Private = FromProto.Private(request.Private) }, response, cts.Token)).ConfigureAwait(false);
                    diagnostics.AddRange(response.Diagnostics);
                }

                newState = ValueWalk.NullWriteOnly(entry.Schema, response.State);
                result.Private = response.Private is null ? ByteString.Empty : ByteString.CopyFrom(response.Private);
                if (ValueWalk.FindUnknown(newState, AttributePath.Empty) is { } unknown)
                {
                    diagnostics.AddAttributeError(unknown, "Provider returned an unknown value",
                        $"Reading {request.TypeName} left {unknown} unknown. This is a bug in the provider.");
                }
            }

            if (!diagnostics.HasError) result.NewState = ToProto.DynamicValue(newState, type);
            else result.NewState = request.CurrentState;
        }

        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
