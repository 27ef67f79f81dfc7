using System.Text.Json.Nodes;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Tests;

/// <summary>
/// The refresh snapshot: N clusters read through it cost one list per kind, reads give what direct reads give, and
/// everything it cannot vouch for is read directly.
/// </summary>
public sealed class ManagementReadCacheTests
{
    /// <summary>An in-memory management cluster that records the requests it answers (list: label equality terms and exists).</summary>
    private sealed class RecordingServer : IKubeObjectReader
    {
        public List<JsonObject> Objects { get; } = [];

        public List<string> Requests { get; } = [];

        public Func<ApiResource, Exception?> FailList { get; set; } = _ => null;

        public Task<JsonObject?> GetAsync(ApiResource resource, string? ns, string name, CancellationToken cancellationToken = default)
        {
            lock (Requests) Requests.Add($"get {resource.Plural} {name}");
            var found = Objects.FirstOrDefault(o => Is(o, resource) && (string?)o["metadata"]!["namespace"] == ns && (string?)o["metadata"]!["name"] == name);
            return Task.FromResult(found?.DeepClone().AsObject());
        }

        public Task<IReadOnlyList<JsonObject>> ListAsync(ApiResource resource, string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default)
        {
            lock (Requests) Requests.Add($"list {resource.Plural} {labelSelector}");
            if (FailList(resource) is { } e) throw e;
            var terms = string.IsNullOrEmpty(labelSelector) ? [] : labelSelector.Split(',');
            IReadOnlyList<JsonObject> items = Objects
                .Where(o => Is(o, resource) && (ns is null || (string?)o["metadata"]!["namespace"] == ns))
                .Where(o => terms.All(t => t.Split('=') is var kv && (kv.Length == 1 ? o["metadata"]!["labels"]?[kv[0]] is not null : (string?)o["metadata"]!["labels"]?[kv[0]] == kv[1])))
                .Select(o => o.DeepClone().AsObject()).ToList();
            return Task.FromResult(items);
        }

        private static bool Is(JsonObject o, ApiResource resource) =>
            (string?)o["apiVersion"] == resource.ApiVersion && ((string)o["kind"]!).ToLowerInvariant() + "s" == resource.Plural;
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private static WorkloadClusterSpec Spec(string name) => new()
    {
        Name = name,
        Namespace = "clusters",
        KubernetesVersion = "v1.31.4",
        PrismCentral = new PrismCentralEndpoint("pc.example.com"),
        Credentials = PrismCredentials.Basic("admin", "secret"),
        ControlPlane = new ControlPlaneSpec(1, Machine(), "10.0.0." + (10 + name.Length)),
        WorkerPools = [new WorkerPoolSpec { Name = "workers", Machine = Machine(), Replicas = 2 }],
    };

    private static MachineSpec Machine() => new()
    {
        VcpuSockets = 2,
        VcpusPerSocket = 1,
        Memory = Quantity.Parse("4Gi"),
        SystemDiskSize = Quantity.Parse("40Gi"),
        Cluster = NutanixResourceIdentifier.Parse("pe-a"),
        Subnets = [NutanixResourceIdentifier.Parse("vlan-10")],
        Image = NutanixResourceIdentifier.Parse("ubuntu-2204-kube-v1.31.4"),
    };

    private static RecordingServer ServerWith(params string[] clusters)
    {
        var server = new RecordingServer();
        foreach (var name in clusters)
        {
            server.Objects.AddRange(ClusterRenderer.Render(Spec(name)).Manifests.Select(m => m.DeepClone().AsObject()));
            // What CAPI writes beside them: the kubeconfig and the CA, both labelled for the cluster.
            foreach (var secret in new[] { "kubeconfig", "ca" })
            {
                server.Objects.Add(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Secret",
                    ["type"] = "cluster.x-k8s.io/secret",
                    ["metadata"] = new JsonObject { ["name"] = $"{name}-{secret}", ["namespace"] = "clusters", ["labels"] = new JsonObject { [ClusterNaming.ClusterNameLabel] = name } },
                    ["data"] = new JsonObject { ["value"] = Convert.ToBase64String("x"u8.ToArray()) },
                });
            }
        }

        return server;
    }

    [Fact]
    public async Task Reading_many_clusters_through_it_gives_the_same_objects_with_one_list_per_kind()
    {
        var names = Enumerable.Range(0, 12).Select(i => $"c{i:D2}").ToArray();
        var server = ServerWith(names);
        var direct = await Task.WhenAll(names.Select(n => LiveCluster.FetchAsync(server, "clusters", n, CancellationToken.None)));
        var directRequests = server.Requests.Count;
        server.Requests.Clear();

        var cache = new ManagementReadCache(server);
        var cached = await Task.WhenAll(names.Select(n => LiveCluster.FetchAsync(cache, "clusters", n, CancellationToken.None)));

        for (var i = 0; i < names.Length; i++)
        {
            Assert.NotNull(cached[i]);
            Assert.True(JsonNode.DeepEquals(direct[i]!.Cluster, cached[i]!.Cluster));
            Assert.True(JsonNode.DeepEquals(direct[i]!.ControlPlane, cached[i]!.ControlPlane));
            Assert.Equal(direct[i]!.MachineDeployments.Count, cached[i]!.MachineDeployments.Count);
            Assert.Equal(direct[i]!.MachineTemplates.Keys.Order(), cached[i]!.MachineTemplates.Keys.Order());
            Assert.Equal(direct[i]!.BootstrapTemplates.Keys.Order(), cached[i]!.BootstrapTemplates.Keys.Order());
            Assert.Equal(direct[i]!.ConfigMaps.Keys.Order(), cached[i]!.ConfigMaps.Keys.Order());
            Assert.Equal(direct[i]!.ClusterResourceSets.Count, cached[i]!.ClusterResourceSets.Count);
            Assert.True(JsonNode.DeepEquals(direct[i]!.MachineHealthCheck, cached[i]!.MachineHealthCheck));
            Assert.True(JsonNode.DeepEquals(direct[i]!.KubeconfigSecret, cached[i]!.KubeconfigSecret));
        }

        // Direct: about a dozen requests per cluster. Cached: one list per kind, whatever the number of clusters.
        Assert.True(directRequests >= 10 * names.Length, $"{directRequests} direct requests");
        Assert.All(server.Requests, r => Assert.StartsWith("list ", r));
        Assert.Equal(server.Requests.Count, server.Requests.Distinct().Count());
        Assert.True(server.Requests.Count <= 12, string.Join("\n", server.Requests));
        Assert.Equal(server.Requests.Count, cache.ListsSent);
    }

    [Fact]
    public async Task Secrets_and_config_maps_are_listed_by_the_cluster_label_and_only_kubeconfigs_are_kept()
    {
        var server = ServerWith("a", "b");
        var cache = new ManagementReadCache(server);
        var kubeconfig = await cache.GetAsync(CapiResources.Secret, "clusters", "a-kubeconfig");
        Assert.NotNull(kubeconfig);
        Assert.Contains($"list secrets {ClusterNaming.ClusterNameLabel}", server.Requests);
        server.Requests.Clear();

        // The CA Secret was in the same list but is not kept: it is read directly.
        Assert.NotNull(await cache.GetAsync(CapiResources.Secret, "clusters", "a-ca"));
        Assert.Equal(["get secrets a-ca"], server.Requests);
        server.Requests.Clear();

        // A list of Secrets is never answered from the partial snapshot.
        await cache.ListAsync(CapiResources.Secret, "clusters", ClusterNaming.ClusterSelector("a"));
        Assert.Equal([$"list secrets {ClusterNaming.ClusterSelector("a")}"], server.Requests);
    }

    [Fact]
    public async Task A_missing_cluster_is_confirmed_directly_and_a_missing_template_is_not()
    {
        var server = ServerWith("a");
        var cache = new ManagementReadCache(server);
        Assert.Null(await cache.GetAsync(CapiResources.Cluster, "clusters", "gone"));
        Assert.Equal(["list clusters ", "get clusters gone"], server.Requests);
        server.Requests.Clear();
        Assert.Null(await cache.GetAsync(CapiResources.MachineHealthCheck, "clusters", "gone"));
        Assert.Equal(["list machinehealthchecks "], server.Requests);
    }

    [Fact]
    public async Task A_failed_list_falls_back_to_direct_reads_until_the_snapshot_expires()
    {
        var server = ServerWith("a");
        var time = new ManualTime();
        // A role that may get NutanixClusters but not list them.
        server.FailList = r => r == CapiResources.NutanixCluster
            ? new KubernetesApiException(System.Net.HttpStatusCode.Forbidden, "Forbidden", "nutanixclusters.infrastructure.cluster.x-k8s.io is forbidden: User \"terraform\" cannot list resource \"nutanixclusters\"", [], "GET", "/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/clusters/nutanixclusters")
            : null;
        var cache = new ManagementReadCache(server, time);
        Assert.NotNull(await cache.GetAsync(CapiResources.NutanixCluster, "clusters", "a"));
        Assert.Equal(["list nutanixclusters ", "get nutanixclusters a"], server.Requests);
        server.Requests.Clear();

        // Not listed again while the failure is fresh.
        Assert.NotNull(await cache.GetAsync(CapiResources.NutanixCluster, "clusters", "a"));
        Assert.Equal(["get nutanixclusters a"], server.Requests);
        server.Requests.Clear();

        server.FailList = _ => null;
        time.Advance(ManagementReadCache.DefaultMaxAge + TimeSpan.FromSeconds(1));
        Assert.NotNull(await cache.GetAsync(CapiResources.NutanixCluster, "clusters", "a"));
        Assert.NotNull(await cache.GetAsync(CapiResources.NutanixCluster, "clusters", "a"));
        Assert.Equal(["list nutanixclusters "], server.Requests);
    }

    [Fact]
    public async Task Invalidate_drops_the_snapshot_and_handed_out_objects_are_copies()
    {
        var server = ServerWith("a");
        var cache = new ManagementReadCache(server);
        var first = await cache.GetAsync(CapiResources.Cluster, "clusters", "a");
        first!["metadata"]!["name"] = "changed by the caller";
        var second = await cache.GetAsync(CapiResources.Cluster, "clusters", "a");
        Assert.Equal("a", (string?)second!["metadata"]!["name"]);
        Assert.Single(server.Requests);

        cache.Invalidate();
        await cache.GetAsync(CapiResources.Cluster, "clusters", "a");
        Assert.Equal(["list clusters ", "list clusters "], server.Requests);
    }
}
