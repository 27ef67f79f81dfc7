using System.Text;
using System.Text.Json.Nodes;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Lifecycle;

/// <summary>The observed part of a cluster: phase, readiness, machines and kubeconfig.</summary>
public sealed record ClusterObservation(
    string Phase,
    bool ControlPlaneReady,
    bool InfrastructureReady,
    IReadOnlyList<NodeObservation> Nodes,
    string? Kubeconfig)
{
    /// <summary>What is known before the management cluster reported anything.</summary>
    public static ClusterObservation Pending { get; } = new("Pending", false, false, [], null);

    /// <summary>Phase, readiness, machines and kubeconfig of the live objects.</summary>
    public static ClusterObservation Of(LiveCluster live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var status = live.Cluster["status"];
        var kcp = live.ControlPlane;
        var infraReady = Json.Bool(status?["initialization"]?["infrastructureProvisioned"])
            ?? Json.Bool(status?["infrastructureReady"])
            ?? Json.Bool(live.NutanixCluster?["status"]?["ready"])
            ?? false;
        var desired = Json.Int(kcp?["spec"]?["replicas"]) ?? 1;
        var ready = Json.Int(kcp?["status"]?["readyReplicas"]) ?? 0;
        var initialized = Json.Bool(kcp?["status"]?["initialization"]?["controlPlaneInitialized"]) ?? Json.Bool(kcp?["status"]?["initialized"]) ?? false;
        var nodes = new List<NodeObservation>();
        foreach (var m in live.Machines)
        {
            var labels = m["metadata"]?["labels"] as JsonObject;
            var name = Json.Text(m["metadata"]?["name"]) ?? "";
            var isControlPlane = labels?.ContainsKey(ClusterNaming.ControlPlaneLabel) == true;
            var role = isControlPlane ? "control-plane"
                : "worker:" + (Json.Text(labels?[ClusterNaming.DeploymentNameLabel]) is { } md ? ClusterNaming.PoolOfDeployment(live.Name, md) : "");
            var infraName = Json.Text(m["spec"]?["infrastructureRef"]?["name"]);
            var vmUuid = infraName is not null && live.NutanixMachines.TryGetValue(infraName, out var nm) ? Json.Text(nm["status"]?["vmUUID"]) : null;
            vmUuid ??= Json.Text(m["spec"]?["providerID"]) is { } pid && pid.StartsWith("nutanix://", StringComparison.Ordinal) ? pid["nutanix://".Length..] : null;
            var ip = (m["status"]?["addresses"] as JsonArray)?.OfType<JsonObject>()
                .Where(a => Json.Text(a["type"]) == "InternalIP").Select(a => Json.Text(a["address"])).FirstOrDefault();
            // Cluster API sets nodeRef once it finds the Node by the provider ID a cloud controller manager gave it.
            nodes.Add(new NodeObservation(name, role, vmUuid, ip, Json.Text(m["status"]?["phase"]) ?? "Pending", m["status"]?["nodeRef"] is JsonObject));
        }

        nodes.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Role, b.Role);
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        });
        string? kubeconfig = null;
        if (Json.Text(live.KubeconfigSecret?["data"]?["value"]) is { } b64)
        {
            try
            {
                kubeconfig = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            }
            catch (FormatException)
            {
                kubeconfig = null;
            }
        }

        return new ClusterObservation(
            Json.Text(status?["phase"]) ?? "Pending",
            initialized && ready >= desired,
            infraReady,
            nodes,
            kubeconfig);
    }
}

/// <summary>
/// One Machine of the cluster; <see cref="Role"/> is <c>control-plane</c> or <c>worker:&lt;pool&gt;</c>;
/// <see cref="Initialized"/>: the Machine has a <c>nodeRef</c>, i.e. a cloud controller manager initialized its Node
/// (set its provider ID and removed the uninitialized taint).
/// </summary>
public sealed record NodeObservation(string Name, string Role, string? VmUuid, string? Ip, string Phase, bool Initialized = false);
