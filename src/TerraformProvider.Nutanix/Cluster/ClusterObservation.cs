using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>The computed, observed part of a cluster's state: phase, readiness, machines and kubeconfig.</summary>
internal sealed record ClusterObservation(
    string Phase,
    bool ControlPlaneReady,
    bool InfrastructureReady,
    IReadOnlyList<NodeObservation> Nodes,
    string? Kubeconfig)
{
    /// <summary>What is known before the management cluster reported anything.</summary>
    public static ClusterObservation Pending { get; } = new("Pending", false, false, [], null);

    public IEnumerable<KeyValuePair<string, CtyValue>> ToCty()
    {
        yield return new("phase", CtyValue.String(Phase));
        yield return new("control_plane_ready", CtyValue.Bool(ControlPlaneReady));
        yield return new("infrastructure_ready", CtyValue.Bool(InfrastructureReady));
        yield return new("nodes", CtyValue.List(ClusterSchema.Nodes.ObjectType, Nodes.Select(n => Cty.Object(ClusterSchema.Nodes.ObjectType, new Dictionary<string, CtyValue>
        {
            ["name"] = CtyValue.String(n.Name),
            ["role"] = CtyValue.String(n.Role),
            ["vm_uuid"] = Cty.String(n.VmUuid),
            ["ip"] = Cty.String(n.Ip),
            ["phase"] = CtyValue.String(n.Phase),
        }))));
        yield return new("kubeconfig", Cty.String(Kubeconfig).WithSensitive());
    }
}

/// <summary>One Machine of the cluster.</summary>
internal sealed record NodeObservation(string Name, string Role, string? VmUuid, string? Ip, string Phase);
