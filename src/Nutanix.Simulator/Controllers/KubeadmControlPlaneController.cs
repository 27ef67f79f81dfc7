using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates CAPI's KubeadmControlPlane reconciler: once the Cluster's infrastructure is provisioned it creates the
/// first control-plane Machine (<c>kubeadm init</c>), and after that one is up, joins the others one at a time,
/// each only when all existing ones are healthy. A change of Kubernetes version or of the infrastructure template
/// rolls the machines one by one (new machine first, maxSurge 1, then the oldest outdated one is deleted). Writes
/// the cluster CA and kubeconfig Secrets once the first control-plane node is up, and the v1beta2 status.
/// </summary>
internal static class KubeadmControlPlaneController
{
    public const string Finalizer = "kubeadm.controlplane.cluster.x-k8s.io";

    public static void Reconcile(ReconcileContext ctx)
    {
        var type = ctx.Types.KubeadmControlPlane!;
        var kcps = ctx.List(type);
        if (kcps.Count == 0) return;
        // Each control plane's machines, by namespace and control-plane name (a control plane only creates or
        // deletes its own machines, so one listing serves the whole pass).
        var machinesByControlPlane = ctx.List(ctx.Types.Machine)
            .Where(m => ObjectMeta.HasLabel(m, MachineLabels.ControlPlane) && ObjectMeta.Label(m, MachineLabels.ControlPlaneName) is not null)
            .ToLookup(m => (ObjectMeta.Namespace(m), ObjectMeta.Label(m, MachineLabels.ControlPlaneName)!));
        foreach (var kcp in kcps)
        {
            var ownerRef = ObjectMeta.Owner(kcp, CapiResources.CoreGroup, "Cluster");
            var ns = ObjectMeta.Namespace(kcp);
            var machines = machinesByControlPlane[(ns, ObjectMeta.Name(kcp))]
                .OrderBy(m => ObjectMeta.CreationTimestamp(m), StringComparer.Ordinal).ThenBy(ObjectMeta.Name, StringComparer.Ordinal)
                .ToList();
            if (ObjectMeta.IsDeleting(kcp))
            {
                ReconcileDelete(ctx, kcp, machines);
                continue;
            }

            if (ownerRef is null) continue; // "Cluster Controller has not yet set OwnerRef"
            var cluster = ctx.Get(ctx.Types.Cluster, ns, (string)ownerRef["name"]!);
            if (cluster is null) continue;
            ReconcileNormal(ctx, kcp, cluster, machines);
        }
    }

    public static ObjectRef? InfrastructureTemplate(JsonObject kcp) =>
        ObjectMeta.Ref(kcp["spec"]?["machineTemplate"]?["spec"]?["infrastructureRef"]) ?? ObjectMeta.Ref(kcp["spec"]?["machineTemplate"]?["infrastructureRef"]);

    /// <summary>Up to date: same Kubernetes version, and the infrastructure machine was cloned from the current template.</summary>
    public static bool IsUpToDate(ReconcileContext ctx, JsonObject kcp, JsonObject machine)
    {
        if ((string?)machine["spec"]?["version"] != (string?)kcp["spec"]?["version"]) return false;
        if (InfrastructureTemplate(kcp)?.Name is not { } template) return true;
        var infraRef = ObjectMeta.Ref(machine["spec"]?["infrastructureRef"]);
        var infra = infraRef is null ? null : ctx.Get(ctx.Types.For(infraRef), ObjectMeta.Namespace(machine), infraRef.Name);
        var clonedFrom = infra is null ? null : ObjectMeta.Annotation(infra, MachineLabels.ClonedFromName);
        return clonedFrom is null || clonedFrom == template;
    }

    private static void ReconcileNormal(ReconcileContext ctx, JsonObject kcp, JsonObject cluster, List<JsonObject> machines)
    {
        var type = ctx.Types.KubeadmControlPlane!;
        var ns = ObjectMeta.Namespace(kcp);
        var clusterName = ObjectMeta.Name(cluster);
        var next = ObjectMeta.Clone(kcp);
        var changed = ObjectMeta.AddFinalizer(next, Finalizer);
        if (ObjectMeta.Label(next, MachineLabels.ClusterName) != clusterName)
        {
            ObjectMeta.Labels(next)[MachineLabels.ClusterName] = clusterName;
            changed = true;
        }

        var current = kcp;
        if (changed)
        {
            if (ctx.Update(type, next) is not { } updated) return;
            current = updated;
        }

        var templateRef = InfrastructureTemplate(current);
        if (templateRef is not null) TemplateOwnership.Ensure(ctx, templateRef, ns, cluster);

        var desired = JsonNumbers.Int(current["spec"]?["replicas"]) ?? 1;
        var version = (string?)current["spec"]?["version"];
        var infraReady = cluster["status"]?["initialization"]?["infrastructureProvisioned"]?.GetValue<bool>() == true;
        var host = (string?)cluster["spec"]?["controlPlaneEndpoint"]?["host"];
        var port = JsonNumbers.Int(cluster["spec"]?["controlPlaneEndpoint"]?["port"]) ?? 0;
        var endpointValid = !string.IsNullOrEmpty(host) && port > 0;
        var initialized = current["status"]?["initialization"]?["controlPlaneInitialized"]?.GetValue<bool>() == true
            || machines.Any(m => MachineController.NodeBooted(ctx, m));
        string? problem = null;

        if (initialized && endpointValid) ClusterCertificates.Ensure(ctx, current, ns, clusterName, host!, port);

        var active = machines.Where(m => !ObjectMeta.IsDeleting(m)).ToList();
        var outdated = active.Where(m => !IsUpToDate(ctx, current, m)).ToList();
        if (!infraReady)
        {
            problem = "Waiting for Cluster status.infrastructureReady to be true";
        }
        else if (!endpointValid)
        {
            problem = "Waiting for Cluster spec.controlPlaneEndpoint to be set";
        }
        else if (templateRef is null)
        {
            problem = "spec.machineTemplate.spec.infrastructureRef is not set";
        }
        else if (machines.Any(ObjectMeta.IsDeleting))
        {
            // One change at a time: wait for the machine being deleted to be gone.
        }
        else if (!initialized)
        {
            if (active.Count == 0) problem = CreateMachine(ctx, current, cluster, templateRef, version, init: true);
        }
        else if (active.Any(m => !MachineController.IsReady(m)))
        {
            // Preflight: every control-plane machine must be healthy before the next scale step.
        }
        else if (active.Count < desired || (outdated.Count > 0 && active.Count < desired + 1))
        {
            problem = CreateMachine(ctx, current, cluster, templateRef, version, init: false);
        }
        else if (active.Count > desired)
        {
            var victim = outdated.FirstOrDefault() ?? active.First();
            ctx.Delete(ctx.Types.Machine!, victim);
        }

        WriteStatus(ctx, current, machines, desired, version, initialized, problem);
    }

    private static string? CreateMachine(ReconcileContext ctx, JsonObject kcp, JsonObject cluster, ObjectRef templateRef, string? version, bool init)
    {
        var kcpName = ObjectMeta.Name(kcp);
        var clusterName = ObjectMeta.Name(cluster);
        var labels = new JsonObject
        {
            [MachineLabels.ClusterName] = clusterName,
            [MachineLabels.ControlPlane] = "",
            [MachineLabels.ControlPlaneName] = kcpName,
        };
        if (kcp["spec"]?["machineTemplate"]?["metadata"]?["labels"] is JsonObject extra)
        {
            foreach (var (k, v) in extra) labels[k] ??= v?.DeepClone();
        }

        var bootstrap = (kcp["spec"]?["kubeadmConfigSpec"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        if (init)
        {
            bootstrap.Remove("joinConfiguration");
            bootstrap["initConfiguration"] ??= new JsonObject();
        }
        else
        {
            bootstrap.Remove("initConfiguration");
            bootstrap.Remove("clusterConfiguration");
            var join = bootstrap["joinConfiguration"] as JsonObject ?? new JsonObject();
            join["controlPlane"] ??= new JsonObject();
            bootstrap["joinConfiguration"] = join;
        }

        return MachineFactory.Create(ctx, kcp, new MachineFactory.Request(
            ObjectMeta.Namespace(kcp), $"{kcpName}-{Names.RandomSuffix()}", clusterName, version, labels,
            kcp["spec"]?["machineTemplate"]?["metadata"]?["annotations"] as JsonObject,
            templateRef, bootstrap, null, null));
    }

    private static void WriteStatus(ReconcileContext ctx, JsonObject kcp, List<JsonObject> machines, int desired, string? version, bool initialized, string? problem)
    {
        var now = ctx.NowText;
        var generation = ObjectMeta.Generation(kcp);
        var status = (kcp["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        var ready = machines.Count(MachineController.IsReady);
        var upToDate = machines.Count(m => !ObjectMeta.IsDeleting(m) && IsUpToDate(ctx, kcp, m));
        var clusterName = ObjectMeta.Label(kcp, MachineLabels.ClusterName) ?? "";
        status["selector"] = $"{MachineLabels.ClusterName}={clusterName},{MachineLabels.ControlPlane}";
        status["replicas"] = machines.Count;
        status["readyReplicas"] = ready;
        status["availableReplicas"] = ready;
        status["upToDateReplicas"] = upToDate;
        status["observedGeneration"] = generation;
        status["initialization"] = new JsonObject { ["controlPlaneInitialized"] = initialized };
        var versions = machines.Where(MachineController.IsReady).Select(m => (string?)m["spec"]?["version"]).OfType<string>().ToList();
        if (versions.Count > 0) status["version"] = versions.OrderBy(v => v, Comparer<string>.Create(CompareVersions)).First();

        var deprecated = Conditions.ArrayAt(status, "deprecated", "v1beta1", "conditions");
        var v1beta1 = status["deprecated"]!["v1beta1"]!.AsObject();
        v1beta1["readyReplicas"] = ready;
        v1beta1["updatedReplicas"] = upToDate;
        v1beta1["unavailableReplicas"] = machines.Count - ready;

        var scalingUp = machines.Count(m => !ObjectMeta.IsDeleting(m)) < desired;
        var scalingDown = machines.Count > desired && upToDate >= desired;
        var rollingOut = upToDate < machines.Count(m => !ObjectMeta.IsDeleting(m));
        var allReady = ready == desired && machines.Count == desired;
        var c = Conditions.ArrayAt(status, "conditions");
        Conditions.Set(c, "Available", initialized && ready > 0, initialized && ready > 0 ? "Available" : "NotAvailable", initialized ? "" : "Control plane not yet initialized", now, generation);
        Conditions.Set(c, "CertificatesAvailable", true, "Available", "", now, generation);
        Conditions.Set(c, "Initialized", initialized, initialized ? "Initialized" : "NotInitialized", initialized ? "" : "Control plane not yet initialized", now, generation);
        Conditions.Set(c, "MachinesReady", ready == machines.Count && machines.Count > 0, ready == machines.Count && machines.Count > 0 ? "Ready" : "NotReady", problem ?? "", now, generation);
        Conditions.Set(c, "MachinesUpToDate", !rollingOut, rollingOut ? "NotUpToDate" : "UpToDate", "", now, generation);
        Conditions.Set(c, "ScalingUp", scalingUp, scalingUp ? "ScalingUp" : "NotScalingUp", scalingUp ? $"Scaling up from {machines.Count} to {desired} replicas" : "", now, generation);
        Conditions.Set(c, "ScalingDown", scalingDown, scalingDown ? "ScalingDown" : "NotScalingDown", scalingDown ? $"Scaling down from {machines.Count} to {desired} replicas" : "", now, generation);
        Conditions.Set(c, "RollingOut", rollingOut, rollingOut ? "RollingOut" : "NotRollingOut", rollingOut ? $"Rolling out {machines.Count - upToDate} not up-to-date replicas" : "", now, generation);
        Conditions.Set(c, "Remediating", false, "NotRemediating", "", now, generation);
        Conditions.Set(c, "Deleting", false, "NotDeleting", "", now, generation);
        Conditions.Set(c, "Paused", false, "NotPaused", "", now, generation);
        Conditions.SetV1Beta1(deprecated, "Ready", allReady, scalingUp ? "ScalingUp" : "WaitingForMachines", "Warning", problem, now);
        Conditions.SetV1Beta1(deprecated, "Available", initialized, "WaitingForKubeadmInit", "Info", null, now);
        Conditions.SetV1Beta1(deprecated, "CertificatesAvailable", true, null, null, null, now);
        Conditions.SetV1Beta1(deprecated, "MachinesCreated", problem is null, "InfrastructureTemplateCloningFailed", "Error", problem, now);
        Conditions.SetV1Beta1(deprecated, "MachinesReady", ready == machines.Count && machines.Count > 0, "WaitingForMachines", "Info", null, now);
        Conditions.SetV1Beta1(deprecated, "Resized", machines.Count == desired, scalingUp ? "ScalingUp" : "ScalingDown", "Warning", $"Scaling to {desired} replicas (actual {machines.Count})", now);
        ctx.SetStatus(ctx.Types.KubeadmControlPlane!, kcp, status);
    }

    private static int CompareVersions(string a, string b)
    {
        static int[] Parts(string v) => v.TrimStart('v').Split('.', '-', '+').Take(3).Select(p => int.TryParse(p, out var n) ? n : 0).ToArray();
        var (x, y) = (Parts(a), Parts(b));
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] != y[i]) return x[i].CompareTo(y[i]);
        }

        return x.Length.CompareTo(y.Length);
    }

    private static void ReconcileDelete(ReconcileContext ctx, JsonObject kcp, List<JsonObject> machines)
    {
        foreach (var m in machines) ctx.Delete(ctx.Types.Machine!, m);
        var now = ctx.NowText;
        var status = (kcp["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        status["replicas"] = machines.Count;
        Conditions.Set(Conditions.ArrayAt(status, "conditions"), "Deleting", true, machines.Count > 0 ? "WaitingForMachineDeletion" : "DeletionCompleted",
            machines.Count > 0 ? $"Deleting {machines.Count} Machines" : "", now, ObjectMeta.Generation(kcp));
        if (ctx.SetStatus(ctx.Types.KubeadmControlPlane!, kcp, status) is not { } current || machines.Count > 0) return;
        var next = ObjectMeta.Clone(current);
        if (ObjectMeta.RemoveFinalizer(next, Finalizer)) ctx.Update(ctx.Types.KubeadmControlPlane!, next);
    }
}
