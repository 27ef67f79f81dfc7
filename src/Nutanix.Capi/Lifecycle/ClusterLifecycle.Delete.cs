using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Lifecycle;

/// <summary>How a deletion ended; <see cref="Remaining"/> describes (at most ten of) the objects still present, with their finalizers.</summary>
public sealed record DeleteOutcome(WaitEnd End, int RemainingCount, IReadOnlyList<string> Remaining)
{
    public bool Deleted => End == WaitEnd.Reached;
}

public sealed partial class ClusterLifecycle
{
    /// <summary>
    /// Deletes the Cluster (CAPI cascades to machines and VMs), waits until the Cluster, its Machines and
    /// NutanixMachines are gone, then removes the remaining rendered objects (templates, addons, the credentials
    /// copy), which CAPI does not own. On timeout or cancellation the outcome names the objects still present.
    /// </summary>
    /// <param name="uid">When known, the UID the Cluster must have: sent as a DeleteOptions precondition, so a
    /// same-named Cluster created by someone else in the meantime is not deleted (the API server answers 409).</param>
    public async Task<DeleteOutcome> DeleteAsync(string ns, string name, TimeSpan timeout, CancellationToken cancellationToken, string? uid = null)
    {
        var id = $"{ns}/{name}";
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        IReadOnlyList<JsonObject> remaining = [];
        var lastSummary = "";
        var pacer = new WaitPacer(_timings);
        ClusterChangeWatch? watch = null;
        try
        {
            if (uid is null
                    ? await _client.DeleteAsync(CapiResources.Cluster, ns, name, "Background", linked.Token).ConfigureAwait(false)
                    : await _client.DeleteAsync(CapiResources.Cluster, ns, name, "Background", uid, linked.Token).ConfigureAwait(false))
            {
                _logger.LogInformation("deleting cluster {Id}", id);
            }

            var leftoversDeleted = false;
            while (true)
            {
                pacer.ReadStarting(watch);
                remaining = await RemainingAsync(ns, name, linked.Token).ConfigureAwait(false);
                var machines = remaining.Count(o => (string?)o["kind"] is "Machine" or "NutanixMachine");
                var clusterLeft = remaining.Any(o => (string?)o["kind"] == CapiResources.Cluster.Kind);
                if (remaining.Count == 0) break;
                if (!clusterLeft && machines == 0 && !leftoversDeleted)
                {
                    // CAPI is done; remove what it does not own (templates, addons, the credentials copy).
                    foreach (var obj in remaining)
                    {
                        if (CapiResources.ForKind((string?)obj["kind"] ?? "") is { } resource)
                        {
                            await _client.DeleteAsync(resource, ns, (string)obj["metadata"]!["name"]!, "Background", linked.Token).ConfigureAwait(false);
                        }
                    }

                    leftoversDeleted = true;
                    pacer.PollSoon();
                }

                var summary = $"{(clusterLeft ? "Cluster deleting, " : "")}{machines} machine objects, {remaining.Count} objects left";
                if (summary != lastSummary)
                {
                    _logger.LogInformation("waiting for cluster {Id} to be deleted: {Progress}", id, summary);
                    lastSummary = summary;
                }

                // Woken when the Cluster or its machines change (see WaitAsync), else polled with a growing delay.
                watch ??= _timings.Watch ? ClusterChangeWatch.Start(_client, ns, name, ClusterChangeWatch.Watched(remaining), _timings, _logger, linked.Token) : null;
                await pacer.PauseAsync(watch, linked.Token).ConfigureAwait(false);
            }

            _logger.LogInformation("cluster {Id} deleted", id);
            return new DeleteOutcome(WaitEnd.Reached, 0, []);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            var end = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? WaitEnd.TimedOut : WaitEnd.Interrupted;
            return new DeleteOutcome(end, remaining.Count, remaining.Take(10).Select(DescribeBlocked).ToList());
        }
        finally
        {
            if (watch is not null) await watch.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<JsonObject>> RemainingAsync(string ns, string name, CancellationToken cancellationToken)
    {
        // All at once: the answers are independent.
        var selector = ClusterNaming.ClusterSelector(name);
        var clusterTask = _client.GetAsync(CapiResources.Cluster, ns, name, cancellationToken);
        var lists = new List<Task<IReadOnlyList<JsonObject>>>
        {
            _client.ListAsync(CapiResources.Machine, ns, selector, cancellationToken),
            _client.ListAsync(CapiResources.NutanixMachine, ns, selector, cancellationToken),
        };
        lists.AddRange(CapiResources.Rendered.Select(r => _client.ListAsync(r, ns, ClusterNaming.OwnSelector(name), cancellationToken)));
        await Task.WhenAll([clusterTask, .. lists]).ConfigureAwait(false);
        var result = new List<JsonObject>();
        if (await clusterTask.ConfigureAwait(false) is { } cluster)
        {
            cluster["kind"] ??= CapiResources.Cluster.Kind;
            result.Add(cluster);
        }

        foreach (var list in lists) result.AddRange(await list.ConfigureAwait(false));
        return result;
    }

    private static string DescribeBlocked(JsonObject obj)
    {
        var kind = (string?)obj["kind"] ?? "object";
        var name = $"{(string?)obj["metadata"]?["namespace"]}/{(string?)obj["metadata"]?["name"]}";
        var finalizers = (obj["metadata"]?["finalizers"] as JsonArray)?.Select(f => (string?)f).OfType<string>().ToList() ?? [];
        var deleting = obj["metadata"]?["deletionTimestamp"] is not null;
        return finalizers.Count > 0
            ? $"{kind} {name} (finalizers: {string.Join(", ", finalizers)}{(deleting ? "" : "; not yet marked for deletion")})"
            : $"{kind} {name}{(deleting ? " (being deleted)" : "")}";
    }
}
