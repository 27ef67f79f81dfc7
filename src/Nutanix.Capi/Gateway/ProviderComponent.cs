namespace Nutanix.Capi.Gateway;

/// <summary>
/// One Cluster API provider a gateway needs, named as clusterctl names it: the local-repository directory
/// (<c>&lt;dir&gt;/&lt;Name&gt;/&lt;version&gt;/&lt;ComponentsFile&gt;</c>), the inventory <c>Provider</c> type and
/// <c>providerName</c>, and where clusterctl installs its controller.
/// </summary>
public sealed record ProviderComponent(
    string Name,
    string ProviderType,
    string ProviderName,
    string ComponentsFile,
    string DefaultNamespace,
    string Deployment)
{
    public static readonly ProviderComponent Core = new("cluster-api", "CoreProvider", "cluster-api", "core-components.yaml", "capi-system", "capi-controller-manager");

    public static readonly ProviderComponent KubeadmBootstrap = new("bootstrap-kubeadm", "BootstrapProvider", "kubeadm", "bootstrap-components.yaml",
        "capi-kubeadm-bootstrap-system", "capi-kubeadm-bootstrap-controller-manager");

    public static readonly ProviderComponent KubeadmControlPlane = new("control-plane-kubeadm", "ControlPlaneProvider", "kubeadm", "control-plane-components.yaml",
        "capi-kubeadm-control-plane-system", "capi-kubeadm-control-plane-controller-manager");

    public static readonly ProviderComponent Nutanix = new("infrastructure-nutanix", "InfrastructureProvider", "nutanix", "infrastructure-components.yaml",
        "capx-system", "capx-controller-manager");

    /// <summary>What a gateway needs, in install order.</summary>
    public static IReadOnlyList<ProviderComponent> Required { get; } = [Core, KubeadmBootstrap, KubeadmControlPlane, Nutanix];

    public static ProviderComponent? Find(string name) => Required.FirstOrDefault(c => c.Name == name);
}
