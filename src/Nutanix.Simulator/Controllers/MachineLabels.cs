namespace Nutanix.Simulator.Controllers;

/// <summary>Label and annotation keys CAPI puts on the objects it manages.</summary>
internal static class MachineLabels
{
    public const string ClusterName = "cluster.x-k8s.io/cluster-name";
    public const string ControlPlane = "cluster.x-k8s.io/control-plane";
    public const string ControlPlaneName = "cluster.x-k8s.io/control-plane-name";
    public const string DeploymentName = "cluster.x-k8s.io/deployment-name";
    public const string SetName = "cluster.x-k8s.io/set-name";
    public const string TemplateHash = "machine-template-hash";
    public const string ClonedFromName = "cluster.x-k8s.io/cloned-from-name";
    public const string ClonedFromGroupKind = "cluster.x-k8s.io/cloned-from-groupkind";
}
