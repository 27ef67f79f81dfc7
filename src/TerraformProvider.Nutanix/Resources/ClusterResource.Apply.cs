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

        // From the first object on something may exist: keep a complete state so a failure or an interruption
        // leaves nothing orphaned (a later refresh drops it again if the Cluster never came into being).
        response.State = WithComputed(request.Plan, id, pcgId, ClusterObservation.Pending, manifests);
        _logger.LogInformation("creating cluster {Id}: applying {Count} objects", id, rendered.Manifests.Count);
        try
        {
            // Not cut short by StopProvider: a handful of requests, each bounded by request_timeout, so an
            // interruption never leaves half of the manifests applied; the wait below then stops at once.
            await ApplyAsync(client, rendered.Manifests, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"applying the objects of cluster {id}"))
        {
            return;
        }

        var observation = await WaitAsync(client, ns, config.Name, ClusterProgress.ParseTarget(config.WaitFor),
            TimeoutOf(config.Timeouts?.Create, DefaultCreateTimeout), "create", response.Diagnostics, cancellationToken).ConfigureAwait(false);
        response.State = WithComputed(request.Plan, id, pcgId, observation, manifests);
    }

    public async Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken)
    {
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

        if (!await ReplaceAddonSetsWithNewStrategyAsync(client, ns, config.Name, rendered, timeout, response.Diagnostics, linked.Token, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

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
        var account = Secrets.Track(await context.GetGatewayStore().GetCloudAccountAsync(config.CloudAccountId, cancellationToken).ConfigureAwait(false));
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

    /// <summary>
    /// Deletes the addon ClusterResourceSets whose <c>spec.strategy</c> is to change, and waits until they are gone,
    /// so that the apply which follows creates them anew: Cluster API's webhook refuses to change the strategy of an
    /// existing set. The deletion orphans the set's dependents: the CRS controller makes the addon ConfigMap one, and
    /// it must survive to be applied by the new set. CAPI's finalizer unbinds the old set from the cluster's
    /// ClusterResourceSetBinding before the set goes, so the new one applies the manifests again. A set without a
    /// strategy (which the webhook lets be set) and sets no longer configured (pruned after the apply) are left alone.
    /// Returns false, with an error diagnostic, when a set is not gone before the update timeout.
    /// </summary>
    private async Task<bool> ReplaceAddonSetsWithNewStrategyAsync(
        ManagementClusterClient client, string ns, string name, RenderedCluster rendered, TimeSpan timeout, DiagnosticBag diagnostics,
        CancellationToken deadline, CancellationToken cancellationToken)
    {
        var selector = $"{ClusterRenderer.ClusterNameLabel}={name},{ClusterRenderer.ManagedByLabel}={ClusterRenderer.ManagedByValue}";
        foreach (var live in await client.ListAsync(CapiTypes.ClusterResourceSet, ns, selector, cancellationToken).ConfigureAwait(false))
        {
            var crsName = (string)live["metadata"]!["name"]!;
            var liveStrategy = (string?)live["spec"]?["strategy"];
            var wantedStrategy = (string?)rendered.Find("ClusterResourceSet", crsName)?["spec"]?["strategy"];
            if (wantedStrategy is null || string.IsNullOrEmpty(liveStrategy) || liveStrategy == wantedStrategy) continue;

            var uid = (string?)live["metadata"]?["uid"];
            _logger.LogInformation("replacing ClusterResourceSet {Namespace}/{Name}: strategy {From} -> {To}, which Cluster API does not change in place; deleting it (orphaning its ConfigMap) and waiting until it is gone",
                ns, crsName, liveStrategy, wantedStrategy);
            try
            {
                await client.DeleteAsync(CapiTypes.ClusterResourceSet, ns, crsName, "Orphan", cancellationToken).ConfigureAwait(false);
                await client.WaitAsync(CapiTypes.ClusterResourceSet, ns, crsName, o => o is null || (string?)o["metadata"]?["uid"] != uid,
                    TimeSpan.FromMilliseconds(500), deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                var finalizers = "unknown";
                try
                {
                    var current = await client.GetAsync(CapiTypes.ClusterResourceSet, ns, crsName, CancellationToken.None).ConfigureAwait(false);
                    finalizers = current?["metadata"]?["finalizers"] is JsonArray f ? string.Join(", ", f.Select(x => (string?)x)) : "none";
                }
                catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or OperationCanceledException)
                {
                    // Only for the message: the management cluster did not say.
                }

                diagnostics.AddAttributeError(AttributePath.Root("addons"),
                    cancellationToken.IsCancellationRequested ? $"Interrupted while replacing ClusterResourceSet {ns}/{crsName}" : $"Timed out after {timeout} replacing ClusterResourceSet {ns}/{crsName}",
                    $"Its strategy changes from {liveStrategy} to {wantedStrategy}, which Cluster API only allows by deleting and creating the set again. " +
                    $"It was deleted but is still there (finalizers: {finalizers}); Cluster API's ClusterResourceSet controller removes its finalizer once it has " +
                    "unbound the set from the cluster. The update stopped there, before applying anything else. Check that the CAPI controller runs, then run `terraform apply` again.");
                return false;
            }
        }

        return true;
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
    /// Waits until the cluster reaches <paramref name="target"/>, logging progress at INFO. The cluster is read again
    /// when one of its objects changes (<see cref="ClusterChangeWatch"/>) or after a poll delay growing from
    /// <see cref="WaitTimings.FirstPoll"/> to <see cref="WaitTimings.Poll"/> (the safety net, and all there is where the
    /// management cluster refuses watches). The management cluster may fail to answer (connection errors, 5xx, 429,
    /// request timeouts) for up to the provider's request_timeout in a row — an API server restart — before the wait
    /// gives up. On timeout, StopProvider (Ctrl-C) or a lost management cluster it adds an error and returns what was
    /// observed, so the caller records the applied state.
    /// </summary>
    internal async Task<ClusterObservation> WaitAsync(
        ManagementClusterClient client, string ns, string name, WaitTarget target, TimeSpan timeout, string operation,
        DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var id = $"{ns}/{name}";
        var outageTolerance = _context?.Settings.RequestTimeout ?? ProviderSettings.DefaultRequestTimeout;
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var lastSummary = "nothing observed yet";
        var lastLogged = DateTimeOffset.MinValue;
        var lastObserved = ClusterObservation.Pending;
        DateTimeOffset? unreachableSince = null;
        var lastError = "";
        var timings = Timings;
        var pacer = new WaitPacer(timings);
        ClusterChangeWatch? watch = null;
        try
        {
            while (true)
            {
                LiveCluster? live;
                var asked = DateTimeOffset.UtcNow;
                pacer.ReadStarting(watch);
                try
                {
                    live = await LiveCluster.FetchAsync(client, ns, name, linked.Token, LiveClusterParts.Status).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransient(ex, linked.Token))
                {
                    // Counted from the first unanswered request, so a silently dropping API also gives up after the tolerance.
                    var now = DateTimeOffset.UtcNow;
                    unreachableSince ??= asked;
                    if (lastError.Length == 0) _logger.LogWarning("management cluster not answering while waiting for cluster {Id}: {Error}; retrying for up to {Tolerance}", id, Describe(ex), Duration.Format(outageTolerance));
                    lastError = Describe(ex);
                    if (now - unreachableSince.Value >= outageTolerance)
                    {
                        diagnostics.AddError($"Lost contact with the management cluster while waiting for cluster {id}",
                            $"The management cluster {_context?.DescribeManagementCluster() ?? client.BaseUri.ToString()} has not answered for " +
                            $"{Duration.Format(TimeSpan.FromSeconds(Math.Round((now - unreachableSince.Value).TotalSeconds)))} (longer than the provider's request_timeout, {Duration.Format(outageTolerance)}): {lastError}. " +
                            $"Last progress before that: {lastSummary}. {Recorded(operation)} Check that the management cluster's API server is running " +
                            "and reachable from here, then run the command again.");
                        return lastObserved;
                    }

                    await Task.Delay(timings.Poll, linked.Token).ConfigureAwait(false);
                    continue;
                }

                if (unreachableSince is not null)
                {
                    _logger.LogInformation("management cluster answers again after {Elapsed}", Duration.Format(TimeSpan.FromSeconds(Math.Round((DateTimeOffset.UtcNow - unreachableSince.Value).TotalSeconds))));
                    unreachableSince = null;
                    lastError = "";
                }

                if (live is null)
                {
                    diagnostics.AddError($"Cluster disappeared during {operation}", $"The Cluster {id} was deleted while waiting for it.");
                    return ClusterObservation.Pending;
                }

                lastObserved = ClusterReconstruction.Observe(live);
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
                    return lastObserved;
                }

                // Watching from this first complete read on: any later change wakes the next read.
                watch ??= timings.Watch ? ClusterChangeWatch.Start(client, ns, name, ClusterChangeWatch.Watched(live), timings, _logger, linked.Token) : null;
                await pacer.PauseAsync(watch, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            var unreachable = lastError.Length == 0 ? "" : $" The management cluster was not answering at that moment: {lastError}.";
            if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                diagnostics.AddError($"Timed out after {Duration.Format(timeout)} waiting for cluster {id} to reach {Describe(target)}",
                    $"Last progress: {lastSummary}.{unreachable} {Recorded(operation)} Raise timeouts.{operation} for slow hardware.");
            }
            else
            {
                _logger.LogInformation("stop requested while waiting for cluster {Id}; returning the applied state", id);
                diagnostics.AddError($"Interrupted while waiting for cluster {id} to reach {Describe(target)}",
                    $"Terraform was interrupted (Ctrl-C or another stop request) during the {operation}. Last progress: {lastSummary}.{unreachable} {Recorded(operation)}");
            }

            return await ObserveAsync(client, ns, name, lastObserved).ConfigureAwait(false);
        }
        finally
        {
            if (watch is not null) await watch.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What state holds after an unfinished wait, and what the user can do next.</summary>
    private static string Recorded(string operation) => operation == "create"
        ? "The cluster's objects were applied and are recorded in state, so nothing is orphaned, and CAPI keeps provisioning it: " +
          "`terraform apply` resumes from there (Terraform marks an unfinished create as tainted, so apply replaces the cluster), " +
          "`terraform destroy` removes it."
        : $"The {operation} was applied and is recorded in state, and CAPI keeps rolling it out: `terraform apply` checks the cluster again " +
          "and continues, `terraform destroy` removes it.";

    /// <summary>A failure of the management cluster that may pass: no answer, a 5xx or 429, or a request timeout.</summary>
    private static bool IsTransient(Exception ex, CancellationToken waitToken) => ex switch
    {
        HttpRequestException => true,
        KubernetesApiException k => (int)k.StatusCode >= 500 || k.StatusCode == System.Net.HttpStatusCode.TooManyRequests,
        OperationCanceledException => !waitToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// The failure in words of our own: the native build carries no framework message texts (only resource keys
    /// such as <c>net_http_ssl_connection_failed</c>), so the error kind and socket error are named instead.
    /// </summary>
    private static string Describe(Exception ex)
    {
        if (ex is OperationCanceledException) return "the request timed out";
        if (ex is not HttpRequestException h) return ex.Message;
        var what = h.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "could not connect",
            HttpRequestError.SecureConnectionError => "the TLS connection failed",
            HttpRequestError.NameResolutionError => "the host name did not resolve",
            HttpRequestError.ResponseEnded => "the connection closed before an answer",
            HttpRequestError.ProxyTunnelError => "the proxy tunnel failed",
            _ => "the request failed",
        };
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException socket) return $"{what} ({socket.SocketErrorCode})";
        }

        return what;
    }

    /// <summary>
    /// Observes the cluster with a short token of its own (the operation's token may already be cancelled);
    /// <paramref name="fallback"/> when the management cluster does not answer.
    /// </summary>
    private static async Task<ClusterObservation> ObserveAsync(ManagementClusterClient client, string ns, string name, ClusterObservation? fallback = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var live = await LiveCluster.FetchAsync(client, ns, name, cts.Token, LiveClusterParts.Status).ConfigureAwait(false);
            return live is null ? ClusterObservation.Pending : ClusterReconstruction.Observe(live);
        }
        catch (Exception ex) when (ex is OperationCanceledException or KubernetesApiException or HttpRequestException)
        {
            return fallback ?? ClusterObservation.Pending;
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
