using System.Text.Json.Nodes;
using Nutanix.Capi.Management;
using Nutanix.Capi.Rendering;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>The live objects of one workload cluster in the management cluster, fetched together.</summary>
internal sealed class LiveCluster
{
    public required JsonObject Cluster { get; init; }

    public JsonObject? NutanixCluster { get; init; }

    public JsonObject? ControlPlane { get; init; }

    public IReadOnlyList<JsonObject> MachineDeployments { get; init; } = [];

    /// <summary>NutanixMachineTemplates and KubeadmConfigTemplates by name.</summary>
    public IReadOnlyDictionary<string, JsonObject> MachineTemplates { get; init; } = new Dictionary<string, JsonObject>();

    public IReadOnlyDictionary<string, JsonObject> BootstrapTemplates { get; init; } = new Dictionary<string, JsonObject>();

    public IReadOnlyList<JsonObject> ClusterResourceSets { get; init; } = [];

    public IReadOnlyDictionary<string, JsonObject> ConfigMaps { get; init; } = new Dictionary<string, JsonObject>();

    public IReadOnlyList<JsonObject> Machines { get; init; } = [];

    public IReadOnlyDictionary<string, JsonObject> NutanixMachines { get; init; } = new Dictionary<string, JsonObject>();

    public JsonObject? KubeconfigSecret { get; init; }

    public string Name => (string)Cluster["metadata"]!["name"]!;

    public string Namespace => (string?)Cluster["metadata"]!["namespace"] ?? "default";

    /// <summary>Fetches the cluster's objects; null when the Cluster does not exist.</summary>
    public static async Task<LiveCluster?> FetchAsync(ManagementClusterClient client, string ns, string name, CancellationToken cancellationToken)
    {
        var cluster = await client.GetAsync(CapiTypes.Cluster, ns, name, cancellationToken).ConfigureAwait(false);
        if (cluster is null) return null;
        var selector = $"{ClusterRenderer.ClusterNameLabel}={name}";
        var infraName = (string?)cluster["spec"]?["infrastructureRef"]?["name"] ?? name;
        var cpName = (string?)cluster["spec"]?["controlPlaneRef"]?["name"] ?? name + "-kcp";
        var nutanixCluster = await client.GetAsync(CapiTypes.NutanixCluster, ns, infraName, cancellationToken).ConfigureAwait(false);
        var kcp = await client.GetAsync(CapiTypes.KubeadmControlPlane, ns, cpName, cancellationToken).ConfigureAwait(false);
        var deployments = (await client.ListAsync(CapiTypes.MachineDeployment, ns, selector, cancellationToken).ConfigureAwait(false))
            .Where(d => (string?)d["spec"]?["clusterName"] == name).ToList();
        // Only the templates the control plane and the MachineDeployments reference are read (GET by name): listing every
        // template in the namespace made each read O(clusters in the namespace).
        var nmtNames = new List<string?>
        {
            (string?)kcp?["spec"]?["machineTemplate"]?["spec"]?["infrastructureRef"]?["name"]
                ?? (string?)kcp?["spec"]?["machineTemplate"]?["infrastructureRef"]?["name"],
        };
        nmtNames.AddRange(deployments.Select(d => (string?)d["spec"]?["template"]?["spec"]?["infrastructureRef"]?["name"]));
        var kctNames = deployments.Select(d => (string?)d["spec"]?["template"]?["spec"]?["bootstrap"]?["configRef"]?["name"]);
        var nmts = await GetAllAsync(client, CapiTypes.NutanixMachineTemplate, ns, nmtNames, cancellationToken).ConfigureAwait(false);
        var kcts = await GetAllAsync(client, CapiTypes.KubeadmConfigTemplate, ns, kctNames, cancellationToken).ConfigureAwait(false);
        var crs = await client.ListAsync(CapiTypes.ClusterResourceSet, ns, selector, cancellationToken).ConfigureAwait(false);
        var configMaps = await client.ListAsync(CapiTypes.ConfigMap, ns, selector, cancellationToken).ConfigureAwait(false);
        var machines = await client.ListAsync(CapiTypes.Machine, ns, selector, cancellationToken).ConfigureAwait(false);
        var nutanixMachines = await client.ListAsync(CapiTypes.NutanixMachine, ns, selector, cancellationToken).ConfigureAwait(false);
        var kubeconfig = await client.GetAsync(CapiTypes.Secret, ns, name + "-kubeconfig", cancellationToken).ConfigureAwait(false);
        return new LiveCluster
        {
            Cluster = cluster,
            NutanixCluster = nutanixCluster,
            ControlPlane = kcp,
            MachineDeployments = deployments,
            MachineTemplates = ByName(nmts),
            BootstrapTemplates = ByName(kcts),
            ClusterResourceSets = crs,
            ConfigMaps = ByName(configMaps),
            Machines = machines,
            NutanixMachines = ByName(nutanixMachines),
            KubeconfigSecret = kubeconfig,
        };
    }

    private static async Task<List<JsonObject>> GetAllAsync(
        ManagementClusterClient client, ApiResource type, string ns, IEnumerable<string?> names, CancellationToken cancellationToken)
    {
        var found = new List<JsonObject>();
        foreach (var n in names.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await client.GetAsync(type, ns, n, cancellationToken).ConfigureAwait(false) is { } obj) found.Add(obj);
        }

        return found;
    }

    private static Dictionary<string, JsonObject> ByName(IEnumerable<JsonObject> objects)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var o in objects)
        {
            if ((string?)o["metadata"]?["name"] is { } n) result[n] = o;
        }

        return result;
    }
}
