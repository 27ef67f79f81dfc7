using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates CAPI's Cluster reconciler: owns the infrastructure cluster and control plane (ownerReferences), copies
/// the control-plane endpoint from the NutanixCluster, and reports <c>status.phase</c> (Pending → Provisioning →
/// Provisioned once the infrastructure is ready and the endpoint set; Deleting), <c>status.initialization</c>,
/// control-plane/worker replica counts and the v1beta2 conditions (with the v1beta1 ones under
/// <c>status.deprecated.v1beta1</c>). Deletion goes in CAPI's order: MachineDeployments, MachineSets and worker
/// Machines, then the control plane, then the infrastructure cluster; only then is the finalizer released.
/// </summary>
internal static class ClusterController
{
    public const string Finalizer = "cluster.cluster.x-k8s.io";

    public static void Reconcile(ReconcileContext ctx)
    {
        var type = ctx.Types.Cluster!;
        var clusters = ctx.List(type);
        if (clusters.Count == 0) return;
        // One listing per pass, grouped by cluster (a Cluster only deletes its own descendants).
        var deployments = ctx.List(ctx.Types.MachineDeployment).ToLookup(d => new ClusterKey(ObjectMeta.Namespace(d), (string?)d["spec"]?["clusterName"] ?? ""));
        var descendants = new Lazy<Descendants>(() => new Descendants(ctx));
        foreach (var cluster in clusters)
        {
            if (ObjectMeta.IsDeleting(cluster)) ReconcileDelete(ctx, cluster, descendants.Value);
            else ReconcileNormal(ctx, cluster, deployments[new ClusterKey(ObjectMeta.Namespace(cluster), ObjectMeta.Name(cluster))]);
        }
    }

    /// <summary>MachineDeployments, MachineSets and Machines by the clusters they belong to (spec.clusterName or cluster-name label).</summary>
    private sealed class Descendants(ReconcileContext ctx)
    {
        public ILookup<ClusterKey, JsonObject> Deployments { get; } = ByCluster(ctx.List(ctx.Types.MachineDeployment));
        public ILookup<ClusterKey, JsonObject> Sets { get; } = ByCluster(ctx.List(ctx.Types.MachineSet));
        public ILookup<ClusterKey, JsonObject> Machines { get; } = ByCluster(ctx.List(ctx.Types.Machine));

        private static ILookup<ClusterKey, JsonObject> ByCluster(IReadOnlyList<JsonObject> objects) =>
            objects.SelectMany(o => new[] { (string?)o["spec"]?["clusterName"], ObjectMeta.Label(o, MachineLabels.ClusterName) }
                    .OfType<string>().Distinct(StringComparer.Ordinal).Select(name => (Key: new ClusterKey(ObjectMeta.Namespace(o), name), Object: o)))
                .ToLookup(p => p.Key, p => p.Object);
    }

    private static void ReconcileNormal(ReconcileContext ctx, JsonObject cluster, IEnumerable<JsonObject> clusterDeployments)
    {
        var type = ctx.Types.Cluster!;
        var ns = ObjectMeta.Namespace(cluster);
        var name = ObjectMeta.Name(cluster);
        var next = ObjectMeta.Clone(cluster);
        var changed = ObjectMeta.AddFinalizer(next, Finalizer);

        var infraRef = ObjectMeta.Ref(cluster["spec"]?["infrastructureRef"]);
        var infraType = infraRef is null ? null : ctx.Types.For(infraRef);
        var infra = infraType is null ? null : ctx.Get(infraType, ns, infraRef!.Name);
        var cpRef = ObjectMeta.Ref(cluster["spec"]?["controlPlaneRef"]);
        var cpType = cpRef is null ? null : ctx.Types.For(cpRef);
        var cp = cpType is null ? null : ctx.Get(cpType, ns, cpRef!.Name);

        var infraReady = infra?["status"]?["ready"]?.GetValue<bool>() == true;
        var endpoint = cluster["spec"]?["controlPlaneEndpoint"] as JsonObject;
        if (infraReady && string.IsNullOrEmpty((string?)endpoint?["host"]) && infra?["spec"]?["controlPlaneEndpoint"] is JsonObject infraEndpoint
            && !string.IsNullOrEmpty((string?)infraEndpoint["host"]))
        {
            next["spec"]!["controlPlaneEndpoint"] = infraEndpoint.DeepClone();
            changed = true;
        }

        var current = cluster;
        if (changed)
        {
            if (ctx.Update(type, next) is not { } updated) return;
            current = updated;
        }

        if (infra is not null) Adopt(ctx, infraType!, infra, current);
        if (cp is not null) Adopt(ctx, cpType!, cp, current);

        var host = (string?)current["spec"]?["controlPlaneEndpoint"]?["host"];
        var port = JsonNumbers.Int(current["spec"]?["controlPlaneEndpoint"]?["port"]) ?? 0;
        var endpointValid = !string.IsNullOrEmpty(host) && port > 0;
        var cpInitialized = cp?["status"]?["initialization"]?["controlPlaneInitialized"]?.GetValue<bool>() == true;
        var cpDesired = JsonNumbers.Int(cp?["spec"]?["replicas"]) ?? 0;
        var cpReplicas = JsonNumbers.Int(cp?["status"]?["replicas"]) ?? 0;
        var cpReady = JsonNumbers.Int(cp?["status"]?["readyReplicas"]) ?? 0;
        var cpAvailable = Conditions.IsTrue(cp?["status"]?["conditions"] as JsonArray, "Available");

        var deployments = clusterDeployments.Where(d => !ObjectMeta.IsDeleting(d)).ToList();
        var workersDesired = deployments.Sum(d => JsonNumbers.Int(d["spec"]?["replicas"]) ?? 1);
        var workersReplicas = deployments.Sum(d => JsonNumbers.Int(d["status"]?["replicas"]) ?? 0);
        var workersReady = deployments.Sum(d => JsonNumbers.Int(d["status"]?["readyReplicas"]) ?? 0);
        var workersUpToDate = deployments.Sum(d => JsonNumbers.Int(d["status"]?["upToDateReplicas"]) ?? 0);
        var workersAvailable = deployments.All(d => Conditions.IsTrue(d["status"]?["conditions"] as JsonArray, "Available"));

        var now = ctx.NowText;
        var generation = ObjectMeta.Generation(current);
        var status = (current["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        var phase = (string?)status["phase"];
        status["phase"] = phase is null ? "Pending"
            : infraReady && endpointValid ? "Provisioned"
            : "Provisioning";
        status["observedGeneration"] = generation;
        status["initialization"] = new JsonObject
        {
            ["infrastructureProvisioned"] = infraReady || status["initialization"]?["infrastructureProvisioned"]?.GetValue<bool>() == true,
            ["controlPlaneInitialized"] = cpInitialized || status["initialization"]?["controlPlaneInitialized"]?.GetValue<bool>() == true,
        };
        if (cp is not null)
        {
            status["controlPlane"] = new JsonObject
            {
                ["desiredReplicas"] = cpDesired,
                ["replicas"] = cpReplicas,
                ["readyReplicas"] = cpReady,
                ["availableReplicas"] = JsonNumbers.Int(cp["status"]?["availableReplicas"]) ?? 0,
                ["upToDateReplicas"] = JsonNumbers.Int(cp["status"]?["upToDateReplicas"]) ?? 0,
            };
        }

        status["workers"] = new JsonObject
        {
            ["desiredReplicas"] = workersDesired,
            ["replicas"] = workersReplicas,
            ["readyReplicas"] = workersReady,
            ["availableReplicas"] = workersReady,
            ["upToDateReplicas"] = workersUpToDate,
        };

        var infraProvisioned = status["initialization"]!["infrastructureProvisioned"]!.GetValue<bool>();
        var initialized = status["initialization"]!["controlPlaneInitialized"]!.GetValue<bool>();
        var infraMessage = infra is null ? $"{infraRef?.Kind ?? "Infrastructure cluster"} does not exist"
            : infraReady ? "" : FirstFalseMessage(infra) ?? $"{infra["kind"]} status.ready is false";
        var c = Conditions.ArrayAt(status, "conditions");
        Conditions.Set(c, "InfrastructureReady", infraReady, infraReady ? "Ready" : infra is null ? "DoesNotExist" : "NotReady", infraMessage, now, generation);
        Conditions.Set(c, "ControlPlaneInitialized", initialized, initialized ? "Initialized" : "NotInitialized", initialized ? "" : "Control plane not yet initialized", now, generation);
        Conditions.Set(c, "ControlPlaneAvailable", cpAvailable, cpAvailable ? "Available" : "NotAvailable", cpAvailable ? "" : "Control plane not yet available", now, generation);
        Conditions.Set(c, "WorkersAvailable", workersAvailable, workersAvailable ? "Available" : "NotAvailable", workersAvailable ? "" : $"{workersReady} of {workersDesired} worker machines available", now, generation);
        var allMachinesReady = cpReady == cpReplicas && workersReady == workersReplicas;
        Conditions.Set(c, "ControlPlaneMachinesReady", cpReady == cpReplicas, cpReady == cpReplicas ? "Ready" : "NotReady", "", now, generation);
        Conditions.Set(c, "WorkerMachinesReady", workersReady == workersReplicas, workersReady == workersReplicas ? "Ready" : "NotReady", "", now, generation);
        Conditions.Set(c, "RemoteConnectionProbe", initialized, initialized ? "ProbeSucceeded" : "ProbeFailed", initialized ? "" : "Remote connection not established yet", now, generation);
        Conditions.Set(c, "Deleting", false, "NotDeleting", "", now, generation);
        Conditions.Set(c, "Paused", false, "NotPaused", "", now, generation);
        var available = infraReady && cpAvailable && workersAvailable && initialized;
        var why = !infraReady ? "* InfrastructureReady: " + infraMessage : !cpAvailable ? "* ControlPlaneAvailable: Control plane not yet available" : !workersAvailable ? "* WorkersAvailable: worker machines not yet available" : "";
        Conditions.Set(c, "Available", available, available ? "Available" : "NotAvailable", why, now, generation);
        Conditions.Set(c, "Ready", available && allMachinesReady, available && allMachinesReady ? "Ready" : "NotReady", available && allMachinesReady ? "" : why, now, generation);
        var v1 = Conditions.ArrayAt(status, "deprecated", "v1beta1", "conditions");
        Conditions.SetV1Beta1(v1, "Ready", infraReady && cpReady > 0, infraReady ? "WaitingForControlPlane" : "WaitingForInfrastructure", "Info", null, now);
        Conditions.SetV1Beta1(v1, "InfrastructureReady", infraReady, "WaitingForInfrastructure", "Info", null, now);
        Conditions.SetV1Beta1(v1, "ControlPlaneInitialized", initialized, "WaitingForControlPlaneProviderInitialized", "Info", "Waiting for control plane provider to indicate the control plane has been initialized", now);
        Conditions.SetV1Beta1(v1, "ControlPlaneReady", cpAvailable, "WaitingForControlPlane", "Info", null, now);
        _ = infraProvisioned;
        ctx.SetStatus(type, current, status);
    }

    private static string? FirstFalseMessage(JsonObject obj) =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Where(c => (string?)c["status"] == "False" && (string?)c["type"] != "Ready")
            .Select(c => $"{c["type"]}: {(string?)c["message"] ?? (string?)c["reason"]}")
            .FirstOrDefault();

    /// <summary>The Cluster becomes the controller owner of its infrastructure cluster and control plane.</summary>
    private static void Adopt(ReconcileContext ctx, Kube.ResourceType type, JsonObject dependent, JsonObject cluster)
    {
        var next = ObjectMeta.Clone(dependent);
        var changed = ObjectMeta.EnsureOwner(next, cluster, controller: true);
        if (ObjectMeta.Label(next, MachineLabels.ClusterName) != ObjectMeta.Name(cluster))
        {
            ObjectMeta.Labels(next)[MachineLabels.ClusterName] = ObjectMeta.Name(cluster);
            changed = true;
        }

        if (changed && !ObjectMeta.IsDeleting(dependent)) ctx.Update(type, next);
    }

    private static void ReconcileDelete(ReconcileContext ctx, JsonObject cluster, Descendants descendants)
    {
        var type = ctx.Types.Cluster!;
        var ns = ObjectMeta.Namespace(cluster);
        var name = ObjectMeta.Name(cluster);
        var now = ctx.NowText;
        var status = (cluster["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        status["phase"] = "Deleting";

        var key = new ClusterKey(ns, name);
        var deployments = descendants.Deployments[key].ToList();
        var sets = descendants.Sets[key].ToList();
        var workers = descendants.Machines[key].Where(m => !ObjectMeta.HasLabel(m, MachineLabels.ControlPlane)).ToList();
        var cpRef = ObjectMeta.Ref(cluster["spec"]?["controlPlaneRef"]);
        var cpType = cpRef is null ? null : ctx.Types.For(cpRef);
        var cp = cpType is null ? null : ctx.Get(cpType, ns, cpRef!.Name);
        var infraRef = ObjectMeta.Ref(cluster["spec"]?["infrastructureRef"]);
        var infraType = infraRef is null ? null : ctx.Types.For(infraRef);
        var infra = infraType is null ? null : ctx.Get(infraType, ns, infraRef!.Name);

        string message;
        if (deployments.Count + sets.Count + workers.Count > 0)
        {
            foreach (var d in deployments) ctx.Delete(ctx.Types.MachineDeployment!, d);
            foreach (var s in sets.Where(s => !ObjectMeta.OwnerReferences(s).Any(r => (string?)r["kind"] == "MachineDeployment"))) ctx.Delete(ctx.Types.MachineSet!, s);
            foreach (var w in workers.Where(w => !ObjectMeta.OwnerReferences(w).Any(r => (string?)r["kind"] == "MachineSet"))) ctx.Delete(ctx.Types.Machine!, w);
            message = $"* MachineDeployments: {deployments.Count}, MachineSets: {sets.Count}, worker Machines: {workers.Count} still exist";
        }
        else if (cp is not null)
        {
            ctx.Delete(cpType!, cp);
            message = $"* {cp["kind"]} {ObjectMeta.Name(cp)} still exists";
        }
        else if (infra is not null)
        {
            ctx.Delete(infraType!, infra);
            message = $"* {infra["kind"]} {ObjectMeta.Name(infra)} still exists";
        }
        else
        {
            message = "";
        }

        Conditions.Set(Conditions.ArrayAt(status, "conditions"), "Deleting", true, message.Length > 0 ? "WaitingForDescendantsDeletion" : "DeletionCompleted", message, now, ObjectMeta.Generation(cluster));
        if (ctx.SetStatus(type, cluster, status) is not { } current || message.Length > 0) return;
        var next = ObjectMeta.Clone(current);
        if (ObjectMeta.RemoveFinalizer(next, Finalizer)) ctx.Update(type, next);
    }
}
