using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// The arguments of a <c>nutanix_cluster</c> as typed values: what the configuration asks for, and what Read
/// reconstructs from the live objects. Converts to and from the schema's cty object.
/// </summary>
internal sealed record ClusterConfig
{
    public required string Name { get; init; }

    public required string CloudAccountId { get; init; }

    public string? PcgId { get; init; }

    public required string KubernetesVersion { get; init; }

    public required string PrismElementCluster { get; init; }

    public required IReadOnlyList<string> Subnets { get; init; }

    public string? Image { get; init; }

    public ImageLookupConfig? ImageLookup { get; init; }

    public required ControlPlaneConfig ControlPlane { get; init; }

    /// <summary>Null when the configuration has no <c>worker_pools</c>.</summary>
    public IReadOnlyDictionary<string, WorkerPoolConfig>? WorkerPools { get; init; }

    public NetworkConfig Network { get; init; } = NetworkConfig.FromCty(ClusterSchema.Network.Default!);

    public IReadOnlyList<string>? SshAuthorizedKeys { get; init; }

    public KubeVipConfig KubeVip { get; init; } = KubeVipConfig.FromCty(ClusterSchema.KubeVip.Default!);

    public IReadOnlyDictionary<string, AddonConfig>? Addons { get; init; }

    public HealthCheckConfig MachineHealthCheck { get; init; } = HealthCheckConfig.Default;

    public CcmConfig Ccm { get; init; } = CcmConfig.Default;

    public string WaitFor { get; init; } = Cty.StrOrDefault(CtyValue.Null(ClusterSchema.Type), ClusterSchema.Schema.Attributes, "wait_for");

    public TimeoutsConfig? Timeouts { get; init; }

    /// <summary>Reads the arguments from a known configuration, plan or state object.</summary>
    public static ClusterConfig FromCty(CtyValue value)
    {
        var cp = value["control_plane"];
        var root = ClusterSchema.Schema.Attributes;
        var network = Cty.ObjectOrDefault(value, root, "network");
        var kubeVip = Cty.ObjectOrDefault(value, root, "kube_vip");
        var lookup = value["image_lookup"];
        var timeouts = value["timeouts"];
        return new ClusterConfig
        {
            Name = Cty.Str(value, "name") ?? "",
            CloudAccountId = Cty.Str(value, "cloud_account_id") ?? "",
            PcgId = Cty.Str(value, "pcg_id"),
            KubernetesVersion = Cty.Str(value, "kubernetes_version") ?? "",
            PrismElementCluster = Cty.Str(value, "prism_element_cluster") ?? "",
            Subnets = Cty.Strings(value, "subnets") ?? [],
            Image = Cty.Str(value, "image"),
            ImageLookup = lookup.IsNull ? null : new ImageLookupConfig(Cty.Str(lookup, "base_os") ?? "", Cty.Str(lookup, "format")),
            ControlPlane = new ControlPlaneConfig(
                Cty.Str(cp, "endpoint_ip") ?? "",
                Cty.LongOrDefault(cp, ClusterSchema.ControlPlane.Attributes, "endpoint_port"),
                Cty.LongOrDefault(cp, ClusterSchema.ControlPlane.Attributes, "replicas"),
                MachineConfig.FromCty(cp["machine"])),
            WorkerPools = value["worker_pools"] is { IsNull: false } pools
                ? pools.Entries.ToDictionary(kv => kv.Key, kv => WorkerPoolConfig.FromCty(kv.Value), StringComparer.Ordinal)
                : null,
            Network = NetworkConfig.FromCty(network),
            SshAuthorizedKeys = Cty.Strings(value, "ssh_authorized_keys"),
            KubeVip = KubeVipConfig.FromCty(kubeVip),
            Addons = value["addons"] is { IsNull: false } addons
                ? addons.Entries.ToDictionary(kv => kv.Key, kv => new AddonConfig(Cty.Str(kv.Value, "manifests") ?? "", Cty.StrOrDefault(kv.Value, ClusterSchema.Addons.Attributes, "strategy")), StringComparer.Ordinal)
                : null,
            MachineHealthCheck = HealthCheckConfig.FromCty(value["machine_health_check"]),
            Ccm = CcmConfig.FromCty(value["ccm"]),
            WaitFor = Cty.StrOrDefault(value, root, "wait_for"),
            Timeouts = timeouts.IsNull ? null : new TimeoutsConfig(Cty.Str(timeouts, "create"), Cty.Str(timeouts, "update"), Cty.Str(timeouts, "delete")),
        };
    }

    /// <summary>The full state object: these arguments plus the computed attributes.</summary>
    public CtyValue ToCty(string id, ClusterObservation observation, string? manifests)
    {
        var cpType = ClusterSchema.ControlPlane.ObjectType;
        var values = new Dictionary<string, CtyValue>
        {
            ["id"] = CtyValue.String(id),
            ["name"] = CtyValue.String(Name),
            ["cloud_account_id"] = CtyValue.String(CloudAccountId),
            ["pcg_id"] = Cty.String(PcgId),
            ["kubernetes_version"] = CtyValue.String(KubernetesVersion),
            ["prism_element_cluster"] = CtyValue.String(PrismElementCluster),
            ["subnets"] = Cty.StringList(Subnets),
            ["image"] = Cty.String(Image),
            ["image_lookup"] = ImageLookup is null
                ? CtyValue.Null(ClusterSchema.ImageLookup.ObjectType)
                : Cty.Object(ClusterSchema.ImageLookup.ObjectType, new Dictionary<string, CtyValue> { ["base_os"] = CtyValue.String(ImageLookup.BaseOs), ["format"] = Cty.String(ImageLookup.Format) }),
            ["control_plane"] = Cty.Object(cpType, new Dictionary<string, CtyValue>
            {
                ["endpoint_ip"] = CtyValue.String(ControlPlane.EndpointIp),
                ["endpoint_port"] = CtyValue.Number(ControlPlane.EndpointPort),
                ["replicas"] = CtyValue.Number(ControlPlane.Replicas),
                ["machine"] = ControlPlane.Machine.ToCty(),
            }),
            ["worker_pools"] = WorkerPools is null
                ? CtyValue.Null(ClusterSchema.WorkerPools.Type)
                : CtyValue.Map(ClusterSchema.WorkerPools.ObjectType, WorkerPools.Select(kv => new KeyValuePair<string, CtyValue>(kv.Key, kv.Value.ToCty()))),
            ["network"] = Cty.Object(ClusterSchema.Network.ObjectType, new Dictionary<string, CtyValue>
            {
                ["pod_cidr"] = CtyValue.String(Network.PodCidr),
                ["service_cidr"] = CtyValue.String(Network.ServiceCidr),
                ["service_domain"] = CtyValue.String(Network.ServiceDomain),
            }),
            ["ssh_authorized_keys"] = Cty.StringList(SshAuthorizedKeys),
            ["kube_vip"] = Cty.Object(ClusterSchema.KubeVip.ObjectType, new Dictionary<string, CtyValue>
            {
                ["image"] = CtyValue.String(KubeVip.Image),
                ["services"] = CtyValue.Bool(KubeVip.Services),
            }),
            ["addons"] = Addons is null
                ? CtyValue.Null(ClusterSchema.Addons.Type)
                : CtyValue.Map(ClusterSchema.Addons.ObjectType, Addons.Select(kv => new KeyValuePair<string, CtyValue>(kv.Key, Cty.Object(ClusterSchema.Addons.ObjectType, new Dictionary<string, CtyValue>
                {
                    ["manifests"] = CtyValue.String(kv.Value.Manifests),
                    ["strategy"] = CtyValue.String(kv.Value.Strategy),
                })))),
            ["machine_health_check"] = MachineHealthCheck.ToCty(),
            ["ccm"] = Ccm.ToCty(),
            ["wait_for"] = CtyValue.String(WaitFor),
            ["timeouts"] = Timeouts is null
                ? CtyValue.Null(ClusterSchema.Timeouts.ObjectType)
                : Cty.Object(ClusterSchema.Timeouts.ObjectType, new Dictionary<string, CtyValue>
                {
                    ["create"] = Cty.String(Timeouts.Create),
                    ["update"] = Cty.String(Timeouts.Update),
                    ["delete"] = Cty.String(Timeouts.Delete),
                }),
            ["manifests"] = Cty.String(manifests),
        };
        foreach (var (k, v) in observation.ToCty()) values[k] = v;
        return Cty.Object(ClusterSchema.Type, values);
    }
}

internal sealed record ImageLookupConfig(string BaseOs, string? Format);

internal sealed record ControlPlaneConfig(string EndpointIp, long EndpointPort, long Replicas, MachineConfig Machine);

internal sealed record NetworkConfig(string PodCidr, string ServiceCidr, string ServiceDomain)
{
    /// <summary>Reads <c>network</c>; unset attributes take the schema's defaults.</summary>
    public static NetworkConfig FromCty(CtyValue v) => new(
        Cty.StrOrDefault(v, ClusterSchema.Network.Attributes, "pod_cidr"),
        Cty.StrOrDefault(v, ClusterSchema.Network.Attributes, "service_cidr"),
        Cty.StrOrDefault(v, ClusterSchema.Network.Attributes, "service_domain"));
}

internal sealed record KubeVipConfig(string Image, bool Services)
{
    /// <summary>Reads <c>kube_vip</c>; unset attributes take the schema's defaults.</summary>
    public static KubeVipConfig FromCty(CtyValue v) =>
        new(Cty.StrOrDefault(v, ClusterSchema.KubeVip.Attributes, "image"), Cty.BoolOrDefault(v, ClusterSchema.KubeVip.Attributes, "services"));
}

internal sealed record AddonConfig(string Manifests, string Strategy);

internal sealed record TimeoutsConfig(string? Create, string? Update, string? Delete);

internal sealed record TaintConfig(string Key, string? Value, string Effect);

internal sealed record DataDiskConfig(string Size, string DeviceType, string AdapterType, long? DeviceIndex, string? DiskMode, string? StorageContainer, string? DataSource);

/// <summary>A worker pool's cluster-autoscaler bounds.</summary>
internal sealed record AutoscalingConfig(long Min, long Max);

/// <summary>An unhealthy node condition of the MachineHealthCheck.</summary>
internal sealed record ConditionConfig(string Type, string Status, string Timeout);

/// <summary>The <c>machine_health_check</c> argument (defaults: the schema's, which are <see cref="MachineHealthCheckSpec.Default"/>).</summary>
internal sealed record HealthCheckConfig(bool Enabled, string MaxUnhealthy, string? NodeStartupTimeout, IReadOnlyList<ConditionConfig> Conditions)
{
    public static HealthCheckConfig Default { get; } = FromCty(ClusterSchema.MachineHealthCheck.Default!);

    public static HealthCheckConfig FromCty(CtyValue v) => v.IsNull || !v.IsKnown
        ? Default
        : new(
            Cty.BoolOrDefault(v, ClusterSchema.MachineHealthCheck.Attributes, "enabled"),
            Cty.StrOrDefault(v, ClusterSchema.MachineHealthCheck.Attributes, "max_unhealthy"),
            Cty.Str(v, "node_startup_timeout"),
            v["unhealthy_node_conditions"] is { IsKnown: true, IsNull: false } list
                ? list.Elements.Select(c => new ConditionConfig(Cty.Str(c, "type") ?? "", Cty.Str(c, "status") ?? "", Cty.Str(c, "timeout") ?? "")).ToList()
                : []);

    public CtyValue ToCty() => Cty.Object(ClusterSchema.MachineHealthCheck.ObjectType, new Dictionary<string, CtyValue>
    {
        ["enabled"] = CtyValue.Bool(Enabled),
        ["max_unhealthy"] = CtyValue.String(MaxUnhealthy),
        ["node_startup_timeout"] = Cty.String(NodeStartupTimeout),
        ["unhealthy_node_conditions"] = CtyValue.List(ClusterSchema.UnhealthyNodeConditions.ObjectType, Conditions.Select(c => Cty.Object(ClusterSchema.UnhealthyNodeConditions.ObjectType, new Dictionary<string, CtyValue>
        {
            ["type"] = CtyValue.String(c.Type),
            ["status"] = CtyValue.String(c.Status),
            ["timeout"] = CtyValue.String(c.Timeout),
        }))),
    });

    /// <summary>Equal in meaning to <paramref name="other"/> (the conditions compared element-wise).</summary>
    public bool SameAs(HealthCheckConfig other) =>
        Enabled == other.Enabled && MaxUnhealthy == other.MaxUnhealthy && NodeStartupTimeout == other.NodeStartupTimeout && Conditions.SequenceEqual(other.Conditions);
}

/// <summary>A worker pool's arguments.</summary>
internal sealed record WorkerPoolConfig(long? Replicas, MachineConfig Machine, IReadOnlyDictionary<string, string>? Labels, IReadOnlyList<TaintConfig>? Taints, AutoscalingConfig? Autoscaling = null)
{
    public static WorkerPoolConfig FromCty(CtyValue v) => new(
        Cty.Long(v, "replicas"),
        MachineConfig.FromCty(v["machine"]),
        Cty.StringMapOf(v, "labels"),
        v["taints"] is { IsNull: false } taints
            ? taints.Elements.Select(t => new TaintConfig(Cty.Str(t, "key") ?? "", Cty.Str(t, "value"), Cty.Str(t, "effect") ?? "NoSchedule")).ToList()
            : null,
        v["autoscaling"] is { IsKnown: true, IsNull: false } scaling ? new AutoscalingConfig(Cty.Long(scaling, "min") ?? 0, Cty.Long(scaling, "max") ?? 0) : null);

    public CtyValue ToCty() => Cty.Object(ClusterSchema.WorkerPools.ObjectType, new Dictionary<string, CtyValue>
    {
        ["replicas"] = Cty.Number(Replicas),
        ["autoscaling"] = Autoscaling is null
            ? CtyValue.Null(ClusterSchema.Autoscaling.ObjectType)
            : Cty.Object(ClusterSchema.Autoscaling.ObjectType, new Dictionary<string, CtyValue> { ["min"] = CtyValue.Number(Autoscaling.Min), ["max"] = CtyValue.Number(Autoscaling.Max) }),
        ["machine"] = Machine.ToCty(),
        ["labels"] = Cty.StringMap(Labels),
        ["taints"] = Taints is null
            ? CtyValue.Null(ClusterSchema.Taints.Type)
            : CtyValue.List(ClusterSchema.Taints.ObjectType, Taints.Select(t => Cty.Object(ClusterSchema.Taints.ObjectType, new Dictionary<string, CtyValue>
            {
                ["key"] = CtyValue.String(t.Key),
                ["value"] = Cty.String(t.Value),
                ["effect"] = CtyValue.String(t.Effect),
            }))),
    });
}

/// <summary>A VM shape's arguments.</summary>
internal sealed record MachineConfig(
    long VcpuSockets,
    long VcpusPerSocket,
    string Memory,
    string SystemDisk,
    string BootType,
    string? Project,
    IReadOnlyDictionary<string, string>? Categories,
    IReadOnlyList<DataDiskConfig>? DataDisks,
    IReadOnlyList<string>? Gpus)
{
    /// <summary>The schema's default machine.</summary>
    public static MachineConfig Default { get; } = FromCty(ClusterSchema.Machine.Default!);

    /// <summary>Reads a machine; unset attributes (or a null machine) take the schema's defaults.</summary>
    public static MachineConfig FromCty(CtyValue v)
    {
        var attributes = ClusterSchema.Machine.Attributes;
        if (v.IsNull) v = ClusterSchema.Machine.Default!;
        return new MachineConfig(
            Cty.LongOrDefault(v, attributes, "vcpu_sockets"),
            Cty.LongOrDefault(v, attributes, "vcpus_per_socket"),
            Cty.StrOrDefault(v, attributes, "memory"),
            Cty.StrOrDefault(v, attributes, "system_disk"),
            Cty.StrOrDefault(v, attributes, "boot_type"),
            Cty.Str(v, "project"),
            Cty.StringMapOf(v, "categories"),
            v["data_disks"] is { IsNull: false } disks
                ? disks.Elements.Select(d => new DataDiskConfig(
                    Cty.Str(d, "size") ?? "",
                    Cty.StrOrDefault(d, ClusterSchema.DataDisks.Attributes, "device_type"),
                    Cty.StrOrDefault(d, ClusterSchema.DataDisks.Attributes, "adapter_type"),
                    Cty.Long(d, "device_index"),
                    Cty.Str(d, "disk_mode"),
                    Cty.Str(d, "storage_container"),
                    Cty.Str(d, "data_source"))).ToList()
                : null,
            Cty.Strings(v, "gpus"));
    }

    public CtyValue ToCty() => Cty.Object(ClusterSchema.Machine.ObjectType, new Dictionary<string, CtyValue>
    {
        ["vcpu_sockets"] = CtyValue.Number(VcpuSockets),
        ["vcpus_per_socket"] = CtyValue.Number(VcpusPerSocket),
        ["memory"] = CtyValue.String(Memory),
        ["system_disk"] = CtyValue.String(SystemDisk),
        ["boot_type"] = CtyValue.String(BootType),
        ["project"] = Cty.String(Project),
        ["categories"] = Cty.StringMap(Categories),
        ["data_disks"] = DataDisks is null
            ? CtyValue.Null(ClusterSchema.DataDisks.Type)
            : CtyValue.List(ClusterSchema.DataDisks.ObjectType, DataDisks.Select(d => Cty.Object(ClusterSchema.DataDisks.ObjectType, new Dictionary<string, CtyValue>
            {
                ["size"] = CtyValue.String(d.Size),
                ["device_type"] = CtyValue.String(d.DeviceType),
                ["adapter_type"] = CtyValue.String(d.AdapterType),
                ["device_index"] = Cty.Number(d.DeviceIndex),
                ["disk_mode"] = Cty.String(d.DiskMode),
                ["storage_container"] = Cty.String(d.StorageContainer),
                ["data_source"] = Cty.String(d.DataSource),
            }))),
        ["gpus"] = Cty.StringList(Gpus),
    });
}
