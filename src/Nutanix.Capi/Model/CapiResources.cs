using Nutanix.Capi.Management;

namespace Nutanix.Capi.Model;

/// <summary>
/// The one table of the Cluster API / CAPX kinds a workload cluster consists of: API group, version and REST resource
/// of each. The renderer writes these apiVersions, the reader and the lifecycle read and delete through these
/// resources; nothing else spells a CAPI group or version.
/// </summary>
public static class CapiResources
{
    public const string ClusterGroup = "cluster.x-k8s.io";
    public const string InfrastructureGroup = "infrastructure.cluster.x-k8s.io";
    public const string ControlPlaneGroup = "controlplane.cluster.x-k8s.io";
    public const string BootstrapGroup = "bootstrap.cluster.x-k8s.io";
    public const string AddonsGroup = "addons.cluster.x-k8s.io";

    public static readonly CapiKind Cluster = new("Cluster", new(ClusterGroup, "v1beta1", "clusters"));
    public static readonly CapiKind MachineDeployment = new("MachineDeployment", new(ClusterGroup, "v1beta1", "machinedeployments"));
    public static readonly CapiKind MachineSet = new("MachineSet", new(ClusterGroup, "v1beta1", "machinesets"));
    public static readonly CapiKind Machine = new("Machine", new(ClusterGroup, "v1beta1", "machines"));
    public static readonly CapiKind MachineHealthCheck = new("MachineHealthCheck", new(ClusterGroup, "v1beta1", "machinehealthchecks"));
    public static readonly CapiKind KubeadmControlPlane = new("KubeadmControlPlane", new(ControlPlaneGroup, "v1beta2", "kubeadmcontrolplanes"));
    public static readonly CapiKind KubeadmConfigTemplate = new("KubeadmConfigTemplate", new(BootstrapGroup, "v1beta2", "kubeadmconfigtemplates"));
    public static readonly CapiKind NutanixCluster = new("NutanixCluster", new(InfrastructureGroup, "v1beta1", "nutanixclusters"));
    public static readonly CapiKind NutanixMachineTemplate = new("NutanixMachineTemplate", new(InfrastructureGroup, "v1beta1", "nutanixmachinetemplates"));
    public static readonly CapiKind NutanixMachine = new("NutanixMachine", new(InfrastructureGroup, "v1beta1", "nutanixmachines"));
    public static readonly CapiKind ClusterResourceSet = new("ClusterResourceSet", new(AddonsGroup, "v1beta2", "clusterresourcesets"));
    public static readonly CapiKind Secret = new("Secret", new("", "v1", "secrets"));
    public static readonly CapiKind ConfigMap = new("ConfigMap", new("", "v1", "configmaps"));

    /// <summary>Kinds we render and may need to prune or clean up, in deletion order (the Cluster itself is deleted first, apart).</summary>
    public static readonly IReadOnlyList<CapiKind> Rendered =
    [
        MachineDeployment,
        MachineHealthCheck,
        ClusterResourceSet,
        KubeadmControlPlane,
        NutanixCluster,
        KubeadmConfigTemplate,
        NutanixMachineTemplate,
        ConfigMap,
        Secret,
    ];

    /// <summary>The resource of a kind we render (or the Cluster); null for any other kind.</summary>
    public static ApiResource? ForKind(string kind) =>
        kind == Cluster.Kind ? Cluster.Resource : Rendered.FirstOrDefault(r => r.Kind == kind)?.Resource;
}

/// <summary>A kind and its REST resource.</summary>
public sealed record CapiKind(string Kind, ApiResource Resource)
{
    /// <summary>The apiVersion objects of this kind are written with, e.g. <c>cluster.x-k8s.io/v1beta1</c>.</summary>
    public string ApiVersion => Resource.ApiVersion;

    /// <summary>The API group (empty for the core group).</summary>
    public string Group => Resource.Group;

    public static implicit operator ApiResource(CapiKind kind) => kind?.Resource!;
}
