using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Microsoft.Extensions.Logging;
using Nutanix.Simulator.Controllers;
using Nutanix.Simulator.Inventory;
using Nutanix.Simulator.Kube;
using Nutanix.Simulator.Prism;

namespace Nutanix.Simulator.Tests.Controllers;

/// <summary>
/// Hosts the object store, the Prism inventory and the emulated controllers in-process with fast timings, on a
/// temporary state directory (deleted on dispose). <see cref="RestartAsync"/> stops everything and rebuilds it from
/// the persisted state, as a restarted simulator would.
/// </summary>
public sealed class ControllerHarness : IAsyncDisposable
{
    public const string Password = "Nutanix/4u";
    public const string Username = "admin";

    private static readonly string[] ProviderNamespaces = ["capi-system", "capi-kubeadm-bootstrap-system", "capi-kubeadm-control-plane-system", "capx-system"];
    private static readonly string[] ProviderDeployments =
    [
        ProviderInstallation.CoreDeployment, ProviderInstallation.BootstrapDeployment,
        ProviderInstallation.ControlPlaneDeployment, ProviderInstallation.InfrastructureDeployment,
    ];

    private readonly string _dir;
    private readonly InventorySeed _seed;
    private readonly ControllerTimings _timings;
    private SimulatedControllers? _controllers;
    private static readonly Microsoft.Extensions.Logging.ILoggerFactory Logs = Microsoft.Extensions.Logging.LoggerFactory.Create(b =>
    {
        Nutanix.Simulator.Hosting.SimulatorHost.ConfigureLogging(b);
        b.AddFilter("Nutanix", LogLevel.Warning);
    });

    private ControllerHarness(string dir, InventorySeed seed, ControllerTimings timings)
    {
        _dir = dir;
        _seed = seed;
        _timings = timings;
        Build();
    }

    public KubeStore Store { get; private set; } = null!;
    public PrismInventory Inventory { get; private set; } = null!;
    public PrismCredentials Credentials { get; private set; } = null!;

    /// <summary>The running controllers (null while stopped).</summary>
    public SimulatedControllers? Controllers => _controllers;

    /// <summary>
    /// Starts a harness; unless <paramref name="bare"/>, the four provider Deployments are applied (and become Available
    /// through the Deployment controller). Timings default to <see cref="ControllerTimings.Fast"/>.
    /// </summary>
    public static async Task<ControllerHarness> StartAsync(bool bare = false, InventorySeed? seed = null, ControllerTimings? timings = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "nutanix-sim-ctrl-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var h = new ControllerHarness(dir, seed ?? DefaultSeed(), timings ?? ControllerTimings.Fast);
        KubeSeed.SeedIfEmpty(h.Store, bare);
        await h.StartControllersAsync();
        return h;
    }

    public static InventorySeed DefaultSeed()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "inventory", "default-inventory.json");
        return InventorySeed.LoadFile(path);
    }

    private void Build()
    {
        // Each store gets its own registry: CRDs written through a store change the kinds its registry serves.
        var registry = ResourceRegistry.Load(null);
        Store = new KubeStore(registry, new CapiSchemaValidator(registry), Path.Combine(_dir, "kube"));
        Inventory = new PrismInventory(_seed, Path.Combine(_dir, "prism-state.json"), TimeSpan.Zero);
        Credentials = PrismCredentials.LoadOrCreate(Path.Combine(_dir, "prism-credentials.json"), Username, null);
    }

    private async Task StartControllersAsync()
    {
        _controllers = new SimulatedControllers(Store, Inventory, Credentials, _timings, Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<SimulatedControllers>(Logs));
        await _controllers.StartAsync(CancellationToken.None);
    }

    /// <summary>Stops the controllers and rebuilds store, inventory and controllers from the state directory.</summary>
    public async Task RestartAsync()
    {
        await StopControllersAsync();
        Build();
        await StartControllersAsync();
    }

    public async Task StopControllersAsync()
    {
        if (_controllers is null) return;
        await _controllers.StopAsync(CancellationToken.None);
        _controllers.Dispose();
        _controllers = null;
    }

    public void CreateNamespace(string name) =>
        Store.Create(Store.Resource("", "namespaces"), new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });

    /// <summary>Applies the providers' controller-manager Deployments (what installing the components YAML does).</summary>
    public void InstallProviders()
    {
        for (var i = 0; i < ProviderNamespaces.Length; i++)
        {
            if (Store.TryGet(Store.Resource("", "namespaces"), null, ProviderNamespaces[i]) is null) CreateNamespace(ProviderNamespaces[i]);
            Store.Create(Store.Resource("apps", "deployments"), JsonNode.Parse("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"NAME","namespace":"NAMESPACE"},
                 "spec":{"replicas":1,"selector":{"matchLabels":{"control-plane":"controller-manager"}},
                         "template":{"metadata":{"labels":{"control-plane":"controller-manager"}},"spec":{"containers":[{"name":"manager","image":"example.invalid/manager:v1"}]}}}}
                """.Replace("NAMESPACE", ProviderNamespaces[i], StringComparison.Ordinal).Replace("NAME", ProviderDeployments[i], StringComparison.Ordinal))!.AsObject());
        }
    }

    /// <summary>Creates every document of <paramref name="yaml"/> (apiVersion decides the resource).</summary>
    public void Apply(string yaml)
    {
        foreach (var doc in YamlJson.ReadDocuments(yaml).OfType<JsonObject>())
        {
            var type = Store.Registry.FindByApiVersionKind((string)doc["apiVersion"]!, (string)doc["kind"]!)
                ?? throw new InvalidOperationException($"unknown kind {doc["apiVersion"]} {doc["kind"]}");
            var version = ((string)doc["apiVersion"]!).Split('/')[^1];
            doc["metadata"]!["namespace"] ??= type.Namespaced ? "default" : null;
            Store.Create(type, doc, new WriteOptions { Version = version, FieldManager = "test" });
        }
    }

    public ResourceType Type(string group, string plural) => Store.Resource(group, plural);

    public JsonObject? Get(string group, string plural, string name, string ns = "default") => Store.TryGet(Type(group, plural), ns, name);

    public IReadOnlyList<JsonObject> List(string group, string plural, string ns = "default") => Store.List(Type(group, plural), ns).Items;

    /// <summary>Applies a merge patch to spec/metadata, speaking the API version the object was written in (as its client would).</summary>
    public JsonObject Patch(string group, string plural, string name, string mergePatchJson, string ns = "default")
    {
        var version = Get(group, plural, name, ns) is { } current ? ApiShape.WriteVersion(current) : null;
        return Store.Patch(Type(group, plural), ns, name, PatchType.Merge, JsonNode.Parse(mergePatchJson)!, new WriteOptions { FieldManager = "test", Version = version });
    }

    public void Delete(string group, string plural, string name, string ns = "default") => Store.Delete(Type(group, plural), ns, name);

    /// <summary>Polls <paramref name="condition"/> until true; fails with <paramref name="describe"/>'s text after the timeout.</summary>
    public static async Task WaitForAsync(Func<bool> condition, Func<string> describe, TimeSpan? timeout = null)
    {
        var limit = Stopwatch.StartNew();
        var max = timeout ?? TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (limit.Elapsed > max) Assert.Fail($"condition not met within {max.TotalSeconds:0}s: {describe()}");
            await Task.Delay(10);
        }
    }

    /// <summary>A one-line summary of clusters, control planes, deployments and machines, for failure messages.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var c in List("cluster.x-k8s.io", "clusters")) sb.Append($"Cluster {c["metadata"]!["name"]} phase={c["status"]?["phase"]}; ");
        foreach (var n in List("infrastructure.cluster.x-k8s.io", "nutanixclusters")) sb.Append($"NutanixCluster {n["metadata"]!["name"]} ready={n["status"]?["ready"]}; ");
        foreach (var k in List("controlplane.cluster.x-k8s.io", "kubeadmcontrolplanes")) sb.Append($"KCP {k["metadata"]!["name"]} replicas={k["status"]?["replicas"]} ready={k["status"]?["readyReplicas"]} init={k["status"]?["initialization"]?["controlPlaneInitialized"]}; ");
        foreach (var d in List("cluster.x-k8s.io", "machinedeployments")) sb.Append($"MD {d["metadata"]!["name"]} replicas={d["status"]?["replicas"]} ready={d["status"]?["readyReplicas"]} phase={d["status"]?["phase"]}; ");
        foreach (var m in List("cluster.x-k8s.io", "machines")) sb.Append($"Machine {m["metadata"]!["name"]} phase={m["status"]?["phase"]}{(m["metadata"]?["deletionTimestamp"] is null ? "" : " deleting")}; ");
        sb.Append($"VMs={Inventory.ListVms().Count}");
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await StopControllersAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
