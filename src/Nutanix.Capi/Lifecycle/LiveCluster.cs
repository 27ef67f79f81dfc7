using System.Text.Json.Nodes;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Lifecycle;

/// <summary>What <see cref="LiveCluster.FetchAsync"/> reads.</summary>
public enum LiveClusterParts
{
    /// <summary>Everything a refresh needs to rebuild the arguments.</summary>
    All,

    /// <summary>What progress and the observed attributes (phase, readiness, nodes, kubeconfig) need.</summary>
    Status,
}

/// <summary>The live objects of one workload cluster in the management cluster, fetched together.</summary>
public sealed class LiveCluster
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

    /// <summary>The cluster's MachineHealthCheck (read with <see cref="LiveClusterParts.All"/> only).</summary>
    public JsonObject? MachineHealthCheck { get; init; }

    public string Name => (string)Cluster["metadata"]!["name"]!;

    public string Namespace => (string?)Cluster["metadata"]!["namespace"] ?? "default";

    /// <summary>
    /// Fetches the cluster's objects; null when the Cluster does not exist. The requests go out concurrently: the
    /// Cluster first (it names the infrastructure and control-plane objects and tells whether there is anything to
    /// read), then everything else at once, then the templates the control plane and MachineDeployments reference.
    /// With <paramref name="parts"/> <see cref="LiveClusterParts.Status"/> only what progress and the observed attributes
    /// need is read (no templates, ClusterResourceSets or ConfigMaps): what a wait re-reads until the cluster is ready.
    /// A refresh passes a <see cref="ManagementReadCache"/>, so that N clusters cost one list per kind; waits read the
    /// server directly.
    /// </summary>
    public static async Task<LiveCluster?> FetchAsync(
        IKubeObjectReader client, string ns, string name, CancellationToken cancellationToken, LiveClusterParts parts = LiveClusterParts.All)
    {
        var cluster = await client.GetAsync(CapiResources.Cluster, ns, name, cancellationToken).ConfigureAwait(false);
        if (cluster is null) return null;
        var all = parts == LiveClusterParts.All;
        var selector = ClusterNaming.ClusterSelector(name);
        var infraName = (string?)cluster["spec"]?["infrastructureRef"]?["name"] ?? name;
        var cpName = (string?)cluster["spec"]?["controlPlaneRef"]?["name"] ?? ClusterNaming.ControlPlane(name);
        var nutanixClusterTask = client.GetAsync(CapiResources.NutanixCluster, ns, infraName, cancellationToken);
        var kcpTask = client.GetAsync(CapiResources.KubeadmControlPlane, ns, cpName, cancellationToken);
        var deploymentsTask = client.ListAsync(CapiResources.MachineDeployment, ns, selector, cancellationToken);
        var crsTask = all ? client.ListAsync(CapiResources.ClusterResourceSet, ns, selector, cancellationToken) : None;
        var configMapsTask = all ? client.ListAsync(CapiResources.ConfigMap, ns, selector, cancellationToken) : None;
        var machinesTask = client.ListAsync(CapiResources.Machine, ns, selector, cancellationToken);
        var nutanixMachinesTask = client.ListAsync(CapiResources.NutanixMachine, ns, selector, cancellationToken);
        var mhcTask = all ? client.GetAsync(CapiResources.MachineHealthCheck, ns, ClusterNaming.MachineHealthCheck(name), cancellationToken) : NoObject;
        var kubeconfigTask = client.GetAsync(CapiResources.Secret, ns, ClusterNaming.KubeconfigSecret(name), cancellationToken);
        // Awaited together so a failure of one is not left unobserved while the others still run.
        await Task.WhenAll(nutanixClusterTask, kcpTask, deploymentsTask, crsTask, configMapsTask, machinesTask, nutanixMachinesTask, kubeconfigTask, mhcTask).ConfigureAwait(false);
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
            var nmtsTask = GetAllAsync(client, CapiResources.NutanixMachineTemplate, ns, nmtNames, cancellationToken);
            var kctsTask = GetAllAsync(client, CapiResources.KubeadmConfigTemplate, ns, kctNames, cancellationToken);
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
            MachineHealthCheck = await mhcTask.ConfigureAwait(false),
        };
    }

    private static readonly Task<IReadOnlyList<JsonObject>> None = Task.FromResult<IReadOnlyList<JsonObject>>([]);

    private static readonly Task<JsonObject?> NoObject = Task.FromResult<JsonObject?>(null);

    private static async Task<List<JsonObject>> GetAllAsync(
        IKubeObjectReader client, ApiResource type, string ns, IEnumerable<string?> names, CancellationToken cancellationToken)
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
