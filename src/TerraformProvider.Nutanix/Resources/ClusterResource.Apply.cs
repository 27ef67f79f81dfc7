using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Gateway;
using Nutanix.Capi.Management;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Cluster;
using Cty = TerraformProvider.Nutanix.Cluster.Cty;
using TerraformProvider.Nutanix.Plumbing;

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
        var client = context.GetManagementClient();
        var ns = account.Namespace;
        var id = $"{ns}/{config.Name}";
        var pcgId = Cty.Str(request.Plan, "pcg_id") ?? account.GatewayId;

        if (await client.GetAsync(CapiTypes.Cluster, ns, config.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            response.Diagnostics.AddAttributeError(AttributePath.Root("name"), "Cluster already exists",
                $"A Cluster \"{id}\" already exists on the management cluster. Import it (import {{ id = \"{id}\" }}) or choose another name.");
            return;
        }

        var rendered = ClusterSpecMapper.Render(config with { PcgId = pcgId }, ns, pcgId, EndpointOf(account), CredentialsOf(account));
        var manifests = ClusterSpecMapper.RedactedYaml(rendered);
        _logger.LogInformation("creating cluster {Id}: applying {Count} objects", id, rendered.Manifests.Count);
        await ApplyAsync(client, rendered.Manifests, cancellationToken).ConfigureAwait(false);

        // From here on the objects exist: keep a complete state so a failed wait leaves nothing orphaned.
        response.State = WithComputed(request.Plan, id, pcgId, ClusterObservation.Pending, manifests);
        var observation = await WaitAsync(client, ns, config.Name, ClusterProgress.ParseTarget(config.WaitFor),
            TimeoutOf(config.Timeouts?.Create, DefaultCreateTimeout), "create", response.Diagnostics, cancellationToken).ConfigureAwait(false);
        response.State = WithComputed(request.Plan, id, pcgId, observation, manifests);
    }

    public async Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken)
    {
        var context = RequireContext(response.Diagnostics);
        if (context is null) return;
        var config = ClusterConfig.FromCty(request.Plan);
        var prior = ClusterConfig.FromCty(request.State);
        var account = await LoadAccountAsync(context, config, response.Diagnostics, cancellationToken).ConfigureAwait(false);
        if (account is null) return;
        var client = context.GetManagementClient();
        var id = request.State["id"].AsString();
        GatewayStore.TryParseId(id, out var ns, out _);
        var pcgId = Cty.Str(request.Plan, "pcg_id");
        var endpoint = EndpointOf(account);
        var credentials = CredentialsOf(account);
        var rendered = ClusterSpecMapper.Render(config, ns, pcgId, endpoint, credentials);
        var manifests = ClusterSpecMapper.RedactedYaml(rendered);
        var timeout = TimeoutOf(config.Timeouts?.Update, DefaultUpdateTimeout);
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        var upgrade = !StateNormalizer.SameMeaning(config.KubernetesVersion, prior.KubernetesVersion) && (config.WorkerPools?.Count ?? 0) > 0;
        if (upgrade)
        {
            // Kubernetes upgrades go control plane first: workers keep their version until the control plane rolled.
            var holdWorkers = ClusterSpecMapper.Render(config with { KubernetesVersion = prior.KubernetesVersion }, ns, pcgId, endpoint, credentials);
            var first = rendered.Manifests.Select(m => (string?)m["kind"] == "MachineDeployment"
                ? holdWorkers.Find("MachineDeployment", (string)m["metadata"]!["name"]!) ?? m
                : m).ToList();
            _logger.LogInformation("upgrading cluster {Id} from {From} to {To}: control plane first", id, prior.KubernetesVersion, config.KubernetesVersion);
            await ApplyAsync(client, first, cancellationToken).ConfigureAwait(false);
            await PruneRemovedAsync(client, ns, config.Name, rendered, cancellationToken).ConfigureAwait(false);
            response.State = WithComputed(request.Plan, id, pcgId, await ObserveAsync(client, ns, config.Name).ConfigureAwait(false), manifests, request.State);
            var cp = await WaitAsync(client, ns, config.Name, WaitTarget.ControlPlane, timeout, "update", response.Diagnostics, linked.Token).ConfigureAwait(false);
            response.State = WithComputed(request.Plan, id, pcgId, cp, manifests, request.State);
            if (response.Diagnostics.HasError) return;
        }

        _logger.LogInformation("updating cluster {Id}: applying {Count} objects", id, rendered.Manifests.Count);
        await ApplyAsync(client, rendered.Manifests, cancellationToken).ConfigureAwait(false);
        await PruneRemovedAsync(client, ns, config.Name, rendered, cancellationToken).ConfigureAwait(false);
        response.State = WithComputed(request.Plan, id, pcgId, await ObserveAsync(client, ns, config.Name).ConfigureAwait(false), manifests, request.State);
        var observation = await WaitAsync(client, ns, config.Name, ClusterProgress.ParseTarget(config.WaitFor), timeout, "update", response.Diagnostics, linked.Token).ConfigureAwait(false);
        response.State = WithComputed(request.Plan, id, pcgId, observation, manifests, request.State);
        if (!response.Diagnostics.HasError)
        {
            await PruneUnusedTemplatesAsync(client, ns, config.Name, rendered, cancellationToken).ConfigureAwait(false);
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
        var account = await context.GetGatewayStore().GetCloudAccountAsync(config.CloudAccountId, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            diagnostics.AddAttributeError(AttributePath.Root("cloud_account_id"), "Cloud account not found",
                $"cloud_account_id: no cloud account \"{config.CloudAccountId}\" on the management cluster.");
        }

        return account;
    }

    /// <summary>Server-side applies the manifests in order with our field manager, forcing ownership of our fields.</summary>
    private async Task ApplyAsync(ManagementClusterClient client, IEnumerable<JsonObject> manifests, CancellationToken cancellationToken)
    {
        foreach (var manifest in manifests)
        {
            await client.ApplyAsync(manifest.DeepClone().AsObject(), force: true, cancellationToken).ConfigureAwait(false);
            _logger.LogDebug("applied {Kind} {Name}", (string?)manifest["kind"], (string?)manifest["metadata"]?["name"]);
        }
    }

    /// <summary>Deletes worker pools and addons that are no longer configured.</summary>
    private async Task PruneRemovedAsync(ManagementClusterClient client, string ns, string name, RenderedCluster rendered, CancellationToken cancellationToken)
    {
        var selector = $"{ClusterRenderer.ClusterNameLabel}={name},{ClusterRenderer.ManagedByLabel}={ClusterRenderer.ManagedByValue}";
        foreach (var (kind, resource) in new[] { ("MachineDeployment", CapiTypes.MachineDeployment), ("ClusterResourceSet", CapiTypes.ClusterResourceSet), ("ConfigMap", CapiTypes.ConfigMap) })
        {
            foreach (var obj in await client.ListAsync(resource, ns, selector, cancellationToken).ConfigureAwait(false))
            {
                var objName = (string)obj["metadata"]!["name"]!;
                if (rendered.Find(kind, objName) is not null) continue;
                if (kind == "ConfigMap" && !objName.StartsWith(name + "-addon-", StringComparison.Ordinal)) continue;
                _logger.LogInformation("removing {Kind} {Namespace}/{Name} (no longer configured)", kind, ns, objName);
                await client.DeleteAsync(resource, ns, objName, "Background", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes machine and bootstrap templates of earlier revisions once nothing references them.</summary>
    private async Task PruneUnusedTemplatesAsync(ManagementClusterClient client, string ns, string name, RenderedCluster rendered, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in await client.ListAsync(CapiTypes.MachineSet, ns, $"{ClusterRenderer.ClusterNameLabel}={name}", cancellationToken).ConfigureAwait(false))
        {
            if ((string?)set["spec"]?["template"]?["spec"]?["infrastructureRef"]?["name"] is { } i) referenced.Add(i);
            if ((string?)set["spec"]?["template"]?["spec"]?["bootstrap"]?["configRef"]?["name"] is { } b) referenced.Add(b);
        }

        foreach (var machine in await client.ListAsync(CapiTypes.Machine, ns, $"{ClusterRenderer.ClusterNameLabel}={name}", cancellationToken).ConfigureAwait(false))
        {
            if ((string?)machine["metadata"]?["annotations"]?["cluster.x-k8s.io/cloned-from-name"] is { } t) referenced.Add(t);
        }

        var selector = $"{ClusterRenderer.ClusterNameLabel}={name},{ClusterRenderer.ManagedByLabel}={ClusterRenderer.ManagedByValue}";
        foreach (var (kind, resource) in new[] { ("NutanixMachineTemplate", CapiTypes.NutanixMachineTemplate), ("KubeadmConfigTemplate", CapiTypes.KubeadmConfigTemplate) })
        {
            foreach (var obj in await client.ListAsync(resource, ns, selector, cancellationToken).ConfigureAwait(false))
            {
                var objName = (string)obj["metadata"]!["name"]!;
                if (rendered.Find(kind, objName) is not null || referenced.Contains(objName)) continue;
                _logger.LogInformation("removing unused {Kind} {Namespace}/{Name}", kind, ns, objName);
                await client.DeleteAsync(resource, ns, objName, "Background", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Polls until the cluster reaches <paramref name="target"/>, logging progress at INFO. On timeout or
    /// StopProvider it adds an error and returns what was observed, so the caller records the applied state.
    /// </summary>
    private async Task<ClusterObservation> WaitAsync(
        ManagementClusterClient client, string ns, string name, WaitTarget target, TimeSpan timeout, string operation,
        DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var id = $"{ns}/{name}";
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var lastSummary = "nothing observed yet";
        var lastLogged = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                var live = await LiveCluster.FetchAsync(client, ns, name, linked.Token).ConfigureAwait(false);
                if (live is null)
                {
                    diagnostics.AddError($"Cluster disappeared during {operation}", $"The Cluster {id} was deleted while waiting for it.");
                    return ClusterObservation.Pending;
                }

                var (done, summary) = ClusterProgress.Evaluate(live, target);
                if (summary != lastSummary || DateTimeOffset.UtcNow - lastLogged > TimeSpan.FromSeconds(30))
                {
                    _logger.LogInformation("waiting for cluster {Id} ({Target}): {Progress}", id, target, summary);
                    lastSummary = summary;
                    lastLogged = DateTimeOffset.UtcNow;
                }

                if (done)
                {
                    _logger.LogInformation("cluster {Id} reached {Target}: {Progress}", id, target, summary);
                    return ClusterReconstruction.Observe(live);
                }

                await Task.Delay(PollInterval, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            var why = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                ? $"Timed out after {timeout} waiting for cluster {id} to reach {Describe(target)}"
                : $"Interrupted while waiting for cluster {id} to reach {Describe(target)}";
            diagnostics.AddError(why,
                $"Last progress: {lastSummary}. The objects were applied and are recorded in state, so nothing is orphaned: " +
                $"`terraform apply` continues (the cluster is tainted after a failed create and will be replaced), `terraform destroy` removes it. " +
                $"Raise timeouts.{operation} for slow hardware.");
            return await ObserveAsync(client, ns, name).ConfigureAwait(false);
        }
    }

    /// <summary>Observes the cluster with a short token of its own (the operation's token may already be cancelled).</summary>
    private static async Task<ClusterObservation> ObserveAsync(ManagementClusterClient client, string ns, string name)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var live = await LiveCluster.FetchAsync(client, ns, name, cts.Token).ConfigureAwait(false);
            return live is null ? ClusterObservation.Pending : ClusterReconstruction.Observe(live);
        }
        catch (Exception ex) when (ex is OperationCanceledException or KubernetesApiException or HttpRequestException)
        {
            return ClusterObservation.Pending;
        }
    }

    private static string Describe(WaitTarget target) => target switch
    {
        WaitTarget.ControlPlane => "a ready control plane",
        WaitTarget.Ready => "ready (all machines up to date)",
        _ => "applied",
    };

    private static TimeSpan TimeoutOf(string? text, TimeSpan fallback) =>
        Duration.TryParse(text, out var d) && d > TimeSpan.Zero ? d : fallback;
}
