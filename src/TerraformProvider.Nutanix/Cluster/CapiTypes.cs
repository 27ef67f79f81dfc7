using Nutanix.Capi.Management;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>The REST resources of the CAPI/CAPX objects a cluster consists of.</summary>
internal static class CapiTypes
{
    public static readonly ApiResource Cluster = new("cluster.x-k8s.io", "v1beta1", "clusters");
    public static readonly ApiResource MachineDeployment = new("cluster.x-k8s.io", "v1beta1", "machinedeployments");
    public static readonly ApiResource MachineSet = new("cluster.x-k8s.io", "v1beta1", "machinesets");
    public static readonly ApiResource Machine = new("cluster.x-k8s.io", "v1beta1", "machines");
    public static readonly ApiResource MachineHealthCheck = new("cluster.x-k8s.io", "v1beta1", "machinehealthchecks");
    public static readonly ApiResource KubeadmControlPlane = new("controlplane.cluster.x-k8s.io", "v1beta2", "kubeadmcontrolplanes");
    public static readonly ApiResource KubeadmConfigTemplate = new("bootstrap.cluster.x-k8s.io", "v1beta2", "kubeadmconfigtemplates");
    public static readonly ApiResource NutanixCluster = new("infrastructure.cluster.x-k8s.io", "v1beta1", "nutanixclusters");
    public static readonly ApiResource NutanixMachineTemplate = new("infrastructure.cluster.x-k8s.io", "v1beta1", "nutanixmachinetemplates");
    public static readonly ApiResource NutanixMachine = new("infrastructure.cluster.x-k8s.io", "v1beta1", "nutanixmachines");
    public static readonly ApiResource ClusterResourceSet = new("addons.cluster.x-k8s.io", "v1beta2", "clusterresourcesets");
    public static readonly ApiResource Secret = new("", "v1", "secrets");
    public static readonly ApiResource ConfigMap = new("", "v1", "configmaps");

    /// <summary>Kinds we render and may need to prune or clean up, in deletion order.</summary>
    public static readonly IReadOnlyList<(string Kind, ApiResource Resource)> Rendered =
    [
        ("MachineDeployment", MachineDeployment),
        ("MachineHealthCheck", MachineHealthCheck),
        ("ClusterResourceSet", ClusterResourceSet),
        ("KubeadmControlPlane", KubeadmControlPlane),
        ("NutanixCluster", NutanixCluster),
        ("KubeadmConfigTemplate", KubeadmConfigTemplate),
        ("NutanixMachineTemplate", NutanixMachineTemplate),
        ("ConfigMap", ConfigMap),
        ("Secret", Secret),
    ];

    public static ApiResource? ForKind(string kind) =>
        kind == "Cluster" ? Cluster : Rendered.FirstOrDefault(r => r.Kind == kind).Resource;
}
