using System.Net;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Management;
using Nutanix.Capi.Rendering;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// Wakes a create/update wait when one of the cluster's objects changes, so readiness is noticed when it happens
/// instead of at the next poll. Watches (<c>?watch=true</c>) the Cluster (field selector <c>metadata.name</c>) and its
/// KubeadmControlPlane, MachineDeployments and Machines (label <c>cluster.x-k8s.io/cluster-name</c>) from the
/// resourceVersion of the wait's first read. A stream the server ends (timeoutSeconds) resumes from the last
/// event or bookmark; 410 Gone (version older than the server's history) restarts from the current state and wakes
/// the wait, since changes may have been missed; other failures wake the wait too (so its own request notices an
/// outage) and retry with a growing delay. A watch the server refuses (403, 404, 405: RBAC without <c>watch</c>, an
/// API without watch support) is dropped for the rest of the wait: the wait's poll remains the safety net.
/// </summary>
internal sealed class ClusterChangeWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly List<Task> _loops = [];
    private readonly ILogger _logger;
    private readonly string _id;
    private readonly WaitTimings _timings;
    private TaskCompletionSource _changed = NewSignal();
    private int _events;

    private ClusterChangeWatch(
        ManagementClusterClient client, string ns, string name, string? resourceVersion, WaitTimings timings, ILogger logger, CancellationToken cancellationToken)
    {
        _logger = logger;
        _timings = timings;
        _id = $"{ns}/{name}";
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var byLabel = $"{ClusterRenderer.ClusterNameLabel}={name}";
        Watches =
        [
            (CapiTypes.Cluster, null, $"metadata.name={name}"),
            (CapiTypes.KubeadmControlPlane, byLabel, null),
            (CapiTypes.MachineDeployment, byLabel, null),
            (CapiTypes.Machine, byLabel, null),
        ];
        foreach (var (resource, labels, fields) in Watches)
        {
            _loops.Add(Task.Run(() => RunAsync(client, resource, ns, labels, fields, resourceVersion, _stop.Token), CancellationToken.None));
        }
    }

    /// <summary>What is watched: resource, label selector, field selector.</summary>
    internal IReadOnlyList<(ApiResource Resource, string? Labels, string? Fields)> Watches { get; }

    /// <summary>How many watch events (bookmarks excluded) have arrived.</summary>
    public int EventCount => Volatile.Read(ref _events);

    /// <summary>Starts watching from <paramref name="resourceVersion"/> (the earliest read the wait has evaluated).</summary>
    public static ClusterChangeWatch Start(
        ManagementClusterClient client, string ns, string name, string? resourceVersion, WaitTimings timings, ILogger logger, CancellationToken cancellationToken) =>
        new(client, ns, name, resourceVersion, timings, logger, cancellationToken);

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

    private void Notify() => Volatile.Read(ref _changed).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync(ManagementClusterClient client, ApiResource resource, string ns, string? labels, string? fields, string? resourceVersion, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in client.WatchAsync(resource, ns, labels, fields, resourceVersion, _timings.WatchTimeout, cancellationToken).ConfigureAwait(false))
                {
                    failures = 0;
                    resourceVersion = e.ResourceVersion ?? resourceVersion;
                    if (e.Type == "BOOKMARK") continue;
                    Interlocked.Increment(ref _events);
                    Notify();
                }

                // The server closed the stream (timeoutSeconds): resume from the last version seen.
                failures = 0;
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
                // Connection lost, 5xx/429, a stalled stream: let the wait read now (it tells an outage from a blip),
                // and open the watch again after a while.
                _logger.LogDebug("watch of {Resource} for cluster {Id} failed: {Error}", resource.Plural, _id, ex.Message);
                Notify();
                failures++;
            }

            if (failures > 0)
            {
                var delay = TimeSpan.FromTicks(Math.Min(_timings.MaxWatchRetry.Ticks, _timings.WatchRetry.Ticks * (1L << Math.Min(failures - 1, 16))));
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
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
