using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Management;

/// <summary>
/// A short-lived, read-only snapshot of the management cluster for refreshes: the first read of a kind in a namespace
/// lists that kind there once (paged, as <see cref="ManagementClusterClient.ListAsync"/> does), and every later read of
/// the kind in the namespace, by name or by the cluster label, is answered from that list — the way controller-runtime's
/// informers serve reads from a list instead of one GET per object. A refresh of N clusters then costs one LIST per
/// kind instead of about a dozen requests per cluster.
/// <para>
/// What can be trusted, and what falls back to a direct read:
/// <list type="bullet">
/// <item>The Cluster API kinds are listed whole (no selector), so an object missing from the list did not exist when
/// it was taken — except for <see cref="CapiResources.Cluster"/> itself: a missing Cluster removes a resource from
/// state, so that one answer is always confirmed with a direct GET.</item>
/// <item>ConfigMaps and Secrets are listed with the cluster label only (<c>cluster.x-k8s.io/cluster-name</c>), so
/// unrelated ones never leave the server; of Secrets, only the clusters' kubeconfig Secrets are kept (the CA and key
/// Secrets in the same list are dropped as they arrive). A name missing from those lists is read directly (it may be
/// unlabelled).</item>
/// <item>A list that fails (no <c>list</c> permission, a fault that outlasted the retries) is not retried at once:
/// that kind is read directly, object by object, until <see cref="MaxAge"/> has passed.</item>
/// <item>A snapshot lives <see cref="MaxAge"/> (30 s by default) from the moment its list completed, and
/// <see cref="Invalidate"/> (called after any write) drops them all.</item>
/// </list>
/// Objects are handed out as copies: callers may change what they get.
/// </para>
/// </summary>
public sealed class ManagementReadCache : IKubeObjectReader
{
    /// <summary>How long a listed snapshot serves reads.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(30);

    private static readonly HashSet<ApiResource> WholeKinds =
    [
        CapiResources.Cluster, CapiResources.NutanixCluster, CapiResources.KubeadmControlPlane, CapiResources.MachineDeployment,
        CapiResources.Machine, CapiResources.NutanixMachine, CapiResources.MachineHealthCheck, CapiResources.ClusterResourceSet,
        CapiResources.NutanixMachineTemplate, CapiResources.KubeadmConfigTemplate,
    ];

    private static readonly HashSet<ApiResource> LabelledKinds = [CapiResources.ConfigMap, CapiResources.Secret];

    private readonly IKubeObjectReader _server;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(ApiResource Resource, string Namespace), Lazy<Task<Snapshot>>> _snapshots = new();

    public ManagementReadCache(IKubeObjectReader server, TimeProvider? time = null, ILogger? logger = null, TimeSpan? maxAge = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        MaxAge = maxAge ?? DefaultMaxAge;
    }

    public TimeSpan MaxAge { get; }

    /// <summary>How many lists the cache has sent (for tests and logs).</summary>
    public int ListsSent => _listsSent;

    private int _listsSent;

    /// <summary>Drops every snapshot: the next read of each kind lists it again.</summary>
    public void Invalidate() => _snapshots.Clear();

    public async Task<JsonObject?> GetAsync(ApiResource resource, string? ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (string.IsNullOrEmpty(ns) || !IsCached(resource)) return await _server.GetAsync(resource, ns, name, cancellationToken).ConfigureAwait(false);
        var snapshot = await SnapshotAsync(resource, ns, cancellationToken).ConfigureAwait(false);
        if (snapshot is not null && snapshot.ByName!.TryGetValue(name, out var found)) return found.DeepClone().AsObject();
        if (snapshot is not null && WholeKinds.Contains(resource) && resource != CapiResources.Cluster) return null;
        return await _server.GetAsync(resource, ns, name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(ApiResource resource, string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var wanted = EqualityLabels(labelSelector);
        // Served from a snapshot only when the snapshot holds every object the selector can match: a whole kind, or a
        // labelled kind asked for objects of one cluster. Secrets are kept only in part (the kubeconfigs), so a list of
        // them is never answered from the snapshot.
        var servable = !string.IsNullOrEmpty(ns) && wanted is not null && IsCached(resource) && resource != CapiResources.Secret
            && (WholeKinds.Contains(resource) || wanted.ContainsKey(ClusterNaming.ClusterNameLabel));
        if (!servable) return await _server.ListAsync(resource, ns, labelSelector, cancellationToken).ConfigureAwait(false);
        var snapshot = await SnapshotAsync(resource, ns!, cancellationToken).ConfigureAwait(false);
        if (snapshot is null) return await _server.ListAsync(resource, ns, labelSelector, cancellationToken).ConfigureAwait(false);

        return snapshot.ByName!.Values.Where(o => Matches(o, wanted!)).Select(o => o.DeepClone().AsObject()).ToList();
    }

    private static bool IsCached(ApiResource resource) => WholeKinds.Contains(resource) || LabelledKinds.Contains(resource);

    private async Task<Snapshot?> SnapshotAsync(ApiResource resource, string ns, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = _snapshots.GetOrAdd((resource, ns), key => new Lazy<Task<Snapshot>>(() => LoadAsync(key.Resource, key.Namespace)));
            var snapshot = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_time.GetUtcNow() - snapshot.TakenAt <= MaxAge) return snapshot.ByName is null ? null : snapshot;
            // Too old: replaced by a fresh list (only one caller replaces it; the others find the new one).
            ((ICollection<KeyValuePair<(ApiResource, string), Lazy<Task<Snapshot>>>>)_snapshots).Remove(new((resource, ns), lazy));
        }
    }

    private async Task<Snapshot> LoadAsync(ApiResource resource, string ns)
    {
        Interlocked.Increment(ref _listsSent);
        try
        {
            // Not tied to one caller's cancellation: the list serves every caller waiting for it.
            var selector = LabelledKinds.Contains(resource) ? ClusterNaming.ClusterNameLabel : null;
            var items = await _server.ListAsync(resource, ns, selector, CancellationToken.None).ConfigureAwait(false);
            var byName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                if ((string?)item["metadata"]?["name"] is not { } name) continue;
                if (resource == CapiResources.Secret && !IsKubeconfigSecret(name, item)) continue;
                byName[name] = item;
            }

            _logger.LogDebug("listed {Count} {Resource} in {Namespace} for reads", byName.Count, resource.Plural, ns);
            return new Snapshot(byName, _time.GetUtcNow());
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException or OperationCanceledException or ManagementClusterUnavailableException)
        {
            _logger.LogDebug("listing {Resource} in {Namespace} failed ({Error}); reading them one by one", resource.Plural, ns, e.Message);
            return new Snapshot(null, _time.GetUtcNow());
        }
    }

    private static bool IsKubeconfigSecret(string name, JsonObject secret) =>
        name.EndsWith("-kubeconfig", StringComparison.Ordinal) && (string?)secret["type"] == "cluster.x-k8s.io/secret";

    /// <summary>A selector of <c>k=v</c> terms as a map; null when it uses any other form (served directly).</summary>
    private static Dictionary<string, string>? EqualityLabels(string? selector)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(selector)) return result;
        foreach (var term in selector.Split(','))
        {
            var t = term.Trim();
            var eq = t.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || t.Contains("!=", StringComparison.Ordinal)) return null;
            var key = t[..eq].Trim();
            var value = t[(eq + 1)..].TrimStart('=').Trim();
            if (key.Contains(' ', StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal)) return null;
            result[key] = value;
        }

        return result;
    }

    private static bool Matches(JsonObject o, Dictionary<string, string> wanted)
    {
        var labels = o["metadata"]?["labels"] as JsonObject;
        foreach (var (k, v) in wanted)
        {
            if (labels?[k] is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.String || (string?)value != v) return false;
        }

        return true;
    }

    /// <summary>A listed kind; <see cref="ByName"/> null when the list failed (read directly until it expires).</summary>
    private sealed record Snapshot(Dictionary<string, JsonObject>? ByName, DateTimeOffset TakenAt);
}
