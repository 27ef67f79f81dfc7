using Nutanix.Capi.Lifecycle;
using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>The observed attributes of <c>nutanix_cluster</c> from a <see cref="ClusterObservation"/>.</summary>
internal static class ClusterObservationCty
{
    public static IEnumerable<KeyValuePair<string, CtyValue>> ToCty(this ClusterObservation observation)
    {
        yield return new("phase", CtyValue.String(observation.Phase));
        yield return new("control_plane_ready", CtyValue.Bool(observation.ControlPlaneReady));
        yield return new("infrastructure_ready", CtyValue.Bool(observation.InfrastructureReady));
        yield return new("nodes", CtyValue.List(ClusterSchema.Nodes.ObjectType, observation.Nodes.Select(n => Cty.Object(ClusterSchema.Nodes.ObjectType, new Dictionary<string, CtyValue>
        {
            ["name"] = CtyValue.String(n.Name),
            ["role"] = CtyValue.String(n.Role),
            ["vm_uuid"] = Cty.String(n.VmUuid),
            ["ip"] = Cty.String(n.Ip),
            ["phase"] = CtyValue.String(n.Phase),
            ["initialized"] = CtyValue.Bool(n.Initialized),
        }))));
        yield return new("kubeconfig", Cty.String(observation.Kubeconfig).WithSensitive());
    }
}
