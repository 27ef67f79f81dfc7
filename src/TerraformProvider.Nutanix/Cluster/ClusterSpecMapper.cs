using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// Maps <see cref="ClusterConfig"/> to the renderer's <see cref="WorkloadClusterSpec"/>, renders it, stamps our
/// annotations on the Cluster, and produces the redacted YAML kept in the <c>manifests</c> attribute.
/// </summary>
internal static class ClusterSpecMapper
{
    public const string CloudAccountAnnotation = ClusterNaming.CloudAccountAnnotation;
    public const string Redacted = "(redacted: copied from the cloud account's credentials Secret)";

    public static WorkloadClusterSpec ToSpec(ClusterConfig config, string ns, PrismCentralEndpoint prismCentral, PrismCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new WorkloadClusterSpec
        {
            Name = config.Name,
            Namespace = ns,
            KubernetesVersion = config.KubernetesVersion,
            PrismCentral = prismCentral,
            Credentials = credentials,
            ControlPlane = new ControlPlaneSpec(
                checked((int)config.ControlPlane.Replicas),
                Machine(config, config.ControlPlane.Machine),
                config.ControlPlane.EndpointIp,
                checked((int)config.ControlPlane.EndpointPort)),
            WorkerPools = (config.WorkerPools ?? new Dictionary<string, WorkerPoolConfig>())
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new WorkerPoolSpec
                {
                    Name = p.Key,
                    Replicas = p.Value.Replicas is { } replicas ? checked((int)replicas) : null,
                    Autoscaling = p.Value.Autoscaling is { } a ? new AutoscalingSpec(checked((int)a.Min), checked((int)a.Max)) : null,
                    Machine = Machine(config, p.Value.Machine),
                    NodeLabels = p.Value.Labels ?? new Dictionary<string, string>(),
                    Taints = (p.Value.Taints ?? []).Select(t => new NodeTaint(t.Key, t.Value, t.Effect)).ToList(),
                })
                .ToList(),
            PodCidr = config.Network.PodCidr,
            ServiceCidr = config.Network.ServiceCidr,
            ServiceDomain = config.Network.ServiceDomain,
            SshAuthorizedKeys = config.SshAuthorizedKeys ?? [],
            KubeVipImage = config.KubeVip.Image,
            KubeVipServices = config.KubeVip.Services,
            MachineHealthCheck = config.MachineHealthCheck is { Enabled: true } check
                ? new MachineHealthCheckSpec
                {
                    MaxUnhealthy = check.MaxUnhealthy,
                    NodeStartupTimeout = check.NodeStartupTimeout,
                    UnhealthyNodeConditions = check.Conditions.Select(c => new UnhealthyNodeCondition(c.Type, c.Status, c.Timeout)).ToList(),
                }
                : null,
            Addons = (config.Addons ?? new Dictionary<string, AddonConfig>())
                .OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => new AddonManifest(a.Key, a.Value.Manifests, a.Value.Strategy == "Reconcile"))
                .ToList(),
            Ccm = config.Ccm.ToSpec(),
        };
    }

    /// <summary>Renders the cluster, with the annotations that let Read and import find the account and settings again.</summary>
    public static RenderedCluster Render(ClusterConfig config, string ns, string? pcgId, PrismCentralEndpoint prismCentral, PrismCredentials credentials) =>
        ClusterRenderer.Render(ToSpec(config, ns, prismCentral, credentials) with { ClusterAnnotations = Annotations(config, pcgId) });

    /// <summary>
    /// The Cluster's annotations: the cloud account and gateway, and the settings with no CAPI counterpart
    /// (<c>wait_for</c>, <c>timeouts</c>), recorded so that import reconstructs them too.
    /// </summary>
    private static Dictionary<string, string> Annotations(ClusterConfig config, string? pcgId)
    {
        var annotations = new Dictionary<string, string> { [ClusterNaming.CloudAccountAnnotation] = config.CloudAccountId };
        if (pcgId is not null) annotations[ClusterNaming.PcgAnnotation] = pcgId;
        annotations[ClusterNaming.WaitForAnnotation] = config.WaitFor;
        if (config.Timeouts is { } t) annotations[ClusterNaming.TimeoutsAnnotation] = ClusterReconstruction.TimeoutsJson(t);

        return annotations;
    }

    /// <summary>
    /// The manifests as YAML with the credentials Secret's data replaced by a note (the password never reaches
    /// state) and each addon ConfigMap's content by its size and SHA-256 digest: an addon may be passed through
    /// <c>sensitive(...)</c>, and Terraform cannot carry that mark over to this computed attribute, so the content
    /// must not be here in clear. The digest still changes whenever the content does, so the plan shows that the
    /// addon changes; the content itself is in <c>addons</c>, which keeps the user's sensitivity mark.
    /// </summary>
    public static string RedactedYaml(RenderedCluster rendered) => rendered.ToRedactedYaml(Redacted);

    /// <summary>What <c>manifests</c> shows in place of an addon's content: its size and SHA-256 digest.</summary>
    public static string AddonDigest(string content) => RenderedCluster.AddonDigest(content);

    private static MachineSpec Machine(ClusterConfig config, MachineConfig m) => new()
    {
        VcpuSockets = checked((int)m.VcpuSockets),
        VcpusPerSocket = checked((int)m.VcpusPerSocket),
        Memory = Quantity.Parse(m.Memory),
        SystemDiskSize = Quantity.Parse(m.SystemDisk),
        Cluster = NutanixResourceIdentifier.Parse(config.PrismElementCluster),
        Subnets = config.Subnets.Select(NutanixResourceIdentifier.Parse).ToList(),
        Image = config.Image is null ? null : NutanixResourceIdentifier.Parse(config.Image),
        ImageLookup = config.ImageLookup is null ? null : new ImageLookup(config.ImageLookup.BaseOs, config.ImageLookup.Format),
        BootType = m.BootType == "uefi" ? BootType.Uefi : BootType.Legacy,
        Project = m.Project is null ? null : NutanixResourceIdentifier.Parse(m.Project),
        AdditionalCategories = (m.Categories ?? new Dictionary<string, string>()).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new CategoryIdentifier(c.Key, c.Value)).ToList(),
        DataDisks = (m.DataDisks ?? []).Select(d => new DataDisk
        {
            Size = Quantity.Parse(d.Size),
            DeviceType = d.DeviceType,
            AdapterType = d.AdapterType,
            DeviceIndex = d.DeviceIndex is { } i ? checked((int)i) : null,
            DiskMode = d.DiskMode,
            StorageContainer = d.StorageContainer is null ? null : NutanixResourceIdentifier.Parse(d.StorageContainer),
            DataSource = d.DataSource is null ? null : NutanixResourceIdentifier.Parse(d.DataSource),
        }).ToList(),
        Gpus = (m.Gpus ?? []).Select(GpuIdentifier.Parse).ToList(),
    };
}
