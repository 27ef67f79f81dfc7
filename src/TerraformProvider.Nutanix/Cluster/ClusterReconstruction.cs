using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// Reverse mapping: the spec <see cref="ClusterReader"/> rebuilt from the live objects, as the arguments of a
/// <c>nutanix_cluster</c>. Where Terraform tells "none" from "empty" and the live objects cannot (labels, SSH keys,
/// pools, addons, a disk's device index 0), the prior state decides; arguments with no live counterpart
/// (<c>wait_for</c>, <c>timeouts</c>) come from the Cluster's annotations or the prior state.
/// </summary>
internal static class ClusterReconstruction
{
    public static ClusterConfig Reconstruct(LiveCluster live, ClusterConfig? prior)
    {
        var read = ClusterReader.Read(live);
        var spec = read.Spec;
        var annotations = spec.ClusterAnnotations;
        var cpMissing = read.MissingMachines.Contains(ReadCluster.ControlPlaneMachine);
        var cpMachine = spec.ControlPlane.Machine;

        var pools = new SortedDictionary<string, WorkerPoolConfig>(StringComparer.Ordinal);
        foreach (var pool in spec.WorkerPools)
        {
            var priorPool = prior?.WorkerPools is { } pp && pp.TryGetValue(pool.Name, out var p) ? p : null;
            pools[pool.Name] = new WorkerPoolConfig(
                pool.Autoscaling is null ? pool.Replicas ?? 1 : null,
                read.MissingMachines.Contains(pool.Name) ? Missing : Machine(pool.Machine, priorPool?.Machine),
                pool.NodeLabels.Count > 0 ? pool.NodeLabels : priorPool?.Labels is { Count: 0 } ? new Dictionary<string, string>() : null,
                pool.Taints.Count > 0 ? pool.Taints.Select(t => new TaintConfig(t.Key, t.Value, t.Effect)).ToList() : null,
                pool.Autoscaling is { } scaling ? new AutoscalingConfig(scaling.Min, scaling.Max) : null);
        }

        var addons = new SortedDictionary<string, AddonConfig>(StringComparer.Ordinal);
        foreach (var addon in spec.Addons)
        {
            addons[addon.Name] = new AddonConfig(addon.Manifests, addon.Reconcile ? "Reconcile" : "ApplyOnce");
        }

        var settings = SettingsOf(annotations);
        return new ClusterConfig
        {
            Name = spec.Name,
            CloudAccountId = annotations.GetValueOrDefault(ClusterNaming.CloudAccountAnnotation) ?? prior?.CloudAccountId ?? "",
            PcgId = annotations.GetValueOrDefault(ClusterNaming.PcgAnnotation) ?? prior?.PcgId,
            KubernetesVersion = spec.KubernetesVersion.Length > 0 ? spec.KubernetesVersion : prior?.KubernetesVersion ?? "",
            PrismElementCluster = cpMissing ? prior?.PrismElementCluster ?? "" : cpMachine.Cluster.Value,
            Subnets = cpMissing ? prior?.Subnets ?? [] : cpMachine.Subnets.Select(s => s.Value).ToList(),
            Image = cpMissing ? null : cpMachine.Image?.Value,
            ImageLookup = cpMissing || cpMachine.ImageLookup is not { } lookup ? null : new ImageLookupConfig(lookup.BaseOS, lookup.Format),
            ControlPlane = new ControlPlaneConfig(
                spec.ControlPlane.EndpointHost,
                spec.ControlPlane.EndpointPort,
                spec.ControlPlane.Replicas,
                cpMissing ? Missing : Machine(cpMachine, prior?.ControlPlane.Machine)),
            WorkerPools = pools.Count == 0 && prior?.WorkerPools is null ? null : pools,
            Network = new NetworkConfig(spec.PodCidr, spec.ServiceCidr, spec.ServiceDomain),
            SshAuthorizedKeys = spec.SshAuthorizedKeys.Count > 0 ? spec.SshAuthorizedKeys : prior?.SshAuthorizedKeys is { Count: 0 } ? [] : null,
            KubeVip = new KubeVipConfig(spec.KubeVipImage, spec.KubeVipServices),
            Addons = addons.Count == 0 && prior?.Addons is null ? null : addons,
            MachineHealthCheck = spec.MachineHealthCheck is { } check
                ? new HealthCheckConfig(true, check.MaxUnhealthy, check.NodeStartupTimeout, check.UnhealthyNodeConditions.Select(c => new ConditionConfig(c.Type, c.Status, c.Timeout)).ToList())
                : HealthCheckConfig.Default with { Enabled = false },
            Ccm = CcmConfig.FromSpec(spec.Ccm),
            WaitFor = prior?.WaitFor ?? settings.WaitFor,
            Timeouts = prior is not null ? prior.Timeouts : settings.Timeouts,
        };
    }

    /// <summary><c>wait_for</c> and <c>timeouts</c> as recorded in the Cluster's annotations when it was last applied.</summary>
    public static (string WaitFor, TimeoutsConfig? Timeouts) SettingsOf(IReadOnlyDictionary<string, string> annotations) =>
        (annotations.GetValueOrDefault(ClusterNaming.WaitForAnnotation) ?? ClusterSchema.DefaultWaitFor, TimeoutsOf(annotations.GetValueOrDefault(ClusterNaming.TimeoutsAnnotation)));

    /// <summary>The <c>timeouts</c> annotation's JSON (<c>{"create":"90m"}</c>).</summary>
    public static string TimeoutsJson(TimeoutsConfig timeouts) => JsonSerializer.Serialize(timeouts, TimeoutsJsonContext.Default.TimeoutsConfig);

    private static TimeoutsConfig? TimeoutsOf(string? json)
    {
        if (json is null) return null;
        try
        {
            return JsonSerializer.Deserialize(json, TimeoutsJsonContext.Default.TimeoutsConfig);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A machine shape that could not be read (its template is gone): shows as drift and is re-applied.</summary>
    private static MachineConfig Missing => new(0, 0, "0", "0", "legacy", null, null, null, null);

    private static MachineConfig Machine(MachineSpec spec, MachineConfig? prior) => new(
        spec.VcpuSockets,
        spec.VcpusPerSocket,
        spec.Memory.ToString(),
        spec.SystemDiskSize.ToString(),
        spec.BootType == BootType.Uefi ? "uefi" : "legacy",
        spec.Project?.Value,
        spec.AdditionalCategories.Count > 0 ? spec.AdditionalCategories.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal) : null,
        spec.DataDisks.Count > 0
            ? spec.DataDisks.Select((d, i) => new DataDiskConfig(
                d.Size.ToString(),
                d.DeviceType,
                d.AdapterType,
                DeviceIndex(d.DeviceIndex, prior?.DataDisks is { } p && i < p.Count ? p[i] : null),
                d.DiskMode,
                d.StorageContainer?.Value,
                d.DataSource?.Value)).ToList()
            : null,
        spec.Gpus.Count > 0 ? spec.Gpus.Select(g => g.DeviceId is { } id ? id.ToString(CultureInfo.InvariantCulture) : g.Name ?? "").ToList() : null);

    /// <summary>
    /// The disk's device index. The CRD defaults an omitted <c>deviceIndex</c> to 0, so a live 0 reads back as "not set"
    /// unless the prior state set it (on import there is none: 0 and unset are indistinguishable, unset is assumed).
    /// </summary>
    private static long? DeviceIndex(int? live, DataDiskConfig? prior) => live == 0 && prior?.DeviceIndex is null ? null : live;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TimeoutsConfig))]
internal sealed partial class TimeoutsJsonContext : JsonSerializerContext;
