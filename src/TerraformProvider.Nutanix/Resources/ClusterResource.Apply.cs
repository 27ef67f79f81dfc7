using Microsoft.Extensions.Logging;
using Nutanix.Capi.Gateway;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Cluster;
using TerraformProvider.Nutanix.Plumbing;
using Cty = TerraformProvider.Nutanix.Cluster.Cty;

namespace TerraformProvider.Nutanix.Resources;

internal sealed partial class ClusterResource
{
    public async Task CreateAsync(CreateRequest request, CreateResponse response, CancellationToken cancellationToken)
    {
        var context = RequireContext(response.Diagnostics);
        if (context is null) return;
        var config = ClusterConfig.FromCty(request.Plan);
        var account = await LoadAccountAsync(context, config, response.Diagnostics, cancellationToken).ConfigureAwait(false);
        if (account is null) return;
        var lifecycle = Lifecycle(context.GetManagementClient());
        var ns = account.Namespace;
        var id = $"{ns}/{config.Name}";
        var pcgId = Cty.Str(request.Plan, "pcg_id") ?? account.GatewayId;

        var rendered = ClusterSpecMapper.Render(config with { PcgId = pcgId }, ns, pcgId, EndpointOf(account), CredentialsOf(account));
        var manifests = ClusterSpecMapper.RedactedYaml(rendered);

        // One owner per cluster: nothing of another owner is overwritten, and the Cluster is created with a POST
        // (never adopting) before anything else is sent, so of two racing creates exactly one proceeds.
        try
        {
            if (!await CheckNamesAsync(lifecycle.Client, rendered, creating: true, response.Diagnostics, cancellationToken).ConfigureAwait(false)) return;
            var (won, uid) = await ClaimAsync(lifecycle.Client, rendered, response.Diagnostics, cancellationToken).ConfigureAwait(false);
            if (!won) return;
            response.Private = PrivateFor(uid);
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"creating cluster {id}"))
        {
            return;
        }

        // From the first object on something may exist: keep a complete state so a failure or an interruption
        // leaves nothing orphaned (a later refresh drops it again if the Cluster never came into being).
        response.State = WithComputed(request.Plan, id, pcgId, ClusterObservation.Pending, manifests);
        _logger.LogInformation("creating cluster {Id}: applying {Count} objects", id, rendered.Objects.Count);
        try
        {
            // Not cut short by StopProvider: a handful of requests, each bounded by request_timeout, so an
            // interruption never leaves half of the manifests applied; the wait below then stops at once.
            await lifecycle.ApplyAsync(rendered, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"applying the objects of cluster {id}"))
        {
            return;
        }

        var observation = await WaitAsync(lifecycle, ns, config.Name, WaitTargetOf(config),
            TimeoutOf(config.Timeouts?.Create, DefaultCreateTimeout), "create", response.Diagnostics, cancellationToken).ConfigureAwait(false);
        response.State = WithComputed(request.Plan, id, pcgId, observation, manifests);
    }

    public async Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken)
    {
        response.Private = request.Private;
        if (IsStateOnlyUpdate(request.Plan, request.State))
        {
            // Only wait_for/timeouts changed: they steer the provider, nothing on the management cluster changes.
            _logger.LogInformation("cluster {Id}: only wait_for/timeouts changed; updating state without touching the management cluster", request.State["id"].AsString());
            response.State = request.Plan;
            return;
        }

        var context = RequireContext(response.Diagnostics);
        if (context is null) return;
        var config = ClusterConfig.FromCty(request.Plan);
        var prior = ClusterConfig.FromCty(request.State);
        var account = await LoadAccountAsync(context, config, response.Diagnostics, cancellationToken).ConfigureAwait(false);
        if (account is null) return;
        var lifecycle = Lifecycle(context.GetManagementClient());
        var id = request.State["id"].AsString();
        GatewayStore.TryParseId(id, out var ns, out _);
        var pcgId = Cty.Str(request.Plan, "pcg_id");
        var endpoint = EndpointOf(account);
        var credentials = CredentialsOf(account);
        var rendered = ClusterSpecMapper.Render(config, ns, pcgId, endpoint, credentials);
        var manifests = ClusterSpecMapper.RedactedYaml(rendered);
        var timeout = TimeoutOf(config.Timeouts?.Update, DefaultUpdateTimeout);
        try
        {
            if (!await CheckOwnedAsync(lifecycle.Client, ns, config.Name, PrivateUid(request.Private), "update", response.Diagnostics, cancellationToken).ConfigureAwait(false)
                || !await CheckNamesAsync(lifecycle.Client, rendered, creating: false, response.Diagnostics, cancellationToken).ConfigureAwait(false))
            {
                response.State = request.State;
                return;
            }
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"checking the ownership of cluster {id}"))
        {
            response.State = request.State;
            return;
        }

        var upgrade = !StateNormalizer.SameMeaning(config.KubernetesVersion, prior.KubernetesVersion) && (config.WorkerPools?.Count ?? 0) > 0;
        var holdWorkers = upgrade ? ClusterSpecMapper.Render(config with { KubernetesVersion = prior.KubernetesVersion }, ns, pcgId, endpoint, credentials) : null;
        if (upgrade) _logger.LogInformation("upgrading cluster {Id} from {From} to {To}: control plane first", id, prior.KubernetesVersion, config.KubernetesVersion);
        var outcome = await lifecycle.UpdateAsync(ns, config.Name, rendered, holdWorkers, WaitTargetOf(config), timeout,
            observation => response.State = WithComputed(request.Plan, id, pcgId, observation, manifests, request.State), cancellationToken).ConfigureAwait(false);
        if (outcome.StuckAddonSet is { } stuck)
        {
            response.Diagnostics.AddAttributeError(AttributePath.Root("addons"),
                stuck.Interrupted ? $"Interrupted while replacing ClusterResourceSet {stuck.Namespace}/{stuck.Name}" : $"Timed out after {timeout} replacing ClusterResourceSet {stuck.Namespace}/{stuck.Name}",
                $"Its strategy changes from {stuck.FromStrategy} to {stuck.ToStrategy}, which Cluster API only allows by deleting and creating the set again. " +
                $"It was deleted but is still there (finalizers: {stuck.Finalizers}); Cluster API's ClusterResourceSet controller removes its finalizer once it has " +
                "unbound the set from the cluster. The update stopped there, before applying anything else. Check that the CAPI controller runs, then run `terraform apply` again.");
            return;
        }

        if (outcome.Wait is { } wait) Report(wait, ns, config.Name, "update", lifecycle, response.Diagnostics);
        await RememberUidAsync(lifecycle.Client, ns, config.Name, response).ConfigureAwait(false);
    }

    /// <summary>
    /// After an update that (re)applied the Cluster: remember its UID when the private state has none or the Cluster
    /// was missing and has just been created again by this update.
    /// </summary>
    private static async Task RememberUidAsync(ManagementClusterClient client, string ns, string name, UpdateResponse response)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            if (await ClusterOwnership.GetClusterAsync(client, ns, name, cts.Token).ConfigureAwait(false) is { IsOurs: true, Uid: { } uid })
            {
                response.Private = PrivateFor(uid);
            }
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or OperationCanceledException)
        {
            // Kept as it was; the next refresh fills it in.
        }
    }

    /// <summary>The plan with every computed attribute filled in (planned known values are kept).</summary>
    private static CtyValue WithComputed(CtyValue plan, string id, string? pcgId, ClusterObservation observation, string manifests, CtyValue? prior = null)
    {
        var state = plan.WithAttribute("id", CtyValue.String(id)).WithAttribute("manifests", CtyValue.String(manifests));
        if (!state["pcg_id"].IsKnown) state = state.WithAttribute("pcg_id", Cty.String(pcgId));
        foreach (var (name, value) in observation.ToCty())
        {
            if (name == "kubeconfig" && plan[name].IsKnown) continue;
            if (name == "kubeconfig" && value.IsNull && prior?["kubeconfig"] is { IsNull: false } kept)
            {
                state = state.WithAttribute(name, kept);
                continue;
            }

            state = state.WithAttribute(name, value);
        }

        return state;
    }

    private async Task<CloudAccountRecord?> LoadAccountAsync(ProviderContext context, ClusterConfig config, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var account = Secrets.Track(await context.GetGatewayStore().GetCloudAccountAsync(config.CloudAccountId, cancellationToken).ConfigureAwait(false));
        if (account is null)
        {
            diagnostics.AddAttributeError(AttributePath.Root("cloud_account_id"), "Cloud account not found",
                $"cloud_account_id: no cloud account \"{config.CloudAccountId}\" on the management cluster.");
        }

        return account;
    }

    private ClusterLifecycle Lifecycle(ManagementClusterClient client) =>
        new(client, _logger, Timings, _context?.Settings.RequestTimeout ?? ProviderSettings.DefaultRequestTimeout);

    /// <summary>
    /// Waits until the cluster reaches <paramref name="target"/> (see <see cref="ClusterLifecycle.WaitAsync"/>); on
    /// timeout, StopProvider (Ctrl-C), a lost management cluster or a vanished Cluster it adds an error and returns
    /// what was observed, so the caller records the applied state.
    /// </summary>
    internal Task<ClusterObservation> WaitAsync(
        ManagementClusterClient client, string ns, string name, WaitTarget target, TimeSpan timeout, string operation,
        DiagnosticBag diagnostics, CancellationToken cancellationToken) =>
        WaitAsync(Lifecycle(client), ns, name, target, timeout, operation, diagnostics, cancellationToken);

    private async Task<ClusterObservation> WaitAsync(
        ClusterLifecycle lifecycle, string ns, string name, WaitTarget target, TimeSpan timeout, string operation,
        DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var outcome = await lifecycle.WaitAsync(ns, name, target, timeout, cancellationToken).ConfigureAwait(false);
        return Report(outcome, ns, name, operation, lifecycle, diagnostics);
    }

    /// <summary>Adds the error for a wait that did not reach its target, saying what state holds and what to do; returns what was observed.</summary>
    private ClusterObservation Report(WaitOutcome outcome, string ns, string name, string operation, ClusterLifecycle lifecycle, DiagnosticBag diagnostics)
    {
        var id = $"{ns}/{name}";
        var unreachable = outcome.LastError.Length == 0 ? "" : $" The management cluster was not answering at that moment: {outcome.LastError}.";
        switch (outcome.End)
        {
            case WaitEnd.LostContact:
                diagnostics.AddError($"Lost contact with the management cluster while waiting for cluster {id}",
                    $"The management cluster {_context?.DescribeManagementCluster() ?? lifecycle.Client.BaseUri.ToString()} has not answered for " +
                    $"{Duration.Format(TimeSpan.FromSeconds(Math.Round(outcome.Unanswered.TotalSeconds)))} (longer than the provider's request_timeout, {Duration.Format(lifecycle.OutageTolerance)}): {outcome.LastError}. " +
                    $"Last progress before that: {outcome.LastProgress}. {Recorded(operation)} Check that the management cluster's API server is running " +
                    "and reachable from here, then run the command again.");
                break;
            case WaitEnd.Disappeared:
                diagnostics.AddError($"Cluster disappeared during {operation}", $"The Cluster {id} was deleted while waiting for it.");
                break;
            case WaitEnd.TimedOut:
                diagnostics.AddError($"Timed out after {Duration.Format(outcome.Timeout)} waiting for cluster {id} to reach {Describe(outcome.Target)}",
                    $"Last progress: {outcome.LastProgress}.{unreachable} {Recorded(operation)} Raise timeouts.{operation} for slow hardware.");
                break;
            case WaitEnd.Interrupted:
                diagnostics.AddError($"Interrupted while waiting for cluster {id} to reach {Describe(outcome.Target)}",
                    $"Terraform was interrupted (Ctrl-C or another stop request) during the {operation}. Last progress: {outcome.LastProgress}.{unreachable} {Recorded(operation)}");
                break;
        }

        return outcome.Observation;
    }

    /// <summary>What state holds after an unfinished wait, and what the user can do next.</summary>
    private static string Recorded(string operation) => operation == "create"
        ? "The cluster's objects were applied and are recorded in state, so nothing is orphaned, and CAPI keeps provisioning it: " +
          "`terraform apply` resumes from there (Terraform marks an unfinished create as tainted, so apply replaces the cluster), " +
          "`terraform destroy` removes it."
        : $"The {operation} was applied and is recorded in state, and CAPI keeps rolling it out: `terraform apply` checks the cluster again " +
          "and continues, `terraform destroy` removes it.";

    private static string Describe(WaitTarget target) => target switch
    {
        WaitTarget.ControlPlane => "a ready control plane",
        WaitTarget.Ready => "ready (all machines up to date)",
        WaitTarget.ControlPlaneInitialized => "an initialized control plane (ccm.enabled = false: the nodes stay uninitialized)",
        _ => "applied",
    };

    /// <summary>
    /// What create and update wait for: <c>wait_for</c>, except that with <c>ccm.enabled = false</c> anything beyond
    /// <c>none</c> stops at an initialized control plane: without a cloud controller manager no node gets a provider ID,
    /// so no Machine gets a nodeRef or becomes ready and waiting for more would last until the timeout.
    /// </summary>
    internal static WaitTarget WaitTargetOf(ClusterConfig config)
    {
        var target = ParseWaitTarget(config.WaitFor);
        return config.Ccm.Enabled || target == WaitTarget.None ? target : WaitTarget.ControlPlaneInitialized;
    }

    internal static WaitTarget ParseWaitTarget(string? text) => text switch
    {
        "none" => WaitTarget.None,
        "control_plane" => WaitTarget.ControlPlane,
        _ => WaitTarget.Ready,
    };

    private static TimeSpan TimeoutOf(string? text, TimeSpan fallback) =>
        Duration.TryParse(text, out var d) && d > TimeSpan.Zero ? d : fallback;
}
