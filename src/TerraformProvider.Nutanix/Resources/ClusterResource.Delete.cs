using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Gateway;
using Nutanix.Capi.Management;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Resources;
using TerraformProvider.Nutanix.Cluster;
using Cty = TerraformProvider.Nutanix.Cluster.Cty;

namespace TerraformProvider.Nutanix.Resources;

internal sealed partial class ClusterResource
{
    /// <summary>
    /// Deletes the Cluster (CAPI cascades to machines and VMs), waits until the Cluster, its Machines and
    /// NutanixMachines are gone, then removes the remaining rendered objects. On timeout the error names each object
    /// still present and the finalizers holding it.
    /// </summary>
    public async Task DeleteAsync(DeleteRequest request, DeleteResponse response, CancellationToken cancellationToken)
    {
        var context = RequireContext(response.Diagnostics);
        if (context is null) return;
        var id = request.State["id"].AsString();
        if (!GatewayStore.TryParseId(id, out var ns, out var name))
        {
            response.Diagnostics.AddError("Invalid cluster ID", $"\"{id}\" is not \"<namespace>/<name>\".");
            return;
        }

        var timeouts = request.State["timeouts"];
        var timeout = TimeoutOf(timeouts.IsNull ? null : Cty.Str(timeouts, "delete"), DefaultDeleteTimeout);
        var client = context.GetManagementClient();
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var selector = $"{ClusterRenderer.ClusterNameLabel}={name}";
        var ownSelector = $"{selector},{ClusterRenderer.ManagedByLabel}={ClusterRenderer.ManagedByValue}";
        IReadOnlyList<JsonObject> remaining = [];
        var lastSummary = "";
        var timings = Timings;
        var pacer = new WaitPacer(timings);
        ClusterChangeWatch? watch = null;
        try
        {
            if (await client.DeleteAsync(CapiTypes.Cluster, ns, name, "Background", linked.Token).ConfigureAwait(false))
            {
                _logger.LogInformation("deleting cluster {Id}", id);
            }

            var leftoversDeleted = false;
            while (true)
            {
                pacer.ReadStarting(watch);
                remaining = await RemainingAsync(client, ns, name, selector, ownSelector, linked.Token).ConfigureAwait(false);
                var machines = remaining.Count(o => (string?)o["kind"] is "Machine" or "NutanixMachine");
                var clusterLeft = remaining.Any(o => (string?)o["kind"] == "Cluster");
                if (remaining.Count == 0) break;
                if (!clusterLeft && machines == 0 && !leftoversDeleted)
                {
                    // CAPI is done; remove what it does not own (templates, addons, the credentials copy).
                    foreach (var obj in remaining)
                    {
                        if (CapiTypes.ForKind((string?)obj["kind"] ?? "") is { } resource)
                        {
                            await client.DeleteAsync(resource, ns, (string)obj["metadata"]!["name"]!, "Background", linked.Token).ConfigureAwait(false);
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
                watch ??= timings.Watch ? ClusterChangeWatch.Start(client, ns, name, ClusterChangeWatch.Watched(remaining), timings, _logger, linked.Token) : null;
                await pacer.PauseAsync(watch, linked.Token).ConfigureAwait(false);
            }

            _logger.LogInformation("cluster {Id} deleted", id);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            var blocked = string.Join("; ", remaining.Take(10).Select(DescribeBlocked));
            response.Diagnostics.AddError(
                deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? $"Timed out after {Duration.Format(timeout)} deleting cluster {id}" : $"Interrupted while deleting cluster {id}",
                remaining.Count == 0
                    ? "Deletion was requested; nothing was observed yet."
                    : $"Still present: {blocked}{(remaining.Count > 10 ? $" (and {remaining.Count - 10} more)" : "")}. " +
                      "An object whose finalizer stays is waiting for its controller (CAPI/CAPX) — check the controller logs on the management cluster, " +
                      "or remove the finalizer by hand if the controller is gone. Run `terraform destroy` again to resume.");
        }
        finally
        {
            if (watch is not null) await watch.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<JsonObject>> RemainingAsync(
        ManagementClusterClient client, string ns, string name, string selector, string ownSelector, CancellationToken cancellationToken)
    {
        // All at once: the answers are independent.
        var clusterTask = client.GetAsync(CapiTypes.Cluster, ns, name, cancellationToken);
        var lists = new List<Task<IReadOnlyList<JsonObject>>>
        {
            client.ListAsync(CapiTypes.Machine, ns, selector, cancellationToken),
            client.ListAsync(CapiTypes.NutanixMachine, ns, selector, cancellationToken),
        };
        lists.AddRange(CapiTypes.Rendered.Select(r => client.ListAsync(r.Resource, ns, ownSelector, cancellationToken)));
        await Task.WhenAll([clusterTask, .. lists]).ConfigureAwait(false);
        var result = new List<JsonObject>();
        if (await clusterTask.ConfigureAwait(false) is { } cluster)
        {
            cluster["kind"] ??= "Cluster";
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
