using Grpc.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    /// <summary>
    /// Called for every resource in state on every run. Same version: re-decode the stored JSON with the current
    /// schema, dropping attributes the schema no longer has. Older version: the resource's upgrader for that
    /// version produces current-schema state.
    /// </summary>
    public override async Task<Proto.UpgradeResourceState.Types.Response> UpgradeResourceState(
        Proto.UpgradeResourceState.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("UpgradeResourceState {TypeName}", request.TypeName);
        var result = new Proto.UpgradeResourceState.Types.Response();
        if (!TryResource(request.TypeName, diagnostics, out var entry))
        {
            AddTo(result.Diagnostics, diagnostics);
            return result;
        }

        var schema = entry.Schema;
        var type = schema.ImpliedType;
        var raw = request.RawState;
        CtyValue? upgraded = null;
        if (raw is null || (raw.Json.IsEmpty && raw.Flatmap.Count == 0))
        {
            upgraded = CtyValue.Null(type);
        }
        else if (raw.Json.IsEmpty)
        {
            diagnostics.AddError("Unsupported state format",
                "The stored state of this resource uses the pre-0.12 flatmap format, which this provider cannot read. Re-import the resource.");
        }
        else if (request.Version == schema.Version)
        {
            try
            {
                upgraded = CtyJson.Decode(raw.Json.Span, type, ignoreUnknownAttributes: true);
            }
            catch (CtyDecodeException e)
            {
                diagnostics.AddError("Invalid stored state", $"The stored state of {request.TypeName} does not match its schema: {e.Message}");
            }
        }
        else if (request.Version > schema.Version)
        {
            diagnostics.AddError("State written by a newer provider",
                $"The state of {request.TypeName} has schema version {request.Version}, but this provider only knows version {schema.Version}. Use a newer provider version.");
        }
        else
        {
            var resource = runtime.NewResource(entry, diagnostics);
            if (resource is not IResourceWithUpgradeState upgradable || !upgradable.StateUpgraders().TryGetValue(request.Version, out var upgrader))
            {
                diagnostics.AddError("Unable to upgrade resource state",
                    $"The provider has no state upgrade for {request.TypeName} from schema version {request.Version} to {schema.Version}.");
            }
            else
            {
                CtyValue? prior = null;
                if (upgrader.PriorSchema is { } priorSchema)
                {
                    try
                    {
                        prior = CtyJson.Decode(raw.Json.Span, priorSchema.ImpliedType, ignoreUnknownAttributes: true);
                    }
                    catch (CtyDecodeException e)
                    {
                        diagnostics.AddError("Invalid stored state", $"The stored state does not match schema version {request.Version}: {e.Message}");
                    }
                }

                if (!diagnostics.HasError)
                {
                    var response = new UpgradeStateResponse();
                    using var cts = Link(context);
                    await GuardAsync("UpgradeResourceState", diagnostics, () => upgrader.Upgrade(new UpgradeStateRequest
                    {
                        FromVersion = request.Version,
                        PriorState = prior,
                        RawStateJson = raw.Json.Memory,
                    }, response, cts.Token)).ConfigureAwait(false);
                    diagnostics.AddRange(response.Diagnostics);
                    if (!diagnostics.HasError && response.State is null)
                    {
                        diagnostics.AddError("Unable to upgrade resource state", "The state upgrader returned no state. This is a bug in the provider.");
                    }

                    upgraded = response.State;
                }
            }
        }

        if (!diagnostics.HasError && upgraded is not null)
        {
            result.UpgradedState = ToProto.DynamicValue(ValueWalk.NullWriteOnly(schema, upgraded), type);
        }

        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
