using Microsoft.Extensions.Logging;
using Nutanix.Capi.Management;
using Nutanix.Prism;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Cluster;
using Cty = TerraformProvider.Nutanix.Cluster.Cty;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.Resources;

internal sealed partial class ClusterResource
{
    /// <summary>
    /// Resolves the cloud account (and gateway), checks the Prism references when they are new or changed, and plans
    /// <c>id</c>, <c>pcg_id</c> and the rendered <c>manifests</c> so the plan shows what will be applied.
    /// </summary>
    public async Task ModifyPlanAsync(ModifyPlanRequest request, ModifyPlanResponse response, CancellationToken cancellationToken)
    {
        var plan = request.Plan;
        if (plan.IsNull || _context is not { IsKnown: true } context) return;
        if (Arguments.Any(a => a != "pcg_id" && !plan[a].IsWhollyKnown)) return;
        var config = ClusterConfig.FromCty(plan);
        var diagnostics = response.Diagnostics;

        global::Nutanix.Capi.Gateway.CloudAccountRecord? account;
        try
        {
            account = await context.GetGatewayStore().GetCloudAccountAsync(config.CloudAccountId, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderConfigurationException ex)
        {
            diagnostics.AddError(ex.Summary, ex.Detail);
            return;
        }
        catch (KubernetesApiException ex)
        {
            diagnostics.AddAttributeError(AttributePath.Root("cloud_account_id"), "Cannot read the cloud account", $"cloud_account_id \"{config.CloudAccountId}\": {ex.Message}");
            return;
        }

        if (account is null)
        {
            diagnostics.AddAttributeError(AttributePath.Root("cloud_account_id"), "Cloud account not found",
                $"cloud_account_id: no cloud account \"{config.CloudAccountId}\" on the management cluster (expected \"<namespace>/<name>\" of a nutanix_cloud_account).");
            return;
        }

        var pcgId = account.GatewayId;
        var pcgConfig = request.Config["pcg_id"];
        if (pcgConfig is { IsKnown: true, IsNull: false } && pcgId is not null && pcgConfig.AsString() != pcgId)
        {
            diagnostics.AddAttributeError(AttributePath.Root("pcg_id"), "Gateway does not match the cloud account",
                $"pcg_id \"{pcgConfig.AsString()}\" differs from the gateway of cloud account \"{account.Id}\" (\"{pcgId}\"); omit pcg_id or use \"{pcgId}\".");
            return;
        }

        if (!plan["pcg_id"].IsKnown) plan = plan.WithAttribute("pcg_id", Cty.String(pcgConfig is { IsKnown: true, IsNull: false } ? pcgConfig.AsString() : pcgId));
        var id = $"{account.Namespace}/{config.Name}";
        if (!plan["id"].IsKnown) plan = plan.WithAttribute("id", CtyValue.String(id));

        var state = request.State;
        var referencesChanged = state.IsNull
            || !plan["prism_element_cluster"].Equals(state["prism_element_cluster"])
            || !plan["subnets"].Equals(state["subnets"])
            || !plan["image"].Equals(state["image"]);
        if (referencesChanged)
        {
            try
            {
                using var prism = context.CreatePrismClient(account);
                await PrismPlanChecks.CheckAsync(prism, config, diagnostics, cancellationToken).ConfigureAwait(false);
            }
            catch (PrismException ex)
            {
                diagnostics.AddError("Cannot check the Prism references", $"Prism Central {account.Endpoint} of cloud account \"{account.Id}\" could not be queried to check prism_element_cluster, subnets and image: {ex.Message}");
            }

            if (diagnostics.HasError) return;
        }

        try
        {
            config = ClusterConfig.FromCty(plan);
            var rendered = ClusterSpecMapper.Render(config, account.Namespace, Cty.Str(plan, "pcg_id"), EndpointOf(account), PlaceholderCredentials);
            plan = plan.WithAttribute("manifests", CtyValue.String(ClusterSpecMapper.RedactedYaml(rendered)));
        }
        catch (ArgumentException ex)
        {
            diagnostics.AddError("Invalid cluster definition", ex.Message);
            return;
        }

        if (!state.IsNull && plan["kubeconfig"] is { IsKnown: false } && state["kubeconfig"] is { IsNull: false } kubeconfig
            && plan["control_plane"]["endpoint_ip"].Equals(state["control_plane"]["endpoint_ip"]))
        {
            // The admin kubeconfig survives in-place updates (same CA, same endpoint).
            plan = plan.WithAttribute("kubeconfig", kubeconfig);
        }

        _logger.LogDebug("planned cluster {Id}", id);
        response.Plan = plan;
    }
}
