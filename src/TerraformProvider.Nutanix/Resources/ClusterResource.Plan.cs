using Microsoft.Extensions.Logging;
using Nutanix.Capi.Management;
using Nutanix.Prism;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Cluster;
using TerraformProvider.Nutanix.Plumbing;
using Cty = TerraformProvider.Nutanix.Cluster.Cty;

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
        if (plan.IsNull) return;
        var state = request.State;
        if (!state.IsNull)
        {
            // Semantic equality: "4096Mi" where the state says "4Gi" is no change, so the prior spelling is planned
            // (Terraform accepts the prior value in place of an equivalent configured one).
            plan = StateNormalizer.KeepPriorSpelling(plan, state);
            response.Plan = plan;
            AddStrategyChangeWarnings(plan, state, response.Diagnostics);
        }

        if (_context is not { IsKnown: true } context) return;
        if (Arguments.Any(a => a != "pcg_id" && !plan[a].IsWhollyKnown)) return;
        var config = ClusterConfig.FromCty(plan);
        var diagnostics = response.Diagnostics;

        global::Nutanix.Capi.Gateway.CloudAccountRecord? account;
        try
        {
            account = await context.GetCloudAccountForPlanAsync(config.CloudAccountId, cancellationToken).ConfigureAwait(false);
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

        var referencesChanged = state.IsNull
            || !plan["prism_element_cluster"].Equals(state["prism_element_cluster"])
            || !plan["subnets"].Equals(state["subnets"])
            || !plan["image"].Equals(state["image"]);
        if (referencesChanged)
        {
            try
            {
                await context.CheckPrismReferencesAsync(account, config, diagnostics, cancellationToken).ConfigureAwait(false);
            }
            catch (PrismException ex) when (context.IsCloudAccountChanging(account.Id))
            {
                // The account's credentials or connection change in this same plan (e.g. password_wo_version bumped
                // after a rotation): what is stored now is about to be replaced, so Prism cannot be asked yet.
                // Terraform plans this cluster again during apply, after the account is updated; the checks run then.
                diagnostics.AddAttributeWarning(AttributePath.Root("cloud_account_id"), "Prism references will be checked during apply",
                    $"cloud_account_id: cloud account \"{account.Id}\" is updated in this plan and Prism Central {account.Endpoint} did not accept its current " +
                    $"settings ({ex.Message}). prism_element_cluster, subnets and image are checked when the cluster is planned again during apply, after the account is updated.");
            }
            catch (PrismException ex)
            {
                AddPrismCheckFailure(diagnostics, ex, account);
            }

            if (diagnostics.HasError) return;
        }

        config = ClusterConfig.FromCty(plan);
        var specErrors = global::Nutanix.Capi.Rendering.ClusterSpecValidator.Validate(ClusterSpecMapper.ToSpec(config, account.Namespace, EndpointOf(account), PlaceholderCredentials));
        foreach (var error in specErrors)
        {
            // Each rule the spec breaks, at the attribute it is about.
            diagnostics.AddAttributeError(SpecPaths.ToAttributePath(error.Path), "Invalid cluster definition", error.Message);
        }

        if (specErrors.Count > 0) return;
        try
        {
            var rendered = ClusterSpecMapper.Render(config, account.Namespace, Cty.Str(plan, "pcg_id"), EndpointOf(account), PlaceholderCredentials);
            var yaml = CtyValue.String(ClusterSpecMapper.RedactedYaml(rendered));
            try
            {
                // Names that are taken (a Cluster that exists on create, another owner's object under a derived
                // name) fail the plan, naming both sides, before anything is applied.
                if (!await CheckNamesAsync(context.GetManagementClient(), rendered, creating: false, diagnostics, cancellationToken,
                    planningCreate: state.IsNull, applied: state.IsNull ? null : AppliedNames(state["manifests"])).ConfigureAwait(false)) return;
            }
            catch (Exception ex) when (ErrorDiagnostics.TryAdd(diagnostics, ex, $"checking the names of cluster {id}"))
            {
                return;
            }

            // Nothing but wait_for/timeouts may differ from state: when the rendering is the applied one, the update
            // (if any) stays in state (UpdateAsync skips the management cluster exactly when the planned manifests are
            // the applied ones). The common case, an unchanged cluster, renders as applied at once; otherwise the
            // settings are rendered as the applied manifests recorded them, which only a wait_for/timeouts change
            // makes different. If that rendering differs too, the rendering itself changed (e.g. a provider upgrade):
            // a real update, applying the new settings too.
            var asApplied = false;
            if (ChangesOnlySettings(plan, state))
            {
                asApplied = yaml.Equals(state["manifests"]);
                if (!asApplied && AppliedSettings(state["manifests"]) is { } a)
                {
                    var applied = CtyValue.String(ClusterSpecMapper.RedactedYaml(ClusterSpecMapper.Render(config with { WaitFor = a.WaitFor, Timeouts = a.Timeouts },
                        account.Namespace, Cty.Str(plan, "pcg_id"), EndpointOf(account), PlaceholderCredentials)));
                    asApplied = applied.Equals(state["manifests"]);
                    if (asApplied) yaml = applied;
                }
            }

            if (asApplied)
            {
                foreach (var observed in ObservedAttributes) plan = plan.WithAttribute(observed, state[observed]);
            }

            plan = plan.WithAttribute("manifests", yaml);
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

    /// <summary>The addons kept in the plan whose <c>strategy</c> changes, as (addon, from, to), in key order.</summary>
    internal static IReadOnlyList<(string Addon, string From, string To)> AddonStrategyChanges(CtyValue plan, CtyValue state)
    {
        if (state.IsNull || plan["addons"] is not { IsKnown: true, IsNull: false } planned || state["addons"] is not { IsKnown: true, IsNull: false } prior) return [];
        var changes = new List<(string, string, string)>();
        foreach (var (addon, value) in planned.Entries)
        {
            if (!prior.Entries.TryGetValue(addon, out var before)) continue;
            if (Cty.Str(value, "strategy") is { } to && Cty.Str(before, "strategy") is { } from && to != from) changes.Add((addon, from, to));
        }

        return changes;
    }

    /// <summary>
    /// Says in the plan that a strategy change replaces the addon's ClusterResourceSet (Cluster API refuses to change
    /// it in place) and what the new set does on the workload cluster.
    /// </summary>
    private static void AddStrategyChangeWarnings(CtyValue plan, CtyValue state, Terraform.Plugin.Diagnostics.DiagnosticBag diagnostics)
    {
        var cluster = Cty.Str(plan, "name") ?? Cty.Str(state, "name") ?? "<cluster>";
        foreach (var (addon, from, to) in AddonStrategyChanges(plan, state))
        {
            var effect = to == "Reconcile"
                ? "with Reconcile, objects already there are updated to the manifests, and again whenever the manifests change"
                : "with ApplyOnce, objects already there are left as they are and missing ones are created, once";
            diagnostics.AddAttributeWarning(AttributePath.Root("addons").ElementKey(addon).Attribute("strategy"), "Addon ClusterResourceSet will be replaced",
                $"addons[\"{addon}\"].strategy changes from {from} to {to}. Cluster API does not allow changing the strategy of a ClusterResourceSet, " +
                $"so apply deletes ClusterResourceSet {cluster}-addon-{addon}, waits until Cluster API has released it, and creates it again with the new strategy; " +
                $"the ConfigMap holding the manifests is kept. The new set applies the manifests to the workload cluster again: {effect}. " +
                "Objects removed from the manifests are never deleted from the workload cluster.");
        }
    }

    /// <summary>Arguments that only steer the provider (how long and for what to wait): no CAPI object carries them.</summary>
    private static readonly string[] SettingsArguments = ["wait_for", "timeouts"];

    /// <summary>Computed attributes observed from the live objects; kept from state when nothing is applied.</summary>
    private static readonly string[] ObservedAttributes = ["phase", "control_plane_ready", "infrastructure_ready", "nodes", "kubeconfig"];

    /// <summary>True when every argument except <c>wait_for</c> and <c>timeouts</c> is planned as it is in state.</summary>
    internal static bool ChangesOnlySettings(CtyValue plan, CtyValue state) =>
        !state.IsNull && Arguments.Where(a => !SettingsArguments.Contains(a)).All(a => plan[a].Equals(state[a]));

    /// <summary>
    /// True when an update changes nothing that lives on the management cluster: only <c>wait_for</c>/<c>timeouts</c>
    /// differ and the planned manifests are the applied ones (ModifyPlan keeps them in exactly that case).
    /// </summary>
    internal static bool IsStateOnlyUpdate(CtyValue plan, CtyValue state) =>
        ChangesOnlySettings(plan, state) && plan["manifests"].Equals(state["manifests"]);

    /// <summary>The <c>wait_for</c>/<c>timeouts</c> recorded on the Cluster in applied manifests; null when unreadable.</summary>
    private static (string WaitFor, TimeoutsConfig? Timeouts)? AppliedSettings(CtyValue manifests)
    {
        if (!manifests.IsKnown || manifests.IsNull) return null;
        return global::Nutanix.Capi.Rendering.RenderedCluster.ClusterAnnotationsIn(manifests.AsString()) is { } annotations
            ? ClusterReconstruction.SettingsOf(annotations)
            : null;
    }

    /// <summary>A Prism Central failure while checking the references, pointed at the account and what fixes it.</summary>
    private static void AddPrismCheckFailure(Terraform.Plugin.Diagnostics.DiagnosticBag diagnostics, PrismException ex, global::Nutanix.Capi.Gateway.CloudAccountRecord account)
    {
        var (secret, version) = account.UsesApiKey ? ("api_key_wo", "api_key_wo_version") : ("password_wo", "password_wo_version");
        var detail = ex.Kind switch
        {
            PrismErrorKind.Unauthorized =>
                $"cloud_account_id: the credentials stored in cloud account \"{account.Id}\" no longer work: {ex.Message} " +
                $"Until they do, prism_element_cluster, subnets and image cannot be checked. If the {(account.UsesApiKey ? "API key" : "password")} was changed in Prism Central, " +
                $"set the new one in {secret} of that nutanix_cloud_account and bump its {version} (in this same apply is fine).",
            PrismErrorKind.Forbidden =>
                $"cloud_account_id: the user of cloud account \"{account.Id}\" may not read clusters, subnets and images: {ex.Message} " +
                "Grant it read access in Prism Central, or use an account that has it.",
            _ => $"cloud_account_id: Prism Central {account.Endpoint} of cloud account \"{account.Id}\" could not be queried to check prism_element_cluster, subnets and image: {ex.Message}",
        };
        diagnostics.AddAttributeError(AttributePath.Root("cloud_account_id"), "Cannot check the Prism references", detail);
    }
}
