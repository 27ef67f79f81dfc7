using System.Globalization;
using System.Text.Json.Nodes;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>
/// What <see cref="ClusterReader"/> rebuilt: the spec, and which machine shapes could not be read because the
/// template the control plane or a pool references is gone (<c>controlPlane</c> or the pool name); those carry a
/// zero-sized placeholder shape. The credentials are never read back: <see cref="WorkloadClusterSpec.Credentials"/>
/// is <see cref="PrismCredentials.NotRead"/>.
/// </summary>
public sealed record ReadCluster(WorkloadClusterSpec Spec, IReadOnlySet<string> MissingMachines)
{
    public const string ControlPlaneMachine = "controlPlane";
}

/// <summary>
/// The inverse of <see cref="ClusterRenderer"/>: rebuilds the <see cref="WorkloadClusterSpec"/> from the live objects
/// (replicas, versions, machine shapes from the referenced templates, pools with their labels split back from the
/// node-label policy, taints, autoscaling, the health check, addons, kube-vip, Prism Central). For a spec the renderer
/// rendered, reading the rendered objects gives the spec back (the round-trip property test checks it).
/// </summary>
public static class ClusterReader
{
    public static ReadCluster Read(LiveCluster live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var cluster = CapiJson.Read(live.Cluster, CapiJsonContext.Default.ClusterObject);
        var nutanixCluster = CapiJson.Read(live.NutanixCluster, CapiJsonContext.Default.NutanixClusterObject);
        var kcp = CapiJson.Read(live.ControlPlane, CapiJsonContext.Default.KubeadmControlPlaneObject);
        var missing = new SortedSet<string>(StringComparer.Ordinal);

        var cpTemplateName = kcp?.Spec?.MachineTemplate?.Spec?.InfrastructureRef?.Name ?? kcp?.Spec?.MachineTemplate?.InfrastructureRef?.Name;
        var cpMachine = MachineOf(live, cpTemplateName);
        if (cpMachine is null) missing.Add(ReadCluster.ControlPlaneMachine);

        var pools = new List<WorkerPoolSpec>();
        foreach (var mdObject in live.MachineDeployments)
        {
            var md = CapiJson.Read(mdObject, CapiJsonContext.Default.MachineDeploymentObject);
            var pool = PoolName(live.Name, md);
            var machine = MachineOf(live, md?.Spec?.Template?.Spec?.InfrastructureRef?.Name);
            if (machine is null) missing.Add(pool);
            var kctName = md?.Spec?.Template?.Spec?.Bootstrap?.ConfigRef?.Name;
            var kct = kctName is not null && live.BootstrapTemplates.TryGetValue(kctName, out var k)
                ? CapiJson.Read(k, CapiJsonContext.Default.KubeadmConfigTemplateObject)?.Spec?.Template?.Spec
                : null;
            pools.Add(new WorkerPoolSpec
            {
                Name = pool,
                Replicas = md?.Spec?.Replicas is { } r ? checked((int)r) : null,
                Machine = machine ?? Placeholder,
                NodeLabels = NodeLabels(md, kct),
                Taints = (kct?.JoinConfiguration?.NodeRegistration?.Taints ?? [])
                    .Select(t => new NodeTaint(t.Key ?? "", string.IsNullOrEmpty(t.Value) ? null : t.Value, t.Effect ?? "NoSchedule")).ToList(),
                Autoscaling = Autoscaling(md?.Metadata?.Annotations),
            });
        }

        var addons = new List<AddonManifest>();
        foreach (var crsObject in live.ClusterResourceSets)
        {
            var crs = CapiJson.Read(crsObject, CapiJsonContext.Default.ClusterResourceSetObject);
            if (crs?.Metadata?.Name is not { } crsName || ClusterNaming.AddonOf(live.Name, crsName) is not { } addon) continue;
            var configMap = live.ConfigMaps.TryGetValue(crsName, out var cm) ? CapiJson.Read(cm, CapiJsonContext.Default.ConfigMapObject) : null;
            var manifests = configMap?.Data is { } data && data.TryGetValue(addon + ".yaml", out var yaml) ? yaml : "";
            addons.Add(new AddonManifest(addon, manifests, crs.Spec?.Strategy == "Reconcile"));
        }

        var kubeadm = kcp?.Spec?.KubeadmConfigSpec;
        var kubeVip = kubeadm?.Files?.FirstOrDefault(f => f.Path == ClusterNaming.KubeVipManifestPath)?.Content is { } content ? KubeVipPod.Read(content) : null;
        var user = kubeadm?.Users?.FirstOrDefault();
        var endpoint = nutanixCluster?.Spec?.ControlPlaneEndpoint ?? cluster?.Spec?.ControlPlaneEndpoint;
        var network = cluster?.Spec?.ClusterNetwork;
        var defaults = Defaults;
        var spec = new WorkloadClusterSpec
        {
            Name = live.Name,
            Namespace = live.Namespace,
            KubernetesVersion = kcp?.Spec?.Version ?? "",
            PrismCentral = PrismCentral(live, nutanixCluster) ?? new PrismCentralEndpoint(""),
            Credentials = PrismCredentials.NotRead,
            ControlPlane = new ControlPlaneSpec(
                kcp?.Spec?.Replicas is { } cpReplicas ? checked((int)cpReplicas) : 1,
                cpMachine ?? Placeholder,
                endpoint?.Host ?? "",
                endpoint?.Port is { } port ? checked((int)port) : 6443),
            WorkerPools = pools.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(),
            PodCidr = network?.Pods?.CidrBlocks?.FirstOrDefault() ?? defaults.PodCidr,
            ServiceCidr = network?.Services?.CidrBlocks?.FirstOrDefault() ?? defaults.ServiceCidr,
            ServiceDomain = network?.ServiceDomain ?? defaults.ServiceDomain,
            SshUser = user?.Name ?? defaults.SshUser,
            SshAuthorizedKeys = user?.SshAuthorizedKeys ?? [],
            KubeVipImage = kubeVip?.Image ?? defaults.KubeVipImage,
            KubeVipServices = kubeVip?.Services ?? false,
            MachineHealthCheck = HealthCheck(live.MachineHealthCheck),
            Addons = addons.OrderBy(a => a.Name, StringComparer.Ordinal).ToList(),
            Ccm = CcmAddonBuilder.Read(live),
            ClusterAnnotations = cluster?.Metadata?.Annotations ?? [],
        };
        return new ReadCluster(spec, missing);
    }

    /// <summary>The Prism Central endpoint recorded in the NutanixCluster, with the trust bundle from its ConfigMap; null when there is none.</summary>
    public static PrismCentralEndpoint? PrismCentral(LiveCluster live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return PrismCentral(live, CapiJson.Read(live.NutanixCluster, CapiJsonContext.Default.NutanixClusterObject));
    }

    /// <summary>The pool a MachineDeployment renders: its worker-pool label, else its name without the cluster prefix.</summary>
    public static string PoolName(string clusterName, JsonObject md)
    {
        ArgumentNullException.ThrowIfNull(md);
        return PoolName(clusterName, CapiJson.Read(md, CapiJsonContext.Default.MachineDeploymentObject));
    }

    private static readonly WorkloadClusterSpec Defaults = new()
    {
        Name = "defaults",
        KubernetesVersion = "v0.0.0",
        PrismCentral = new PrismCentralEndpoint(""),
        Credentials = PrismCredentials.NotRead,
        ControlPlane = new ControlPlaneSpec(1, Placeholder, ""),
    };

    /// <summary>A machine shape that could not be read (its template is gone).</summary>
    private static MachineSpec Placeholder => new()
    {
        VcpuSockets = 0,
        VcpusPerSocket = 0,
        Memory = Quantity.Parse("0"),
        SystemDiskSize = Quantity.Parse("0"),
        Cluster = NutanixResourceIdentifier.ByName("-"),
        Subnets = [],
    };

    private static string PoolName(string clusterName, MachineDeploymentObject? md) =>
        md?.Metadata?.Labels is { } labels && labels.TryGetValue(ClusterNaming.WorkerPoolLabel, out var pool)
            ? pool
            : ClusterNaming.PoolOfDeployment(clusterName, md?.Metadata?.Name ?? "");

    private static PrismCentralEndpoint? PrismCentral(LiveCluster live, NutanixClusterObject? nutanixCluster)
    {
        var pc = nutanixCluster?.Spec?.PrismCentral;
        if (pc?.Address is not { } address) return null;
        string? bundle = null;
        if (pc.AdditionalTrustBundle?.Name is { } cmName && live.ConfigMaps.TryGetValue(cmName, out var cm)
            && CapiJson.Read(cm, CapiJsonContext.Default.ConfigMapObject)?.Data is { } data)
        {
            bundle = data.GetValueOrDefault("ca.crt");
        }

        return new PrismCentralEndpoint(address, pc.Port is { } port ? checked((int)port) : 9440, pc.Insecure == true, bundle);
    }

    private static MachineSpec? MachineOf(LiveCluster live, string? templateName)
    {
        if (templateName is null || !live.MachineTemplates.TryGetValue(templateName, out var template)) return null;
        if (CapiJson.Read(template, CapiJsonContext.Default.NutanixMachineTemplateObject)?.Spec?.Template?.Spec is not { } m) return null;
        return new MachineSpec
        {
            VcpuSockets = checked((int)(m.VcpuSockets ?? 0)),
            VcpusPerSocket = checked((int)(m.VcpusPerSocket ?? 0)),
            Memory = QuantityOf(m.MemorySize),
            SystemDiskSize = QuantityOf(m.SystemDiskSize),
            Cluster = Identifier(m.Cluster) ?? NutanixResourceIdentifier.ByName("-"),
            Subnets = (m.Subnet ?? []).Select(Identifier).OfType<NutanixResourceIdentifier>().ToList(),
            Image = Identifier(m.Image),
            ImageLookup = m.ImageLookup is { } lookup ? new ImageLookup(lookup.BaseOS ?? "", lookup.Format) : null,
            BootType = m.BootType == "uefi" ? BootType.Uefi : BootType.Legacy,
            Project = Identifier(m.Project),
            AdditionalCategories = (m.AdditionalCategories ?? []).Select(c => new CategoryIdentifier(c.Key ?? "", c.Value ?? "")).ToList(),
            DataDisks = (m.DataDisks ?? []).Select(d => new DataDisk
            {
                Size = QuantityOf(d.DiskSize),
                DeviceType = d.DeviceProperties?.DeviceType ?? "Disk",
                AdapterType = d.DeviceProperties?.AdapterType ?? "SCSI",
                DeviceIndex = d.DeviceProperties?.DeviceIndex is { } index ? checked((int)index) : null,
                DiskMode = d.StorageConfig?.DiskMode,
                StorageContainer = Identifier(d.StorageConfig?.StorageContainer),
                DataSource = Identifier(d.DataSource),
            }).ToList(),
            Gpus = (m.Gpus ?? []).Select(g => g.Type == "deviceID" ? new GpuIdentifier(g.DeviceID, null) : new GpuIdentifier(null, g.Name)).ToList(),
        };
    }

    private static Quantity QuantityOf(string? text) => Quantity.TryParse(text, out var q) ? q : Quantity.Parse("0");

    private static NutanixResourceIdentifier? Identifier(ResourceIdentifier? id) => id switch
    {
        null => null,
        { Type: "uuid", Uuid: { } uuid } => NutanixResourceIdentifier.ByUuid(uuid),
        { Type: "uuid" } => null,
        { Name: { } name } => NutanixResourceIdentifier.ByName(name),
        _ => null,
    };

    /// <summary>The pool's labels: the CAPI-synced ones from the machine template, the rest from the kubelet's <c>--node-labels</c>.</summary>
    private static Dictionary<string, string> NodeLabels(MachineDeploymentObject? md, KubeadmConfigSpec? kct)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in md?.Spec?.Template?.Metadata?.Labels ?? [])
        {
            if (k is ClusterNaming.ClusterNameLabel or ClusterNaming.DeploymentNameLabel) continue;
            labels[k] = v;
        }

        var nodeLabels = kct?.JoinConfiguration?.NodeRegistration?.KubeletExtraArgs?.FirstOrDefault(a => a.Name == "node-labels")?.Value;
        foreach (var (k, v) in NodeLabelPolicy.ParseKubeletArgument(nodeLabels)) labels[k] = v;
        return labels;
    }

    private static AutoscalingSpec? Autoscaling(Dictionary<string, string>? annotations)
    {
        if (annotations is null
            || !annotations.TryGetValue(WorkerPoolBuilder.AutoscalerMinAnnotation, out var minText)
            || !annotations.TryGetValue(WorkerPoolBuilder.AutoscalerMaxAnnotation, out var maxText)
            || !int.TryParse(minText, NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var max))
        {
            return null;
        }

        return new AutoscalingSpec(min, max);
    }

    private static MachineHealthCheckSpec? HealthCheck(JsonObject? mhcObject)
    {
        if (CapiJson.Read(mhcObject, CapiJsonContext.Default.MachineHealthCheckObject)?.Spec is not { } mhc) return null;
        return new MachineHealthCheckSpec
        {
            UnhealthyNodeConditions = (mhc.UnhealthyConditions ?? []).Select(c => new UnhealthyNodeCondition(c.Type ?? "", c.Status ?? "", c.Timeout ?? "")).ToList(),
            MaxUnhealthy = mhc.MaxUnhealthy ?? "100%",
            NodeStartupTimeout = mhc.NodeStartupTimeout,
        };
    }
}
