using System.Text.Json.Nodes;
using Nutanix.Capi.Management;
using Nutanix.Capi.Rendering;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>What <see cref="LiveCluster.FetchAsync"/> reads.</summary>
internal enum LiveClusterParts
{
    /// <summary>Everything a refresh needs to rebuild the arguments.</summary>
    All,

    /// <summary>What progress and the observed attributes (phase, readiness, nodes, kubeconfig) need.</summary>
    Status,
}

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

    /// <summary>
    /// Fetches the cluster's objects; null when the Cluster does not exist. The requests go out concurrently: the
    /// Cluster first (it names the infrastructure and control-plane objects and tells whether there is anything to
    /// read), then everything else at once, then the templates the control plane and MachineDeployments reference.
    /// With <paramref name="parts"/> <see cref="LiveClusterParts.Status"/> only what progress and the observed attributes
    /// need is read (no templates, ClusterResourceSets or ConfigMaps): what a wait re-reads until the cluster is ready.
    /// </summary>
    public static async Task<LiveCluster?> FetchAsync(
        ManagementClusterClient client, string ns, string name, CancellationToken cancellationToken, LiveClusterParts parts = LiveClusterParts.All)
    {
        var cluster = await client.GetAsync(CapiTypes.Cluster, ns, name, cancellationToken).ConfigureAwait(false);
        if (cluster is null) return null;
        var all = parts == LiveClusterParts.All;
        var selector = $"{ClusterRenderer.ClusterNameLabel}={name}";
        var infraName = (string?)cluster["spec"]?["infrastructureRef"]?["name"] ?? name;
        var cpName = (string?)cluster["spec"]?["controlPlaneRef"]?["name"] ?? name + "-kcp";
        var nutanixClusterTask = client.GetAsync(CapiTypes.NutanixCluster, ns, infraName, cancellationToken);
        var kcpTask = client.GetAsync(CapiTypes.KubeadmControlPlane, ns, cpName, cancellationToken);
        var deploymentsTask = client.ListAsync(CapiTypes.MachineDeployment, ns, selector, cancellationToken);
        var crsTask = all ? client.ListAsync(CapiTypes.ClusterResourceSet, ns, selector, cancellationToken) : None;
        var configMapsTask = all ? client.ListAsync(CapiTypes.ConfigMap, ns, selector, cancellationToken) : None;
        var machinesTask = client.ListAsync(CapiTypes.Machine, ns, selector, cancellationToken);
        var nutanixMachinesTask = client.ListAsync(CapiTypes.NutanixMachine, ns, selector, cancellationToken);
        var kubeconfigTask = client.GetAsync(CapiTypes.Secret, ns, name + "-kubeconfig", cancellationToken);
        // Awaited together so a failure of one is not left unobserved while the others still run.
        await Task.WhenAll(nutanixClusterTask, kcpTask, deploymentsTask, crsTask, configMapsTask, machinesTask, nutanixMachinesTask, kubeconfigTask).ConfigureAwait(false);
        var kcp = await kcpTask.ConfigureAwait(false);
        var deployments = (await deploymentsTask.ConfigureAwait(false)).Where(d => (string?)d["spec"]?["clusterName"] == name).ToList();
        List<JsonObject> nmts = [], kcts = [];
        if (all)
        {
            // Only the templates the control plane and the MachineDeployments reference are read (GET by name): listing
            // every template in the namespace made each read O(clusters in the namespace).
            var nmtNames = new List<string?>
            {
                (string?)kcp?["spec"]?["machineTemplate"]?["spec"]?["infrastructureRef"]?["name"]
                    ?? (string?)kcp?["spec"]?["machineTemplate"]?["infrastructureRef"]?["name"],
            };
            nmtNames.AddRange(deployments.Select(d => (string?)d["spec"]?["template"]?["spec"]?["infrastructureRef"]?["name"]));
            var kctNames = deployments.Select(d => (string?)d["spec"]?["template"]?["spec"]?["bootstrap"]?["configRef"]?["name"]);
            var nmtsTask = GetAllAsync(client, CapiTypes.NutanixMachineTemplate, ns, nmtNames, cancellationToken);
            var kctsTask = GetAllAsync(client, CapiTypes.KubeadmConfigTemplate, ns, kctNames, cancellationToken);
            await Task.WhenAll(nmtsTask, kctsTask).ConfigureAwait(false);
            (nmts, kcts) = (await nmtsTask.ConfigureAwait(false), await kctsTask.ConfigureAwait(false));
        }

        return new LiveCluster
        {
            Cluster = cluster,
            NutanixCluster = await nutanixClusterTask.ConfigureAwait(false),
            ControlPlane = kcp,
            MachineDeployments = deployments,
            MachineTemplates = ByName(nmts),
            BootstrapTemplates = ByName(kcts),
            ClusterResourceSets = await crsTask.ConfigureAwait(false),
            ConfigMaps = ByName(await configMapsTask.ConfigureAwait(false)),
            Machines = await machinesTask.ConfigureAwait(false),
            NutanixMachines = ByName(await nutanixMachinesTask.ConfigureAwait(false)),
            KubeconfigSecret = await kubeconfigTask.ConfigureAwait(false),
        };
    }

    private static readonly Task<IReadOnlyList<JsonObject>> None = Task.FromResult<IReadOnlyList<JsonObject>>([]);

    private static async Task<List<JsonObject>> GetAllAsync(
        ManagementClusterClient client, ApiResource type, string ns, IEnumerable<string?> names, CancellationToken cancellationToken)
    {
        var found = await Task.WhenAll(names.OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(n => client.GetAsync(type, ns, n, cancellationToken))).ConfigureAwait(false);
        return found.OfType<JsonObject>().ToList();
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
