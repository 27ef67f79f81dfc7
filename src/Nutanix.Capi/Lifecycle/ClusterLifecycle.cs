using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Lifecycle;

/// <summary>
/// What happens to a workload cluster on the management cluster: server-side apply of its rendered objects in order,
/// pruning of what is no longer configured, replacement of addon ClusterResourceSets whose strategy changes,
/// control-plane-first Kubernetes upgrades, waits for readiness (woken by <see cref="ClusterChangeWatch"/>) and
/// deletion. Outcomes are returned as values; the caller words them for its user. The parts live in
/// <c>ClusterLifecycle.*.cs</c>.
/// </summary>
public sealed partial class ClusterLifecycle
{
    private readonly ManagementClusterClient _client;
    private readonly ILogger _logger;
    private readonly WaitTimings _timings;
    private readonly TimeSpan _outageTolerance;

    /// <param name="client">The management cluster.</param>
    /// <param name="logger">Progress at INFO, each applied object at DEBUG.</param>
    /// <param name="timings">How waits pace their reads.</param>
    /// <param name="outageTolerance">How long a wait tolerates the management cluster not answering before it gives up.</param>
    public ClusterLifecycle(ManagementClusterClient client, ILogger logger, WaitTimings timings, TimeSpan outageTolerance)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timings);
        _client = client;
        _logger = logger;
        _timings = timings;
        _outageTolerance = outageTolerance;
    }

    public ManagementClusterClient Client => _client;

    /// <summary>True when a Cluster of that name exists.</summary>
    public async Task<bool> ExistsAsync(string ns, string name, CancellationToken cancellationToken) =>
        await _client.GetAsync(CapiResources.Cluster, ns, name, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Server-side applies a rendered cluster's objects in their order (a create: nothing to hold back).</summary>
    public Task ApplyAsync(RenderedCluster rendered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        return ApplyAsync(rendered.Manifests, cancellationToken);
    }

    /// <summary>Server-side applies the manifests in order with our field manager, forcing ownership of our fields.</summary>
    public async Task ApplyAsync(IEnumerable<JsonObject> manifests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        foreach (var manifest in manifests)
        {
            await _client.ApplyAsync(manifest.DeepClone().AsObject(), force: true, cancellationToken).ConfigureAwait(false);
            _logger.LogDebug("applied {Kind} {Name}", (string?)manifest["kind"], (string?)manifest["metadata"]?["name"]);
        }
    }

    /// <summary>
    /// The manifests of the first step of a Kubernetes upgrade: everything as <paramref name="target"/> renders it,
    /// except the MachineDeployments, which keep the version <paramref name="holdWorkers"/> (the same cluster at the
    /// prior version) renders: workers move only once the control plane has rolled.
    /// </summary>
    public static IReadOnlyList<JsonObject> ControlPlaneFirst(RenderedCluster target, RenderedCluster holdWorkers)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(holdWorkers);
        return target.Manifests.Select(m => (string?)m["kind"] == CapiResources.MachineDeployment.Kind
            ? holdWorkers.Find(CapiResources.MachineDeployment.Kind, (string)m["metadata"]!["name"]!) ?? m
            : m).ToList();
    }

    /// <summary>
    /// Observes the cluster with a short token of its own (the operation's token may already be cancelled);
    /// <paramref name="fallback"/> when the management cluster does not answer.
    /// </summary>
    public async Task<ClusterObservation> ObserveAsync(string ns, string name, ClusterObservation? fallback = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var live = await LiveCluster.FetchAsync(_client, ns, name, cts.Token, LiveClusterParts.Status).ConfigureAwait(false);
            return live is null ? ClusterObservation.Pending : ClusterObservation.Of(live);
        }
        catch (Exception ex) when (ex is OperationCanceledException or KubernetesApiException or HttpRequestException)
        {
            return fallback ?? ClusterObservation.Pending;
        }
    }
}
