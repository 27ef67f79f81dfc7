using Grpc.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Resources;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

public sealed partial class ProviderService
{
    public override async Task<Proto.PlanResourceChange.Types.Response> PlanResourceChange(
        Proto.PlanResourceChange.Types.Request request, ServerCallContext context)
    {
        var diagnostics = new DiagnosticBag();
        logger.LogDebug("PlanResourceChange {TypeName}", request.TypeName);
        var result = new Proto.PlanResourceChange.Types.Response { PlannedPrivate = request.PriorPrivate };
        if (!TryResource(request.TypeName, diagnostics, out var entry))
        {
            AddTo(result.Diagnostics, diagnostics);
            return result;
        }

        var schema = entry.Schema;
        var type = schema.ImpliedType;
        if (!TryDecode(request.PriorState, type, "prior state", diagnostics, out var prior)
            || !TryDecode(request.ProposedNewState, type, "proposed new state", diagnostics, out var proposed)
            || !TryDecode(request.Config, type, "configuration", diagnostics, out var config))
        {
            AddTo(result.Diagnostics, diagnostics);
            return result;
        }

        // Destroy: nothing to plan (only reached if Terraform plans destroys through us).
        if (proposed.IsNull)
        {
            result.PlannedState = ToProto.DynamicValue(proposed, type);
            AddTo(result.Diagnostics, diagnostics);
            return result;
        }

        var (planned, planner) = ResourcePlanner.Plan(schema, config, prior, proposed);
        diagnostics.AddRange(planner.Diagnostics);
        var requiresReplace = planner.RequiresReplace;

        var resource = runtime.NewResource(entry, diagnostics);
        if (!diagnostics.HasError && resource is IResourceWithModifyPlan modifying)
        {
            var response = new ModifyPlanResponse(planned, requiresReplace);
            using var cts = Link(context);
            await GuardAsync("ModifyPlan", diagnostics, () => modifying.ModifyPlanAsync(
                new ModifyPlanRequest { Config = config, State = prior, Plan = planned }, response, cts.Token)).ConfigureAwait(false);
            diagnostics.AddRange(response.Diagnostics);
            planned = ValueWalk.NullWriteOnly(schema, response.Plan);
            requiresReplace = response.RequiresReplace;
        }

        if (!diagnostics.HasError)
        {
            result.PlannedState = ToProto.DynamicValue(planned, type);
            foreach (var path in requiresReplace.Distinct()) result.RequiresReplace.Add(ToProto.Path(path));
        }

        AddTo(result.Diagnostics, diagnostics);
        return result;
    }
}
