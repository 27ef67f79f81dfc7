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

    /// <summary>The cluster's MachineHealthCheck (the CAPX template's by default); null renders none.</summary>
    public MachineHealthCheckSpec? MachineHealthCheck { get; init; } = MachineHealthCheckSpec.Default;

    /// <summary>Addon manifests (e.g. CNI, CCM) delivered through ClusterResourceSets.</summary>
    public IReadOnlyList<AddonManifest> Addons { get; init; } = [];

    /// <summary>The Nutanix cloud controller manager (<see cref="CcmAddonBuilder"/>); null renders none.</summary>
    public CcmSpec? Ccm { get; init; }

    /// <summary>Extra labels put on every rendered object.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Annotations put on the Cluster object, in this order (e.g. settings of the caller with no CAPI counterpart).</summary>
    public IReadOnlyDictionary<string, string> ClusterAnnotations { get; init; } = new Dictionary<string, string>();
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

    /// <summary>The node count; null (and not rendered) when <see cref="Autoscaling"/> owns it.</summary>
    public int? Replicas { get; init; }

    public required MachineSpec Machine { get; init; }

    /// <summary>Node labels.</summary>
    public IReadOnlyDictionary<string, string> NodeLabels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<NodeTaint> Taints { get; init; } = [];

    /// <summary>
    /// Cluster-autoscaler bounds; when set, the autoscaler's node-group size annotations are rendered and
    /// <c>spec.replicas</c> is left out of the MachineDeployment (the autoscaler owns it).
    /// </summary>
    public AutoscalingSpec? Autoscaling { get; init; }
}

/// <summary>
/// Cluster API cluster-autoscaler bounds of a node group: rendered as the MachineDeployment annotations
/// <c>cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size</c> and <c>-max-size</c>.
/// </summary>
public sealed record AutoscalingSpec(int Min, int Max);

/// <summary>
/// A MachineHealthCheck over all the cluster's machines: a Machine whose Node has one of
/// <see cref="UnhealthyNodeConditions"/> for longer than its timeout, or that has no Node after
/// <see cref="NodeStartupTimeout"/>, is remediated (replaced) while no more than <see cref="MaxUnhealthy"/> machines are
/// unhealthy. Durations are Go/Kubernetes duration strings (<c>300s</c>, <c>10m</c>).
/// </summary>
public sealed record MachineHealthCheckSpec
{
    /// <summary>What the CAPX cluster template renders: Ready False/Unknown and the pressure conditions for 300s, 40%, 10m.</summary>
    public static MachineHealthCheckSpec Default { get; } = new()
    {
        UnhealthyNodeConditions =
        [
            new("Ready", "False", "300s"),
            new("Ready", "Unknown", "300s"),
            new("MemoryPressure", "True", "300s"),
            new("DiskPressure", "True", "300s"),
            new("PIDPressure", "True", "300s"),
            new("NetworkUnavailable", "True", "300s"),
        ],
    };

    public IReadOnlyList<UnhealthyNodeCondition> UnhealthyNodeConditions { get; init; } = [];

    /// <summary>An absolute count (<c>3</c>) or a percentage of the selected machines (<c>40%</c>).</summary>
    public string MaxUnhealthy { get; init; } = "40%";

    /// <summary>Null leaves CAPI's default (10m).</summary>
    public string? NodeStartupTimeout { get; init; } = "10m";
}

/// <summary>A Node condition (<see cref="Status"/> True, False or Unknown) that makes a machine unhealthy after <see cref="Timeout"/>.</summary>
public sealed record UnhealthyNodeCondition(string Type, string Status, string Timeout);

/// <summary>A node taint; <see cref="Effect"/> is NoSchedule, PreferNoSchedule or NoExecute.</summary>
public sealed record NodeTaint(string Key, string? Value, string Effect);

/// <summary>An addon: a multi-document YAML applied to the workload cluster by a ClusterResourceSet.</summary>
/// <param name="Name">Addon name (DNS-1123 label), e.g. "cni".</param>
/// <param name="Manifests">The YAML to apply.</param>
/// <param name="Reconcile">Use the Reconcile strategy instead of ApplyOnce.</param>
public sealed record AddonManifest(string Name, string Manifests, bool Reconcile = false);
