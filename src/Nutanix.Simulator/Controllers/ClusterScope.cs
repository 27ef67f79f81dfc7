using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>A workload cluster: the namespace and name of its CAPI Cluster (which need not exist).</summary>
internal readonly record struct ClusterKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>
/// Which workload clusters an object belongs to, read from the object alone: a Cluster's own name,
/// <c>spec.clusterName</c> (MachineDeployment, MachineSet, Machine), the <c>cluster.x-k8s.io/cluster-name</c> label and
/// ownerReferences to Clusters (NutanixCluster, KubeadmControlPlane, templates, Secrets...). Every controller finds the
/// objects of a cluster by one of these, so reconciling the objects of a set of clusters sees everything those
/// reconciles look at. An object with none (a Deployment, an unlabelled credentials Secret or template) is
/// "undeterminable": a change to it makes the scheduler run a full pass.
/// </summary>
internal static class ClusterScope
{
    /// <summary>The clusters <paramref name="obj"/> belongs to (empty when undeterminable), without duplicates.</summary>
    public static List<ClusterKey> Of(JsonObject obj)
    {
        var keys = new List<ClusterKey>(1);
        Visit(obj, keys, static (key, list) =>
        {
            if (!list.Contains(key)) list.Add(key);
            return false;
        });
        return keys;
    }

    /// <summary>True when <paramref name="obj"/> belongs to one of <paramref name="scope"/>'s clusters.</summary>
    public static bool In(JsonObject obj, HashSet<ClusterKey> scope) =>
        scope.Count > 0 && Visit(obj, scope, static (key, s) => s.Contains(key));

    /// <summary>Calls <paramref name="visit"/> for each cluster of the object until it returns true; returns whether one did.</summary>
    private static bool Visit<TState>(JsonObject obj, TState state, Func<ClusterKey, TState, bool> visit)
    {
        if (obj["metadata"] is not JsonObject meta) return false;
        var ns = (string?)meta["namespace"] ?? "";
        var apiVersion = (string?)obj["apiVersion"];
        if ((string?)obj["kind"] == "Cluster" && ObjectMeta.GroupOf(apiVersion) == CapiResources.CoreGroup
            && (string?)meta["name"] is { Length: > 0 } own && visit(new ClusterKey(ns, own), state))
        {
            return true;
        }

        if (obj["spec"] is JsonObject spec && spec["clusterName"] is JsonValue cn && cn.TryGetValue<string>(out var clusterName)
            && clusterName.Length > 0 && visit(new ClusterKey(ns, clusterName), state))
        {
            return true;
        }

        if (meta["labels"] is JsonObject labels && labels[MachineLabels.ClusterName] is JsonValue lv && lv.TryGetValue<string>(out var label)
            && label.Length > 0 && visit(new ClusterKey(ns, label), state))
        {
            return true;
        }

        if (meta["ownerReferences"] is JsonArray owners)
        {
            foreach (var node in owners)
            {
                if (node is JsonObject r && (string?)r["kind"] == "Cluster" && ObjectMeta.GroupOf((string?)r["apiVersion"]) == CapiResources.CoreGroup
                    && (string?)r["name"] is { Length: > 0 } owner && visit(new ClusterKey(ns, owner), state))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
