using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates what CAPI's ClusterResourceSet controller does on the management cluster (applying the resources to
/// workload clusters, and the ClusterResourceSetBindings that record it, are not emulated: the simulator runs no
/// workload cluster and serves no binding kind):
/// <list type="bullet">
/// <item>adds its finalizer <c>addons.cluster.x-k8s.io</c> to every set (and does nothing else in that pass);</item>
/// <item>once a Cluster of the set's namespace matches its <c>clusterSelector</c>, makes every ConfigMap and Secret the
/// set lists a dependent of the set (a non-controller ownerReference, replacing one to an earlier set of that name),
/// so deleting a set with background propagation garbage-collects resources nothing else owns;</item>
/// <item>removes its finalizer from a set being deleted (CAPI first unbinds the set from the clusters' bindings).</item>
/// </list>
/// </summary>
internal static class ClusterResourceSetController
{
    public const string Finalizer = "addons.cluster.x-k8s.io";

    public static void Reconcile(ReconcileContext ctx)
    {
        var type = ctx.Types.ClusterResourceSet;
        if (type is null || ctx.Types.Cluster is null) return;
        foreach (var crs in ctx.List(type))
        {
            if (ObjectMeta.IsDeleting(crs))
            {
                var released = ObjectMeta.Clone(crs);
                if (ObjectMeta.RemoveFinalizer(released, Finalizer)) ctx.Update(type, released);
                continue;
            }

            var withFinalizer = ObjectMeta.Clone(crs);
            if (ObjectMeta.AddFinalizer(withFinalizer, Finalizer))
            {
                ctx.Update(type, withFinalizer);
                continue;
            }

            var ns = ObjectMeta.Namespace(crs);
            var selector = crs["spec"]?["clusterSelector"] as JsonObject;
            var matched = ctx.Store.ListWhere(ctx.Types.Cluster, ns, c => !ObjectMeta.IsDeleting(c) && Matches(selector, c["metadata"]?["labels"] as JsonObject));
            if (matched.Count == 0) continue;

            foreach (var resource in (crs["spec"]?["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var resourceType = (string?)resource["kind"] switch
                {
                    "ConfigMap" => ctx.Types.ConfigMap,
                    "Secret" => ctx.Types.Secret,
                    _ => null,
                };
                if (resourceType is null || (string?)resource["name"] is not { Length: > 0 } name) continue;
                if (ctx.Get(resourceType, ns, name) is not { } obj || ObjectMeta.IsOwnedBy(obj, crs)) continue;
                var owned = ObjectMeta.Clone(obj);
                ObjectMeta.EnsureOwner(owned, crs, controller: false,
                    replace: r => (string?)r["kind"] == "ClusterResourceSet" && ObjectMeta.GroupOf((string?)r["apiVersion"]) == type.Group && (string?)r["name"] == ObjectMeta.Name(crs));
                ctx.Update(resourceType, owned);
            }
        }
    }

    /// <summary>metav1.LabelSelector semantics; an empty or missing selector matches nothing (as CAPI treats it).</summary>
    internal static bool Matches(JsonObject? selector, JsonObject? labels)
    {
        var matchLabels = selector?["matchLabels"] as JsonObject ?? [];
        var expressions = (selector?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (matchLabels.Count == 0 && expressions.Count == 0) return false;
        string? Label(string key) => labels?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        foreach (var (key, value) in matchLabels)
        {
            if (Label(key) != (string?)value) return false;
        }

        foreach (var e in expressions)
        {
            var key = (string?)e["key"] ?? "";
            var values = (e["values"] as JsonArray ?? []).Select(v => (string?)v).ToList();
            var actual = Label(key);
            var ok = (string?)e["operator"] switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!ok) return false;
        }

        return true;
    }
}
