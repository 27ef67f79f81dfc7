namespace Nutanix.Capi.Rendering;

/// <summary>Everything needed to render one CAPI/CAPX workload cluster.</summary>
public sealed record WorkloadClusterSpec
{
    /// <summary>Cluster name: a DNS-1123 label of at most 63 characters.</summary>
    public required string Name { get; init; }

    public string Namespace { get; init; } = "default";

    /// <summary>Kubernetes version, with or without the leading "v" (rendered as "v1.31.4").</summary>
    public required string KubernetesVersion { get; init; }

    public required PrismCentralEndpoint PrismCentral { get; init; }

    public required PrismCredentials Credentials { get; init; }

    public required ControlPlaneSpec ControlPlane { get; init; }

    public IReadOnlyList<WorkerPoolSpec> WorkerPools { get; init; } = [];

    public string PodCidr { get; init; } = "172.20.0.0/16";

    public string ServiceCidr { get; init; } = "172.19.0.0/16";

    public string ServiceDomain { get; init; } = "cluster.local";

    /// <summary>The node OS user created by cloud-init.</summary>
    public string SshUser { get; init; } = "capiuser";

    public IReadOnlyList<string> SshAuthorizedKeys { get; init; } = [];

    public string KubeVipImage { get; init; } = "ghcr.io/kube-vip/kube-vip:v0.9.2";

    /// <summary>Enables kube-vip Service load balancing (svc_enable, lb_enable, enableServicesElection).</summary>
    public bool KubeVipServices { get; init; }

    /// <summary>Render a MachineHealthCheck like the CAPX template.</summary>
    public bool MachineHealthCheck { get; init; } = true;

    /// <summary>Addon manifests (e.g. CNI, CCM) delivered through ClusterResourceSets.</summary>
    public IReadOnlyList<AddonManifest> Addons { get; init; } = [];

    /// <summary>Extra labels put on every rendered object.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

/// <summary>The control plane: a KubeadmControlPlane fronted by a kube-vip VIP.</summary>
/// <param name="Replicas">1, 3 or 5 in practice (odd for etcd quorum).</param>
/// <param name="Machine">VM shape.</param>
/// <param name="EndpointHost">The control-plane VIP (kube-vip address), an IP in the node subnet.</param>
/// <param name="EndpointPort">API server port on the VIP.</param>
public sealed record ControlPlaneSpec(int Replicas, MachineSpec Machine, string EndpointHost, int EndpointPort = 6443);

/// <summary>A worker node pool: a MachineDeployment with its templates.</summary>
public sealed record WorkerPoolSpec
{
    /// <summary>Pool name: a DNS-1123 label; object names are derived from it.</summary>
    public required string Name { get; init; }

    public required int Replicas { get; init; }

    public required MachineSpec Machine { get; init; }

    /// <summary>Node labels.</summary>
    public IReadOnlyDictionary<string, string> NodeLabels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<NodeTaint> Taints { get; init; } = [];

    /// <summary>
    /// Cluster-autoscaler bounds; when both are set the autoscaler annotations are rendered and
    /// <c>spec.replicas</c> is left out of the MachineDeployment (the autoscaler owns it).
    /// </summary>
    public int? AutoscalerMin { get; init; }

    public int? AutoscalerMax { get; init; }
}

/// <summary>A node taint; <see cref="Effect"/> is NoSchedule, PreferNoSchedule or NoExecute.</summary>
public sealed record NodeTaint(string Key, string? Value, string Effect);

/// <summary>An addon: a multi-document YAML applied to the workload cluster by a ClusterResourceSet.</summary>
/// <param name="Name">Addon name (DNS-1123 label), e.g. "cni".</param>
/// <param name="Manifests">The YAML to apply.</param>
/// <param name="Reconcile">Use the Reconcile strategy instead of ApplyOnce.</param>
public sealed record AddonManifest(string Name, string Manifests, bool Reconcile = false);
