using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;
using Nutanix.Capi.Yaml;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// Reverse mapping: rebuilds every argument of a <c>nutanix_cluster</c> from the live objects (replicas, versions,
/// machine shapes from the referenced templates, pools, labels, taints, addons) and the observed status. Arguments
/// with no live counterpart (<c>wait_for</c>, <c>timeouts</c>) come from the prior state.
/// </summary>
internal static class ClusterReconstruction
{
    public static ClusterConfig Reconstruct(LiveCluster live, ClusterConfig? prior)
    {
        var cluster = live.Cluster;
        var annotations = cluster["metadata"]?["annotations"] as JsonObject;
        var kcp = live.ControlPlane;
        var cpTemplateName = (string?)kcp?["spec"]?["machineTemplate"]?["spec"]?["infrastructureRef"]?["name"]
            ?? (string?)kcp?["spec"]?["machineTemplate"]?["infrastructureRef"]?["name"];
        var cpTemplate = cpTemplateName is not null && live.MachineTemplates.TryGetValue(cpTemplateName, out var t) ? MachineSpecOf(t) : null;
        var endpoint = live.NutanixCluster?["spec"]?["controlPlaneEndpoint"] ?? cluster["spec"]?["controlPlaneEndpoint"];
        var network = cluster["spec"]?["clusterNetwork"];
        var kubeadm = kcp?["spec"]?["kubeadmConfigSpec"];

        var pools = new SortedDictionary<string, WorkerPoolConfig>(StringComparer.Ordinal);
        foreach (var md in live.MachineDeployments)
        {
            var pool = PoolName(live.Name, md);
            var nmtName = (string?)md["spec"]?["template"]?["spec"]?["infrastructureRef"]?["name"];
            var kctName = (string?)md["spec"]?["template"]?["spec"]?["bootstrap"]?["configRef"]?["name"];
            var nmt = nmtName is not null && live.MachineTemplates.TryGetValue(nmtName, out var n) ? MachineSpecOf(n) : null;
            var kct = kctName is not null && live.BootstrapTemplates.TryGetValue(kctName, out var k) ? k["spec"]?["template"]?["spec"] : null;
            var priorPool = prior?.WorkerPools is { } pp && pp.TryGetValue(pool, out var p) ? p : null;
            pools[pool] = new WorkerPoolConfig(
                Int(md["spec"]?["replicas"]) ?? 1,
                nmt is null ? Missing : Machine(nmt, priorPool?.Machine),
                NodeLabels(md, kct, priorPool?.Labels),
                Taints(kct));
        }

        var addons = new SortedDictionary<string, AddonConfig>(StringComparer.Ordinal);
        var addonPrefix = live.Name + "-addon-";
        foreach (var crs in live.ClusterResourceSets)
        {
            var crsName = (string?)crs["metadata"]?["name"] ?? "";
            if (!crsName.StartsWith(addonPrefix, StringComparison.Ordinal)) continue;
            var addon = crsName[addonPrefix.Length..];
            var manifests = live.ConfigMaps.TryGetValue(crsName, out var cm) ? (string?)cm["data"]?[addon + ".yaml"] ?? "" : "";
            addons[addon] = new AddonConfig(manifests, (string?)crs["spec"]?["strategy"] ?? "ApplyOnce");
        }

        var (kubeVipImage, kubeVipServices) = KubeVip(kubeadm);
        var users = kubeadm?["users"] as JsonArray;
        var keys = users?.OfType<JsonObject>().FirstOrDefault()?["sshAuthorizedKeys"] as JsonArray;

        return new ClusterConfig
        {
            Name = live.Name,
            CloudAccountId = Text(annotations?[ClusterSpecMapper.CloudAccountAnnotation]) ?? prior?.CloudAccountId ?? "",
            PcgId = Text(annotations?[ClusterSpecMapper.PcgAnnotation]) ?? prior?.PcgId,
            KubernetesVersion = Text(kcp?["spec"]?["version"]) ?? prior?.KubernetesVersion ?? "",
            PrismElementCluster = Identifier(cpTemplate?["cluster"]) ?? prior?.PrismElementCluster ?? "",
            Subnets = (cpTemplate?["subnet"] as JsonArray)?.Select(Identifier).OfType<string>().ToList() ?? prior?.Subnets ?? [],
            Image = Identifier(cpTemplate?["image"]),
            ImageLookup = cpTemplate?["imageLookup"] is JsonObject lookup
                ? new ImageLookupConfig(Text(lookup["baseOS"]) ?? "", Text(lookup["format"]))
                : null,
            ControlPlane = new ControlPlaneConfig(
                Text(endpoint?["host"]) ?? "",
                Int(endpoint?["port"]) ?? 6443,
                Int(kcp?["spec"]?["replicas"]) ?? 1,
                cpTemplate is null ? Missing : Machine(cpTemplate, prior?.ControlPlane.Machine)),
            WorkerPools = pools.Count == 0 && prior?.WorkerPools is null ? null : pools,
            Network = new NetworkConfig(
                (network?["pods"]?["cidrBlocks"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? ClusterSchema.DefaultPodCidr,
                (network?["services"]?["cidrBlocks"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? ClusterSchema.DefaultServiceCidr,
                Text(network?["serviceDomain"]) ?? ClusterSchema.DefaultServiceDomain),
            SshAuthorizedKeys = keys is { Count: > 0 } ? keys.Select(Text).OfType<string>().ToList() : prior?.SshAuthorizedKeys is { Count: 0 } ? [] : null,
            KubeVip = new KubeVipConfig(kubeVipImage ?? ClusterSchema.DefaultKubeVipImage, kubeVipServices),
            Addons = addons.Count == 0 && prior?.Addons is null ? null : addons,
            WaitFor = prior?.WaitFor ?? SettingsOf(cluster).WaitFor,
            Timeouts = prior is not null ? prior.Timeouts : SettingsOf(cluster).Timeouts,
        };
    }

    /// <summary><c>wait_for</c> and <c>timeouts</c> as recorded in the Cluster's annotations when it was last applied.</summary>
    public static (string WaitFor, TimeoutsConfig? Timeouts) SettingsOf(JsonObject cluster)
    {
        var annotations = cluster["metadata"]?["annotations"] as JsonObject;
        return (Text(annotations?[ClusterSpecMapper.WaitForAnnotation]) ?? ClusterSchema.DefaultWaitFor, TimeoutsOf(Text(annotations?[ClusterSpecMapper.TimeoutsAnnotation])));
    }

    private static TimeoutsConfig? TimeoutsOf(string? json)
    {
        if (json is null) return null;
        try
        {
            return JsonNode.Parse(json) is JsonObject o ? new TimeoutsConfig(Text(o["create"]), Text(o["update"]), Text(o["delete"])) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The Prism Central endpoint recorded in the NutanixCluster (used to re-render manifests on import).</summary>
    public static PrismCentralEndpoint? PrismCentral(LiveCluster live)
    {
        var pc = live.NutanixCluster?["spec"]?["prismCentral"];
        if (Text(pc?["address"]) is not { } address) return null;
        string? bundle = null;
        if (Text(pc?["additionalTrustBundle"]?["name"]) is { } cmName && live.ConfigMaps.TryGetValue(cmName, out var cm))
        {
            bundle = Text(cm["data"]?["ca.crt"]);
        }

        return new PrismCentralEndpoint(address, (int)(Int(pc?["port"]) ?? 9440), pc?["insecure"] is JsonValue v && v.GetValueKind() == JsonValueKind.True, bundle);
    }

    /// <summary>A machine shape that could not be read (its template is gone): shows as drift and is re-applied.</summary>
    private static MachineConfig Missing => new(0, 0, "0", "0", "legacy", null, null, null, null);

    public static string PoolName(string clusterName, JsonObject md) =>
        Text(md["metadata"]?["labels"]?[ClusterNaming.WorkerPoolLabel]) ?? ClusterNaming.PoolOfDeployment(clusterName, Text(md["metadata"]?["name"]) ?? "");

    private static JsonObject? MachineSpecOf(JsonObject nmt) => nmt["spec"]?["template"]?["spec"] as JsonObject;

    private static MachineConfig Machine(JsonObject spec, MachineConfig? prior)
    {
        var categories = (spec["additionalCategories"] as JsonArray)?.OfType<JsonObject>()
            .ToDictionary(c => Text(c["key"]) ?? "", c => Text(c["value"]) ?? "", StringComparer.Ordinal);
        var disks = (spec["dataDisks"] as JsonArray)?.OfType<JsonObject>().Select((d, i) => new DataDiskConfig(
            QuantityText(d["diskSize"]) ?? "0",
            Text(d["deviceProperties"]?["deviceType"]) ?? "Disk",
            Text(d["deviceProperties"]?["adapterType"]) ?? "SCSI",
            DeviceIndex(d, prior?.DataDisks is { } p && i < p.Count ? p[i] : null),
            Text(d["storageConfig"]?["diskMode"]),
            Identifier(d["storageConfig"]?["storageContainer"]),
            Identifier(d["dataSource"]))).ToList();
        var gpus = (spec["gpus"] as JsonArray)?.OfType<JsonObject>()
            .Select(g => Text(g["type"]) == "deviceID" ? Int(g["deviceID"])?.ToString(CultureInfo.InvariantCulture) : Text(g["name"]))
            .OfType<string>().ToList();
        return new MachineConfig(
            Int(spec["vcpuSockets"]) ?? 0,
            Int(spec["vcpusPerSocket"]) ?? 0,
            QuantityText(spec["memorySize"]) ?? "0",
            QuantityText(spec["systemDiskSize"]) ?? "0",
            Text(spec["bootType"]) ?? "legacy",
            Identifier(spec["project"]),
            categories is { Count: > 0 } ? categories : null,
            disks is { Count: > 0 } ? disks : null,
            gpus is { Count: > 0 } ? gpus : null);
    }

    /// <summary>
    /// The disk's device index. The CRD defaults an omitted <c>deviceIndex</c> to 0, so a live 0 reads back as "not set"
    /// unless the prior state set it (on import there is none: 0 and unset are indistinguishable, unset is assumed).
    /// </summary>
    private static long? DeviceIndex(JsonObject disk, DataDiskConfig? prior)
    {
        var live = Int(disk["deviceProperties"]?["deviceIndex"]);
        return live == 0 && prior?.DeviceIndex is null ? null : live;
    }

    private static Dictionary<string, string>? NodeLabels(JsonObject md, JsonNode? kct, IReadOnlyDictionary<string, string>? prior)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (md["spec"]?["template"]?["metadata"]?["labels"] is JsonObject templateLabels)
        {
            foreach (var (k, v) in templateLabels)
            {
                if (k is ClusterNaming.ClusterNameLabel or ClusterNaming.DeploymentNameLabel) continue;
                labels[k] = Text(v) ?? "";
            }
        }

        var args = kct?["joinConfiguration"]?["nodeRegistration"]?["kubeletExtraArgs"] as JsonArray;
        var nodeLabels = args?.OfType<JsonObject>().Where(a => Text(a["name"]) == "node-labels").Select(a => Text(a["value"])).FirstOrDefault();
        if (!string.IsNullOrEmpty(nodeLabels))
        {
            foreach (var pair in nodeLabels.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0) labels[pair[..eq]] = pair[(eq + 1)..];
            }
        }

        return labels.Count > 0 ? labels : prior is { Count: 0 } ? new Dictionary<string, string>() : null;
    }

    private static List<TaintConfig>? Taints(JsonNode? kct)
    {
        var taints = (kct?["joinConfiguration"]?["nodeRegistration"]?["taints"] as JsonArray)?.OfType<JsonObject>()
            .Select(t => new TaintConfig(Text(t["key"]) ?? "", Text(t["value"]), Text(t["effect"]) ?? "NoSchedule")).ToList();
        return taints is { Count: > 0 } ? taints : null;
    }

    private static (string? Image, bool Services) KubeVip(JsonNode? kubeadm)
    {
        var file = (kubeadm?["files"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(f => Text(f["path"]) == "/etc/kubernetes/manifests/kube-vip.yaml");
        if (Text(file?["content"]) is not { } content) return (null, false);
        try
        {
            var pod = YamlJson.ReadDocument(content);
            var container = (pod?["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
            var services = (container?["env"] as JsonArray)?.OfType<JsonObject>().Any(e => Text(e["name"]) == "svc_enable" && Text(e["value"]) == "true") == true;
            return (Text(container?["image"]), services);
        }
        catch (YamlJsonException)
        {
            return (null, false);
        }
    }

    private static string? Identifier(JsonNode? node) => node is JsonObject o
        ? Text(o["type"]) == "uuid" ? Text(o["uuid"]) : Text(o["name"])
        : null;

    private static string? QuantityText(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static long? Int(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return null;
        var text = v.ToJsonString();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : null;
    }

    private static bool? Bool(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValueKind() == JsonValueKind.True : null;
}
