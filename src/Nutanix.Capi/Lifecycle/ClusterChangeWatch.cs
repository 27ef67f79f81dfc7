using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Lifecycle;

/// <summary>
/// Wakes a create/update/delete wait when one of the cluster's objects changes, so readiness is noticed when it
/// happens instead of at the next poll. Watches (<c>?watch=true</c>) the Cluster (field selector
/// <c>metadata.name</c>) and its KubeadmControlPlane, MachineDeployments and Machines (label
/// <c>cluster.x-k8s.io/cluster-name</c>). The watches start at the server's current state, which it sends first as
/// an ADDED event per object: those whose resourceVersion is the one the wait's read saw (<c>known</c>) are not
/// changes and do not wake the wait, anything newer does. (Starting each watch at the read's own resourceVersion
/// would need one per resource — the Cluster's is not a valid start for a Machine watch served from the apiserver's
/// watch cache, which may answer "too large resource version".) A stream the server ends (timeoutSeconds) resumes
/// from the last event or bookmark; 410 Gone (that version is older than the server's history) restarts from the
/// current state and wakes the wait, since changes may have been missed. Opening a watch is retried by the client
/// like any request (429/5xx, connection failures: jittered backoff within request_timeout); a failure that outlasts
/// that, or a stream that breaks, wakes the wait (its own read tells an outage from a blip) and the watch is opened
/// again after <see cref="WaitTimings.WatchRetry"/>. A watch the server refuses (403, 404, 405, 400:
/// RBAC without <c>watch</c>, an API without watch support) is dropped for the rest of the wait: the wait's poll
/// remains the safety net.
/// </summary>
public sealed class ClusterChangeWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly List<Task> _loops = [];
    private readonly ILogger _logger;
    private readonly string _id;
    private readonly WaitTimings _timings;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _known;
    private TaskCompletionSource _changed = NewSignal();
    private int _events;

    private ClusterChangeWatch(
        ManagementClusterClient client, string ns, string name, IEnumerable<(ApiResource Resource, JsonObject Object)> known, WaitTimings timings, ILogger logger,
        CancellationToken cancellationToken)
    {
        _logger = logger;
        _known = new(StringComparer.Ordinal);
        foreach (var (resource, obj) in known)
        {
            if (Key(resource, obj) is { } key && (string?)obj["metadata"]?["resourceVersion"] is { } rv) _known[key] = rv;
        }

        _timings = timings;
        _id = $"{ns}/{name}";
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var byLabel = ClusterNaming.ClusterSelector(name);
        Watches =
        [
            (CapiResources.Cluster, null, $"metadata.name={name}"),
            (CapiResources.KubeadmControlPlane, byLabel, null),
            (CapiResources.MachineDeployment, byLabel, null),
            (CapiResources.Machine, byLabel, null),
        ];
        foreach (var (resource, labels, fields) in Watches)
        {
            _loops.Add(Task.Run(() => RunAsync(client, resource, ns, labels, fields, _stop.Token), CancellationToken.None));
        }
    }

    /// <summary>What is watched: resource, label selector, field selector.</summary>
    public IReadOnlyList<(ApiResource Resource, string? Labels, string? Fields)> Watches { get; }

    /// <summary>How many changes (events with a resourceVersion not seen before) have arrived.</summary>
    public int EventCount => Volatile.Read(ref _events);

    /// <summary>
    /// Starts watching; <paramref name="known"/> are the objects the wait has read (their resourceVersion counts): the
    /// server's initial events for them are not changes.
    /// </summary>
    public static ClusterChangeWatch Start(
        ManagementClusterClient client, string ns, string name, IEnumerable<(ApiResource Resource, JsonObject Object)> known, WaitTimings timings, ILogger logger,
        CancellationToken cancellationToken) =>
        new(client, ns, name, known, timings, logger, cancellationToken);

    /// <summary>The watched objects of a read.</summary>
    public static IEnumerable<(ApiResource Resource, JsonObject Object)> Watched(LiveCluster live)
    {
        yield return (CapiResources.Cluster, live.Cluster);
        if (live.ControlPlane is { } kcp) yield return (CapiResources.KubeadmControlPlane, kcp);
        foreach (var md in live.MachineDeployments) yield return (CapiResources.MachineDeployment, md);
        foreach (var m in live.Machines) yield return (CapiResources.Machine, m);
    }

    private static readonly CapiKind[] WatchedKinds =
        [CapiResources.Cluster, CapiResources.KubeadmControlPlane, CapiResources.MachineDeployment, CapiResources.Machine];

    /// <summary>The watched objects among <paramref name="objects"/> (by their kind).</summary>
    public static IEnumerable<(ApiResource Resource, JsonObject Object)> Watched(IEnumerable<JsonObject> objects)
    {
        foreach (var obj in objects)
        {
            var kind = (string?)obj["kind"];
            var resource = WatchedKinds.FirstOrDefault(k => k.Kind == kind);
            if (resource is not null) yield return (resource.Resource, obj);
        }
    }

    private static string? Key(ApiResource resource, JsonObject obj) =>
        (string?)obj["metadata"]?["name"] is { } name ? $"{resource.Plural}/{name}" : null;

    /// <summary>
    /// Completes when something changed since the last <see cref="Reset"/> (at once if that already happened), when
    /// <paramref name="timeout"/> passes, or throws when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var changed = Volatile.Read(ref _changed).Task;
        if (changed.IsCompleted) return true;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, cts.Token);
        var first = await Task.WhenAny(changed, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return first == changed;
    }

    /// <summary>Forgets the changes seen so far: call right before reading the cluster, so later changes wake the next wait.</summary>
    public void Reset()
    {
        if (Volatile.Read(ref _changed).Task.IsCompleted) Interlocked.Exchange(ref _changed, NewSignal());
    }

    /// <summary>False for an object at the resourceVersion already known (the server's initial events); records the new one.</summary>
    private bool IsChange(ApiResource resource, WatchEvent e)
    {
        if (Key(resource, e.Object) is not { } key || e.ResourceVersion is not { } rv) return true;
        if (e.Type == "DELETED")
        {
            _known.TryRemove(key, out _);
            return true;
        }

        if (_known.TryGetValue(key, out var seen) && seen == rv) return false;
        _known[key] = rv;
        return true;
    }

    private void Notify() => Volatile.Read(ref _changed).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync(ManagementClusterClient client, ApiResource resource, string ns, string? labels, string? fields, CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var failed = false;
            try
            {
                await foreach (var e in client.WatchAsync(resource, ns, labels, fields, resourceVersion, _timings.WatchTimeout, cancellationToken).ConfigureAwait(false))
                {
                    resourceVersion = e.ResourceVersion ?? resourceVersion;
                    if (e.Type == "BOOKMARK" || !IsChange(resource, e)) continue;
                    Interlocked.Increment(ref _events);
                    Notify();
                }

                // The server closed the stream (timeoutSeconds): resume from the last version seen.
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped (the wait ended): whatever the cancellation surfaced as.
                return;
            }
            catch (KubernetesApiException ex) when (ex.StatusCode == HttpStatusCode.Gone && resourceVersion is not null)
            {
                // Too old a version: start over from the current state (an ADDED event per object, which wakes the wait).
                _logger.LogDebug("watch of {Resource} for cluster {Id}: {Error}; restarting from the current state", resource.Plural, _id, ex.Message);
                resourceVersion = null;
                Notify();
                continue;
            }
            catch (KubernetesApiException ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest)
            {
                _logger.LogDebug("cannot watch {Resource} for cluster {Id} ({Error}); polling instead", resource.Plural, _id, ex.Message);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // 5xx/429 or no connection for longer than the client's retries, a broken or stalled stream: let the wait
                // read now (it tells an outage from a blip), and open the watch again.
                _logger.LogDebug("watch of {Resource} for cluster {Id} failed: {Error}", resource.Plural, _id, ex.Message);
                Notify();
                failed = true;
            }

            if (failed)
            {
                // The client has already retried opening the watch with backoff for the whole request_timeout (or the
                // stream broke after it opened): pause briefly so a server that keeps breaking streams is not hammered.
                try
                {
                    await Task.Delay(_timings.WatchRetry, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        // The loops end on cancellation and handle their own failures; nothing of theirs reaches the wait.
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
