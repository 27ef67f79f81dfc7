using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Lifecycle;

/// <summary>An addon ClusterResourceSet deleted to change its strategy that was still there when the wait ended.</summary>
/// <param name="Interrupted">The operation was stopped (rather than timing out).</param>
/// <param name="Finalizers">Its finalizers as last seen ("none", or "unknown" when the management cluster did not say).</param>
public sealed record AddonSetReplacementStuck(
    string Namespace, string Name, string FromStrategy, string ToStrategy, string Finalizers, bool Interrupted);

public sealed partial class ClusterLifecycle
{
    /// <summary>
    /// Deletes the addon ClusterResourceSets whose <c>spec.strategy</c> is to change, and waits until they are gone,
    /// so that the apply which follows creates them anew: Cluster API's webhook refuses to change the strategy of an
    /// existing set. The deletion orphans the set's dependents: the CRS controller makes the addon ConfigMap one, and
    /// it must survive to be applied by the new set. CAPI's finalizer unbinds the old set from the cluster's
    /// ClusterResourceSetBinding before the set goes, so the new one applies the manifests again. A set without a
    /// strategy (which the webhook lets be set) and sets no longer configured (pruned after the apply) are left alone.
    /// Returns the set that was not gone before <paramref name="deadline"/>, or null when all went.
    /// </summary>
    public async Task<AddonSetReplacementStuck?> ReplaceAddonSetsWithNewStrategyAsync(
        string ns, string name, RenderedCluster rendered, CancellationToken deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var kind = CapiResources.ClusterResourceSet;
        foreach (var live in await _client.ListAsync(kind, ns, ClusterNaming.OwnSelector(name), cancellationToken).ConfigureAwait(false))
        {
            var crsName = (string)live["metadata"]!["name"]!;
            var liveStrategy = (string?)live["spec"]?["strategy"];
            var wantedStrategy = (string?)rendered.Find(kind.Kind, crsName)?["spec"]?["strategy"];
            if (wantedStrategy is null || string.IsNullOrEmpty(liveStrategy) || liveStrategy == wantedStrategy) continue;

            var uid = (string?)live["metadata"]?["uid"];
            _logger.LogInformation("replacing ClusterResourceSet {Namespace}/{Name}: strategy {From} -> {To}, which Cluster API does not change in place; deleting it (orphaning its ConfigMap) and waiting until it is gone",
                ns, crsName, liveStrategy, wantedStrategy);
            try
            {
                await _client.DeleteAsync(kind, ns, crsName, "Orphan", cancellationToken).ConfigureAwait(false);
                await _client.WaitAsync(kind, ns, crsName, o => o is null || (string?)o["metadata"]?["uid"] != uid,
                    TimeSpan.FromMilliseconds(500), deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                var finalizers = "unknown";
                try
                {
                    var current = await _client.GetAsync(kind, ns, crsName, CancellationToken.None).ConfigureAwait(false);
                    finalizers = current?["metadata"]?["finalizers"] is JsonArray f ? string.Join(", ", f.Select(x => (string?)x)) : "none";
                }
                catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or OperationCanceledException)
                {
                    // Only for the message: the management cluster did not say.
                }

                return new AddonSetReplacementStuck(ns, crsName, liveStrategy, wantedStrategy, finalizers, cancellationToken.IsCancellationRequested);
            }
        }

        return null;
    }
}
