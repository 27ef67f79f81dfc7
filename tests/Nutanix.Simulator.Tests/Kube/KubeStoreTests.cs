using System.Text.Json.Nodes;
using Nutanix.Simulator.Kube;

namespace Nutanix.Simulator.Tests.Kube;

/// <summary>The in-process store API the emulated controllers use.</summary>
public sealed class KubeStoreTests : IDisposable
{
    private static readonly ResourceRegistry Registry = ResourceRegistry.Load(null);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kube-store-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private KubeStore NewStore(bool bare = false)
    {
        var store = new KubeStore(Registry, new CapiSchemaValidator(Registry), _dir);
        KubeSeed.SeedIfEmpty(store, bare);
        return store;
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Preinstalled_crds_are_the_repository_snapshot_of_what_clusterctl_installs_and_bare_has_none()
    {
        var snapshot = Path.Combine(TestSupport.Tools.RepositoryRoot.Path, "crds");
        var folder = Path.Combine(_dir, "crds");
        Directory.CreateDirectory(folder);
        foreach (var name in ResourceRegistry.PreinstalledCrds)
        {
            var file = Directory.GetFiles(snapshot, name + ".yaml", SearchOption.AllDirectories).Single();
            File.Copy(file, Path.Combine(folder, name + ".yaml"));
        }

        var fromFolder = ResourceRegistry.Load(folder);
        Assert.Equal(fromFolder.Types.Select(t => t.QualifiedResource).Order(), Registry.Types.Select(t => t.QualifiedResource).Order());
        foreach (var kind in new[] { "Cluster", "MachineDeployment", "MachineSet", "Machine", "MachineHealthCheck" })
        {
            Assert.NotNull(Registry.FindByKind("cluster.x-k8s.io", kind));
        }

        Assert.NotNull(Registry.FindByKind("bootstrap.cluster.x-k8s.io", "KubeadmConfig"));
        Assert.Equal("v1alpha3", Registry.FindByKind("clusterctl.cluster.x-k8s.io", "Provider")!.StorageVersion);
        Assert.All(Registry.Types.Where(t => t.IsCustom), t => Assert.Equal(t.Crd!["metadata"]!["name"]!.GetValue<string>(), t.QualifiedResource));
        Assert.Equal("v1beta2", Registry.FindByKind("cluster.x-k8s.io", "Cluster")!.StorageVersion);
        Assert.Equal(".spec.replicas", Registry.FindByKind("controlplane.cluster.x-k8s.io", "KubeadmControlPlane")!.Scale!.SpecReplicasPath);

        var bare = ResourceRegistry.Load(null, bare: true);
        Assert.DoesNotContain(bare.Types, t => t.IsCustom);
        Assert.Empty(bare.Crds);
        Assert.NotNull(bare.Find("apiextensions.k8s.io", "customresourcedefinitions"));
        Assert.NotNull(bare.Find("admissionregistration.k8s.io", "validatingwebhookconfigurations"));
    }

    [Fact]
    public void Objects_survive_a_restart_and_seeding_runs_once()
    {
        var store = NewStore();
        var clusters = store.Resource("cluster.x-k8s.io", "clusters");
        var created = store.Create(clusters, Parse(Manifests.Cluster("persisted").Replace("\"metadata\":{", "\"metadata\":{\"namespace\":\"default\",")));
        var providers = store.List(store.Resource("clusterctl.cluster.x-k8s.io", "providers"));
        Assert.Equal(4, providers.Items.Count);

        var reloaded = NewStore();
        var again = reloaded.Get(clusters, "default", "persisted");
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)again["metadata"]!["uid"]);
        Assert.Equal(4, reloaded.List(reloaded.Resource("clusterctl.cluster.x-k8s.io", "providers")).Items.Count);
        Assert.True(long.Parse(reloaded.CurrentResourceVersion) >= long.Parse((string)again["metadata"]!["resourceVersion"]!));
    }

    [Fact]
    public void Bare_cluster_has_only_the_standard_namespaces()
    {
        var store = NewStore(bare: true);
        var names = store.List(store.Resource("", "namespaces")).Items.Select(n => (string?)n["metadata"]!["name"]).Order().ToList();
        Assert.Equal(["default", "kube-public", "kube-system"], names);
        Assert.Empty(store.List(store.Resource("clusterctl.cluster.x-k8s.io", "providers")).Items);
        Assert.Empty(store.List(store.Resource("apps", "deployments")).Items);
    }

    [Fact]
    public void Rbac_names_are_path_segments_as_kube_apiserver_validates_them()
    {
        var store = NewStore();
        var clusterRoles = store.Resource("rbac.authorization.k8s.io", "clusterroles");
        var created = store.Create(clusterRoles, Parse("""{"metadata":{"name":"system:capi:manager-role"},"rules":[]}"""));
        Assert.Equal("system:capi:manager-role", created["metadata"]!["name"]!.GetValue<string>());

        var slash = Assert.Throws<KubeApiException>(() => store.Create(clusterRoles, Parse("""{"metadata":{"name":"a/b"},"rules":[]}""")));
        Assert.Equal(422, slash.Code);
        Assert.Contains("may not contain '/'", slash.Message, StringComparison.Ordinal);

        var configMaps = store.Resource("", "configmaps");
        var colon = Assert.Throws<KubeApiException>(() => store.Create(configMaps, Parse("""{"metadata":{"name":"a:b","namespace":"default"}}""")));
        Assert.Equal(422, colon.Code);
    }

    [Fact]
    public async Task Watch_delivers_initial_and_subsequent_events_in_order()
    {
        var store = NewStore(bare: true);
        var cms = store.Resource("", "configmaps");
        store.Create(cms, Parse("""{"metadata":{"name":"before","namespace":"default","labels":{"app":"x"}}}"""));
        using var watch = store.Watch(cms, "default", LabelSelector.Parse("app=x"), sendInitialEvents: true);
        store.Create(cms, Parse("""{"metadata":{"name":"other","namespace":"default","labels":{"app":"y"}}}"""));
        var after = store.Create(cms, Parse("""{"metadata":{"name":"after","namespace":"default","labels":{"app":"x"}}}"""));
        after["data"] = new JsonObject { ["k"] = "v" };
        store.Update(cms, after);
        store.Delete(cms, "default", "after");

        var seen = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (seen.Count < 4)
        {
            var e = await watch.Events.ReadAsync(cts.Token);
            seen.Add($"{e.Type} {e.Object["metadata"]!["name"]}");
        }

        Assert.Equal(["ADDED before", "ADDED after", "MODIFIED after", "DELETED after"], seen);
        Assert.False(watch.Events.TryRead(out _));

        using var all = store.WatchAll();
        store.Create(store.Resource("", "secrets"), Parse("""{"metadata":{"name":"s","namespace":"default"},"stringData":{"a":"b"}}"""));
        var first = await all.Events.ReadAsync(cts.Token);
        Assert.Equal("Secret", first.Resource.Kind);
        Assert.Equal("Yg==", (string?)first.Object["data"]!["a"]);
    }

    [Fact]
    public void Status_updates_generation_and_noop_writes()
    {
        var store = NewStore(bare: true);
        var mds = store.Resource("cluster.x-k8s.io", "machinedeployments");
        var md = store.Create(mds, Parse(Manifests.MachineDeployment("md").Replace("\"metadata\":{", "\"metadata\":{\"namespace\":\"default\",")), new WriteOptions { FieldManager = "capi-controller" });
        var rv = (string)md["metadata"]!["resourceVersion"]!;
        Assert.Equal(rv, (string?)store.Update(mds, md)["metadata"]!["resourceVersion"]);

        md["status"] = new JsonObject { ["replicas"] = 1, ["phase"] = "Running" };
        var withStatus = store.UpdateStatus(mds, md, new WriteOptions { FieldManager = "capi-controller" });
        Assert.Equal("Running", (string?)withStatus["status"]!["phase"]);
        Assert.Equal(1L, JsonNumber(withStatus["metadata"]!["generation"]));
        Assert.Contains(withStatus["metadata"]!["managedFields"]!.AsArray(), e => (string?)e!["subresource"] == "status");

        withStatus["spec"]!["replicas"] = 4;
        var bumped = store.Update(mds, withStatus);
        Assert.Equal(2L, JsonNumber(bumped["metadata"]!["generation"]));
        Assert.Equal("Running", (string?)bumped["status"]!["phase"]);

        var scale = store.UpdateScale(mds, "default", "md", 6);
        Assert.Equal(6L, JsonNumber(scale["spec"]!["replicas"]));
        var stale = Assert.Throws<KubeApiException>(() => store.Update(mds, withStatus));
        Assert.Equal(409, stale.Code);
    }

    [Fact]
    public async Task Concurrent_writers_get_unique_resource_versions()
    {
        var store = NewStore(bare: true);
        var cms = store.Resource("", "configmaps");
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            store.Create(cms, Parse("{\"metadata\":{\"name\":\"cm-" + i + "\",\"namespace\":\"default\"}}")))));
        Assert.Equal(40, results.Select(r => (string?)r["metadata"]!["resourceVersion"]).Distinct().Count());
        Assert.Equal(40, store.List(cms, "default").Items.Count);
    }

    private static long JsonNumber(JsonNode? node) => long.Parse(node!.ToJsonString());
}
