using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Resources;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.MoveResourceState.Types.Response> MoveResourceState(
        Proto.MoveResourceState.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("MoveResourceState {TypeName}", request.TargetTypeName);
        var result = new Proto.MoveResourceState.Types.Response();
        if (TryResource(request.TargetTypeName, diagnostics, out var entry))
        {
            var resource = runtime.NewResource(entry, diagnostics);
            var response = new MoveStateResponse();
            if (resource is IResourceWithMoveState movable && !diagnostics.HasError)
            {
                using var cts = Link(context);
                await GuardAsync("MoveResourceState", diagnostics, () => movable.MoveStateAsync(new MoveStateRequest
                {
                    SourceProviderAddress = request.SourceProviderAddress,
                    SourceTypeName = request.SourceTypeName,
                    SourceSchemaVersion = request.SourceSchemaVersion,
                    SourceStateJson = request.SourceState?.Json.Memory ?? ReadOnlyMemory<byte>.Empty,
                    SourcePrivate = FromProto.Private(request.SourcePrivate),
                }, response, cts.Token)).ConfigureAwait(false);
                diagnostics.AddRange(response.Diagnostics);
            }

            if (!diagnostics.HasError)
            {
                if (response.TargetState is null)
                {
                    diagnostics.AddError("Unable to move resource state",
                        $"Resource type {request.TargetTypeName} does not accept state moved from {request.SourceTypeName} ({request.SourceProviderAddress}).");
                }
                else
                {
                    result.TargetState = ToProto.DynamicValue(ValueWalk.NullWriteOnly(entry.Schema, response.TargetState), entry.Schema.ImpliedType);
                    result.TargetPrivate = response.TargetPrivate is null ? ByteString.Empty : ByteString.CopyFrom(response.TargetPrivate);
                }
            }
        }

        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
