using System.Globalization;
using System.Text.Json.Nodes;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Lifecycle;

/// <summary>What a create/update waits for.</summary>
public enum WaitTarget
{
    None,
    ControlPlane,
    Ready,

    /// <summary>
    /// The control plane initialized (the first control-plane node's kubeadm init done) and the infrastructure ready:
    /// what can be waited for when no cloud controller manager initializes the nodes, since then no Machine gets a
    /// nodeRef, none becomes ready and the control plane does not grow past its first machine.
    /// </summary>
    ControlPlaneInitialized,
}

/// <summary>
/// Evaluates whether a cluster reached a <see cref="WaitTarget"/>: the control plane (KubeadmControlPlane initialized,
/// all replicas ready and up to date at the desired version) or everything (infrastructure ready, every
/// MachineDeployment's replicas ready and up to date, no Machine being replaced). Also produces the progress line
/// logged while waiting.
/// </summary>
public static class ClusterProgress
{
    public static (bool Done, string Summary) Evaluate(LiveCluster live, WaitTarget target)
    {
        ArgumentNullException.ThrowIfNull(live);
        var kcp = live.ControlPlane;
        var cpDesired = Int(kcp?["spec"]?["replicas"]) ?? 1;
        var cpVersion = (string?)kcp?["spec"]?["version"];
        var cpReady = Int(kcp?["status"]?["readyReplicas"]) ?? 0;
        var cpReplicas = Int(kcp?["status"]?["replicas"]) ?? 0;
        var cpUpToDate = Int(kcp?["status"]?["upToDateReplicas"]) ?? Int(kcp?["status"]?["updatedReplicas"]) ?? cpReplicas;
        var cpInitialized = Bool(kcp?["status"]?["initialization"]?["controlPlaneInitialized"]) ?? Bool(kcp?["status"]?["initialized"]) ?? false;
        var cpMachines = live.Machines.Where(m => (m["metadata"]?["labels"] as JsonObject)?.ContainsKey(ClusterNaming.ControlPlaneLabel) == true).ToList();
        var cpOnVersion = cpMachines.Count(m => (string?)m["spec"]?["version"] == cpVersion && IsRunning(m));
        var controlPlaneDone = kcp is not null && Observed(kcp) && cpInitialized && cpReady == cpDesired && cpReplicas == cpDesired
            && cpUpToDate == cpDesired && cpOnVersion == cpDesired;

        long workersDesired = 0, workersReady = 0;
        var workersDone = true;
        foreach (var md in live.MachineDeployments)
        {
            var desired = Int(md["spec"]?["replicas"]) ?? 1;
            var replicas = Int(md["status"]?["replicas"]) ?? 0;
            var ready = Int(md["status"]?["readyReplicas"]) ?? 0;
            var upToDate = Int(md["status"]?["upToDateReplicas"]) ?? Int(md["status"]?["updatedReplicas"]) ?? replicas;
            workersDesired += desired;
            workersReady += Math.Min(ready, desired);
            workersDone &= Observed(md) && replicas == desired && ready == desired && upToDate == desired;
        }

        var running = live.Machines.Count(IsRunning);
        var deleting = live.Machines.Count(m => m["metadata"]?["deletionTimestamp"] is not null);
        var infraReady = ClusterObservation.Of(live).InfrastructureReady;
        var phase = (string?)live.Cluster["status"]?["phase"] ?? "Pending";
        var allDone = controlPlaneDone && workersDone && infraReady && deleting == 0 && running == live.Machines.Count;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"phase {phase}, control plane {cpReady}/{cpDesired} ready ({cpUpToDate} up to date), workers {workersReady}/{workersDesired} ready, machines {running}/{live.Machines.Count} running{(deleting > 0 ? $", {deleting} deleting" : "")}");
        var done = target switch
        {
            WaitTarget.None => true,
            WaitTarget.ControlPlane => controlPlaneDone && infraReady,
            WaitTarget.ControlPlaneInitialized => kcp is not null && cpInitialized && infraReady,
            _ => allDone,
        };
        return (done, summary);
    }

    private static bool IsRunning(JsonObject machine) =>
        machine["metadata"]?["deletionTimestamp"] is null && (string?)machine["status"]?["phase"] == "Running";

    private static bool Observed(JsonObject obj) =>
        Int(obj["status"]?["observedGeneration"]) is not { } observed || observed >= (Int(obj["metadata"]?["generation"]) ?? 0);

    private static long? Int(JsonNode? node) => Json.Int(node);

    private static bool? Bool(JsonNode? node) => Json.Bool(node);
}
