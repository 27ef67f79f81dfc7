using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates CAPI's MachineSet reconciler: keeps <c>spec.replicas</c> Machines (named <c>&lt;machineset&gt;-&lt;random&gt;</c>)
/// from its template — creating the missing ones at once, deleting surplus ones (not-ready first, then newest) —
/// and reports replica counts. Deletion deletes its Machines and waits for them.
/// </summary>
internal static class MachineSetController
{
    public const string Finalizer = "cluster.x-k8s.io/machineset";

    public static void Reconcile(ReconcileContext ctx)
    {
        var type = ctx.Types.MachineSet!;
        var machinesByOwner = new OwnerIndex(ctx.List(ctx.Types.Machine));
        foreach (var ms in ctx.List(type))
        {
            var machines = machinesByOwner.Of(ms);
            var ns = ObjectMeta.Namespace(ms);
            if (ObjectMeta.IsDeleting(ms))
            {
                foreach (var m in machines) ctx.Delete(ctx.Types.Machine!, m);
                if (machines.Count == 0)
                {
                    var done = ObjectMeta.Clone(ms);
                    if (ObjectMeta.RemoveFinalizer(done, Finalizer)) ctx.Update(type, done);
                }

                continue;
            }

            var clusterName = (string?)ms["spec"]?["clusterName"] ?? "";
            var cluster = ctx.Get(ctx.Types.Cluster, ns, clusterName);
            if (cluster is null) continue;
            var current = ms;
            var next = ObjectMeta.Clone(ms);
            var changed = ObjectMeta.AddFinalizer(next, Finalizer);
            if (ObjectMeta.Label(next, MachineLabels.ClusterName) != clusterName)
            {
                ObjectMeta.Labels(next)[MachineLabels.ClusterName] = clusterName;
                changed = true;
            }

            if (changed)
            {
                if (ctx.Update(type, next) is not { } updated) continue;
                current = updated;
            }

            var desired = JsonNumbers.Int(current["spec"]?["replicas"]) ?? 1;
            var active = machines.Where(m => !ObjectMeta.IsDeleting(m)).ToList();
            var templateSpec = current["spec"]?["template"]?["spec"] as JsonObject;
            var infraRef = ObjectMeta.Ref(templateSpec?["infrastructureRef"]);
            if (active.Count < desired && infraRef is not null)
            {
                for (var i = active.Count; i < desired; i++) CreateMachine(ctx, current, clusterName, templateSpec!, infraRef);
            }
            else if (active.Count > desired)
            {
                var victims = active.OrderBy(m => MachineController.IsReady(m) ? 1 : 0)
                    .ThenByDescending(m => ObjectMeta.CreationTimestamp(m), StringComparer.Ordinal)
                    .ThenByDescending(ObjectMeta.Name, StringComparer.Ordinal)
                    .Take(active.Count - desired);
                foreach (var v in victims) ctx.Delete(ctx.Types.Machine!, v);
            }

            var ready = machines.Count(MachineController.IsReady);
            var status = (current["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
            status["replicas"] = machines.Count;
            status["readyReplicas"] = ready;
            status["availableReplicas"] = ready;
            status["upToDateReplicas"] = active.Count;
            status["observedGeneration"] = ObjectMeta.Generation(current);
            status["selector"] = SelectorText(current["spec"]?["selector"] as JsonObject);
            var c = Conditions.ArrayAt(status, "conditions");
            var now = ctx.NowText;
            Conditions.Set(c, "MachinesReady", ready == machines.Count, ready == machines.Count ? "Ready" : "NotReady", "", now, ObjectMeta.Generation(current));
            Conditions.Set(c, "ScalingUp", machines.Count < desired, machines.Count < desired ? "ScalingUp" : "NotScalingUp", "", now, ObjectMeta.Generation(current));
            Conditions.Set(c, "ScalingDown", machines.Count > desired, machines.Count > desired ? "ScalingDown" : "NotScalingDown", "", now, ObjectMeta.Generation(current));
            ctx.SetStatus(type, current, status);
        }
    }

    private static void CreateMachine(ReconcileContext ctx, JsonObject ms, string clusterName, JsonObject templateSpec, ObjectRef infraRef)
    {
        var ns = ObjectMeta.Namespace(ms);
        var labels = (ms["spec"]?["template"]?["metadata"]?["labels"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        labels[MachineLabels.ClusterName] = clusterName;
        labels[MachineLabels.SetName] = ObjectMeta.Name(ms);
        if (ObjectMeta.Label(ms, MachineLabels.DeploymentName) is { } md) labels[MachineLabels.DeploymentName] = md;
        if (ObjectMeta.Label(ms, MachineLabels.TemplateHash) is { } hash) labels[MachineLabels.TemplateHash] = hash;

        JsonObject? bootstrapSpec = null;
        var dataSecretName = (string?)templateSpec["bootstrap"]?["dataSecretName"];
        if (ObjectMeta.Ref(templateSpec["bootstrap"]?["configRef"]) is { } configRef && ctx.Types.For(configRef) is { } configTemplateType)
        {
            bootstrapSpec = (ctx.Get(configTemplateType, ns, configRef.Name)?["spec"]?["template"]?["spec"] as JsonObject)?.DeepClone().AsObject();
            if (bootstrapSpec is null) return; // template missing: nothing to clone yet
        }

        MachineFactory.Create(ctx, ms, new MachineFactory.Request(
            ns, $"{ObjectMeta.Name(ms)}-{Names.RandomSuffix()}", clusterName, (string?)templateSpec["version"], labels,
            ms["spec"]?["template"]?["metadata"]?["annotations"] as JsonObject, infraRef, bootstrapSpec, dataSecretName,
            (string?)templateSpec["failureDomain"]));
    }

    public static string SelectorText(JsonObject? selector)
    {
        if (selector?["matchLabels"] is not JsonObject ml) return "";
        return string.Join(",", ml.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={(string?)kv.Value}"));
    }
}
