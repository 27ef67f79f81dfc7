using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    /// <summary>
    /// Create (no prior state), update, or delete (null planned state). The result is checked the way Terraform
    /// will check it: no unknowns left, known planned values kept, write-only attributes null.
    /// </summary>
    public override async Task<Proto.ApplyResourceChange.Types.Response> ApplyResourceChange(
        Proto.ApplyResourceChange.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("ApplyResourceChange {TypeName}", request.TypeName);
        var result = new Proto.ApplyResourceChange.Types.Response();
        if (!TryResource(request.TypeName, diagnostics, out var entry))
        {
            AddTo(result.Diagnostics, diagnostics);
            return result;
        }

        var schema = entry.Schema;
        var type = schema.ImpliedType;
        if (!TryDecode(request.PriorState, type, "prior state", diagnostics, out var prior)
            || !TryDecode(request.PlannedState, type, "planned state", diagnostics, out var planned)
            || !TryDecode(request.Config, type, "configuration", diagnostics, out var config))
        {
            result.NewState = request.PriorState;
            AddTo(result.Diagnostics, diagnostics);
            return result;
        }

        var resource = runtime.NewResource(entry, diagnostics);
        var privateData = FromProto.Private(request.PlannedPrivate);
        using var cts = Link(context);
        CtyValue newState;
        if (diagnostics.HasError)
        {
            newState = prior;
        }
        else if (planned.IsNull)
        {
            var response = new DeleteResponse();
            await GuardAsync("Delete", diagnostics, () => resource.DeleteAsync(
                new DeleteRequest { State = prior, Private = privateData }, response, cts.Token)).ConfigureAwait(false);
            diagnostics.AddRange(response.Diagnostics);
            newState = diagnostics.HasError ? prior : CtyValue.Null(type);
        }
        else if (prior.IsNull)
        {
            var response = new CreateResponse(planned);
            await GuardAsync("Create", diagnostics, () => resource.CreateAsync(
                new CreateRequest { Config = config, Plan = planned }, response, cts.Token)).ConfigureAwait(false);
            diagnostics.AddRange(response.Diagnostics);
            newState = response.State;
            privateData = response.Private;
            if (diagnostics.HasError && ValueWalk.FindUnknown(newState, AttributePath.Empty) is not null)
            {
                // A failed create that left unknowns created nothing Terraform could track.
                newState = CtyValue.Null(type);
            }
        }
        else
        {
            var response = new UpdateResponse(planned) { Private = privateData };
            await GuardAsync("Update", diagnostics, () => resource.UpdateAsync(
                new UpdateRequest { Config = config, Plan = planned, State = prior, Private = privateData }, response, cts.Token)).ConfigureAwait(false);
            diagnostics.AddRange(response.Diagnostics);
            newState = response.State;
            privateData = response.Private;
            if (diagnostics.HasError && ValueWalk.FindUnknown(newState, AttributePath.Empty) is not null) newState = prior;
        }

        newState = ValueWalk.NullWriteOnly(schema, newState);
        if (!planned.IsNull && !diagnostics.HasError)
        {
            if (newState.IsNull)
            {
                diagnostics.AddError("Provider returned no state", $"Applying {request.TypeName} returned a null object. This is a bug in the provider.");
                newState = prior.IsNull ? newState : prior;
            }
            else if (ValueWalk.FindUnknown(newState, AttributePath.Empty) is { } unknown)
            {
                diagnostics.AddAttributeError(unknown, "Provider returned an unknown value after apply",
                    $"Applying {request.TypeName} left {unknown} unknown. This is a bug in the provider.");
                newState = prior;
            }
            else
            {
                ValueWalk.CheckPlannedPreserved(planned, newState, AttributePath.Empty, diagnostics);
            }
        }

        result.NewState = ToProto.DynamicValue(newState, type);
        result.Private = privateData is null ? ByteString.Empty : ByteString.CopyFrom(privateData);
        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
