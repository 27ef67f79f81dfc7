namespace Nutanix.Capi.Model;

/// <summary>
/// How the objects of a workload cluster are named and labelled: the renderer names them this way and the reader
/// and lifecycle find them again the same way (one policy, written once).
/// </summary>
public static class ClusterNaming
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "terraform-provider-nutanix";
    public const string ClusterNameLabel = "cluster.x-k8s.io/cluster-name";
    public const string DeploymentNameLabel = "cluster.x-k8s.io/deployment-name";
    public const string ControlPlaneLabel = "cluster.x-k8s.io/control-plane";
    public const string AddonLabelPrefix = "addons.terraform-provider-nutanix/";

    /// <summary>The worker pool a MachineDeployment renders, as a label on it.</summary>
    public const string WorkerPoolLabel = "nutanix.terraform.io/worker-pool";

    /// <summary>The path of the kube-vip static pod manifest on control-plane nodes.</summary>
    public const string KubeVipManifestPath = "/etc/kubernetes/manifests/kube-vip.yaml";

    /// <summary>Label selector of every object of a cluster (ours and CAPI's).</summary>
    public static string ClusterSelector(string cluster) => $"{ClusterNameLabel}={cluster}";

    /// <summary>Label selector of the objects this provider rendered for a cluster.</summary>
    public static string OwnSelector(string cluster) => $"{ClusterNameLabel}={cluster},{ManagedByLabel}={ManagedByValue}";

    public static string CredentialsSecret(string cluster) => cluster + "-credentials";

    public static string TrustBundleConfigMap(string cluster) => cluster + "-pc-trusted-ca-bundle";

    public static string KubeconfigSecret(string cluster) => cluster + "-kubeconfig";

    public static string ControlPlane(string cluster) => cluster + "-kcp";

    public static string MachineHealthCheck(string cluster) => cluster + "-mhc";

    public static string MachineDeployment(string cluster, string pool) => $"{cluster}-{pool}";

    /// <summary>The addon's ConfigMap and ClusterResourceSet (same name).</summary>
    public static string Addon(string cluster, string addon) => $"{cluster}-addon-{addon}";

    /// <summary>The addon a ClusterResourceSet or ConfigMap name belongs to; null for other names.</summary>
    public static string? AddonOf(string cluster, string objectName) =>
        objectName.StartsWith(cluster + "-addon-", StringComparison.Ordinal) ? objectName[(cluster.Length + "-addon-".Length)..] : null;

    /// <summary>The pool of a MachineDeployment name (the name itself when it does not follow the naming).</summary>
    public static string PoolOfDeployment(string cluster, string deployment) =>
        deployment.StartsWith(cluster + "-", StringComparison.Ordinal) ? deployment[(cluster.Length + 1)..] : deployment;
}
