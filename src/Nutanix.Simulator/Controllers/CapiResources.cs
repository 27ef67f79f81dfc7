using Nutanix.Simulator.Kube;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// The resource types the emulated controllers work with, looked up in the store's registry at the start of each pass
/// (a kind is null until its CRD is installed).
/// </summary>
internal sealed class CapiResources
{
    public const string CoreGroup = "cluster.x-k8s.io";
    public const string ControlPlaneGroup = "controlplane.cluster.x-k8s.io";
    public const string BootstrapGroup = "bootstrap.cluster.x-k8s.io";
    public const string InfrastructureGroup = "infrastructure.cluster.x-k8s.io";
    public const string AddonsGroup = "addons.cluster.x-k8s.io";

    public CapiResources(ResourceRegistry registry)
    {
        Secret = registry.Find("", "secrets") ?? throw new InvalidOperationException("the registry has no secrets resource");
        Deployment = registry.Find("apps", "deployments") ?? throw new InvalidOperationException("the registry has no deployments resource");
        ConfigMap = registry.Find("", "configmaps");
        ClusterResourceSet = registry.Find(AddonsGroup, "clusterresourcesets");
        Cluster = registry.Find(CoreGroup, "clusters");
        Machine = registry.Find(CoreGroup, "machines");
        MachineSet = registry.Find(CoreGroup, "machinesets");
        MachineDeployment = registry.Find(CoreGroup, "machinedeployments");
        KubeadmControlPlane = registry.Find(ControlPlaneGroup, "kubeadmcontrolplanes");
        KubeadmConfig = registry.Find(BootstrapGroup, "kubeadmconfigs");
        KubeadmConfigTemplate = registry.Find(BootstrapGroup, "kubeadmconfigtemplates");
        NutanixCluster = registry.Find(InfrastructureGroup, "nutanixclusters");
        NutanixMachine = registry.Find(InfrastructureGroup, "nutanixmachines");
        NutanixMachineTemplate = registry.Find(InfrastructureGroup, "nutanixmachinetemplates");
        Registry = registry;
    }

    public ResourceRegistry Registry { get; }
    public ResourceType Secret { get; }
    public ResourceType Deployment { get; }
    public ResourceType? ConfigMap { get; }
    public ResourceType? ClusterResourceSet { get; }
    public ResourceType? Cluster { get; }
    public ResourceType? Machine { get; }
    public ResourceType? MachineSet { get; }
    public ResourceType? MachineDeployment { get; }
    public ResourceType? KubeadmControlPlane { get; }
    public ResourceType? KubeadmConfig { get; }
    public ResourceType? KubeadmConfigTemplate { get; }
    public ResourceType? NutanixCluster { get; }
    public ResourceType? NutanixMachine { get; }
    public ResourceType? NutanixMachineTemplate { get; }

    /// <summary>The resource for a reference's group and kind, or null when the store does not serve it.</summary>
    public ResourceType? For(ObjectRef reference) => Registry.FindByKind(reference.Group, reference.Kind);

    /// <summary>True for the kinds the controllers react to (see <see cref="Watched"/>), served or not yet.</summary>
    public static bool IsWatched(ResourceType type) => (type.Group, type.Plural) switch
    {
        ("apps", "deployments") or ("", "secrets") => true,
        (CoreGroup, "clusters" or "machines" or "machinesets" or "machinedeployments") => true,
        (ControlPlaneGroup, "kubeadmcontrolplanes") => true,
        (BootstrapGroup, "kubeadmconfigs" or "kubeadmconfigtemplates") => true,
        (InfrastructureGroup, "nutanixclusters" or "nutanixmachines" or "nutanixmachinetemplates") => true,
        (AddonsGroup, "clusterresourcesets") => true,
        (CertManagerController.Group, "certificates" or "issuers" or "clusterissuers") => true,
        ("admissionregistration.k8s.io", _) => true,
        _ => false,
    };

    /// <summary>Every type the controllers watch (those the registry serves).</summary>
    public IEnumerable<ResourceType> Watched()
    {
        ResourceType?[] all =
        [
            Deployment, Secret, Cluster, Machine, MachineSet, MachineDeployment, KubeadmControlPlane, KubeadmConfig,
            KubeadmConfigTemplate, NutanixCluster, NutanixMachine, NutanixMachineTemplate, ClusterResourceSet,
        ];
        return all.OfType<ResourceType>();
    }
}
