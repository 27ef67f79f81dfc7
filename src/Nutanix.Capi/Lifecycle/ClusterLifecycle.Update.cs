using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Lifecycle;

/// <summary>How an update ended: a stuck addon set replacement (nothing else applied), or the last wait's outcome.</summary>
public sealed record UpdateOutcome(AddonSetReplacementStuck? StuckAddonSet, WaitOutcome? Wait);

public sealed partial class ClusterLifecycle
{
    /// <summary>
    /// Brings a live cluster to <paramref name="rendered"/>: replaces addon sets whose strategy changes; for a
    /// Kubernetes upgrade (<paramref name="holdWorkers"/>: the same cluster rendered at the prior version) applies the
    /// control plane first and waits until it has rolled; then applies everything, prunes what is no longer
    /// configured, waits for <paramref name="target"/> and, once reached, deletes templates nothing uses any more.
    /// <paramref name="record"/> is called with what is observed after each apply and each wait, so the caller can
    /// keep state current. Everything is bounded by <paramref name="timeout"/>. Each apply sends referenced objects
    /// before the objects that reference them (<see cref="ReferencedFirst"/>), so an update cut short at any write never
    /// leaves a KubeadmControlPlane or MachineDeployment pointing at a template that does not exist.
    /// </summary>
    public async Task<UpdateOutcome> UpdateAsync(
        string ns, string name, RenderedCluster rendered, RenderedCluster? holdWorkers, WaitTarget target, TimeSpan timeout,
        Action<ClusterObservation> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(record);
        var id = $"{ns}/{name}";
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        if (await ReplaceAddonSetsWithNewStrategyAsync(ns, name, rendered, linked.Token, cancellationToken).ConfigureAwait(false) is { } stuck)
        {
            return new UpdateOutcome(stuck, null);
        }

        if (holdWorkers is not null)
        {
            // Kubernetes upgrades go control plane first: workers keep their version until the control plane rolled.
            await ApplyAsync(ReferencedFirst(ControlPlaneFirst(rendered, holdWorkers)), cancellationToken).ConfigureAwait(false);
            await PruneRemovedAsync(ns, name, rendered, cancellationToken).ConfigureAwait(false);
            record(await ObserveAsync(ns, name).ConfigureAwait(false));
            // Without a cloud controller manager the control plane never becomes ready: the first step waits as far as the last.
            var cp = await WaitAsync(ns, name, target == WaitTarget.ControlPlaneInitialized ? target : WaitTarget.ControlPlane, timeout, linked.Token).ConfigureAwait(false);
            record(cp.Observation);
            if (!cp.Reached) return new UpdateOutcome(null, cp);
        }

        _logger.LogInformation("updating cluster {Id}: applying {Count} objects", id, rendered.Manifests.Count);
        await ApplyAsync(ReferencedFirst(rendered.Manifests), cancellationToken).ConfigureAwait(false);
        await PruneRemovedAsync(ns, name, rendered, cancellationToken).ConfigureAwait(false);
        record(await ObserveAsync(ns, name).ConfigureAwait(false));
        var outcome = await WaitAsync(ns, name, target, timeout, linked.Token).ConfigureAwait(false);
        record(outcome.Observation);
        if (outcome.Reached)
        {
            await PruneUnusedTemplatesAsync(ns, name, rendered, cancellationToken).ConfigureAwait(false);
        }

        return new UpdateOutcome(null, outcome);
    }

    /// <summary>Kinds that other objects of a cluster reference by name: Secrets and ConfigMaps (credentials, trust
    /// bundle, addons), bootstrap and machine templates.</summary>
    private static readonly string[] ReferencedKinds = ["Secret", "ConfigMap", "KubeadmConfigTemplate", "NutanixMachineTemplate"];

    /// <summary>
    /// <paramref name="manifests"/> with the objects of <see cref="ReferencedKinds"/> first (in that order), then the
    /// rest in their given order. Templates get a new name when their content changes, so a changed MachineDeployment
    /// or KubeadmControlPlane always refers to a template this order has already written.
    /// </summary>
    public static IReadOnlyList<JsonObject> ReferencedFirst(IEnumerable<JsonObject> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        return manifests
            .Select((m, i) => (Manifest: m, Index: i, Rank: Array.IndexOf(ReferencedKinds, (string?)m["kind"]) is var r and >= 0 ? r : ReferencedKinds.Length))
            .OrderBy(x => x.Rank).ThenBy(x => x.Index)
            .Select(x => x.Manifest).ToList();
    }
}
