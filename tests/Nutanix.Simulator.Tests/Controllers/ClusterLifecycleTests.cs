using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Nutanix.Simulator.Controllers;
using Xunit.Abstractions;

namespace Nutanix.Simulator.Tests.Controllers;

public sealed class ClusterLifecycleTests(ITestOutputHelper output)
{
    private const string Core = "cluster.x-k8s.io";
    private const string Infra = "infrastructure.cluster.x-k8s.io";
    private const string ControlPlane = "controlplane.cluster.x-k8s.io";

    internal static bool ClusterUp(ControllerHarness h, string name, int cp, int workers)
    {
        var cluster = h.Get(Core, "clusters", name);
        var machines = h.List(Core, "machines").Where(m => (string?)m["spec"]?["clusterName"] == name).ToList();
        return (string?)cluster?["status"]?["phase"] == "Provisioned"
            && machines.Count == cp + workers
            && machines.All(m => (string?)m["status"]?["phase"] == "Running")
            && JsonNumbers.Int(h.Get(ControlPlane, "kubeadmcontrolplanes", name + "-kcp")?["status"]?["readyReplicas"]) == cp
            && JsonNumbers.Int(h.Get(Core, "machinedeployments", name + "-wmd")?["status"]?["readyReplicas"]) == workers
            && (string?)h.Get(Core, "machinedeployments", name + "-wmd")?["status"]?["phase"] == "Running";
    }

    /// <summary>The Cluster's status summarises <paramref name="cp"/> and <paramref name="workers"/> ready replicas and is
    /// Available, in either status shape (v1beta2 at the top; v1beta1 with the v1beta2 fields under <c>status.v1beta2</c>).</summary>
    internal static bool ClusterSummarized(ControllerHarness h, string name, int cp, int workers)
    {
        var status = h.Get(Core, "clusters", name)?["status"];
        var summary = status?["initialization"] is not null ? status : status?["v1beta2"];
        var available = (summary?["conditions"] as System.Text.Json.Nodes.JsonArray)?.FirstOrDefault(c => (string?)c?["type"] == "Available");
        return JsonNumbers.Int(summary?["controlPlane"]?["readyReplicas"]) == cp
            && JsonNumbers.Int(summary?["workers"]?["readyReplicas"]) == workers
            && (string?)available?["status"] == "True";
    }

    internal static async Task<ControllerHarness> StartClusterAsync(ClusterManifests manifests)
    {
        var h = await ControllerHarness.StartAsync();
        h.Apply(manifests.All());
        // The Cluster's own summary (replica counts, Available) follows its control plane's and MachineDeployments'
        // status in a later reconcile, as with CAPI's controllers: the machines being up does not mean it is written yet.
        await ControllerHarness.WaitForAsync(
            () => ClusterUp(h, manifests.Name, manifests.ControlPlaneReplicas, manifests.WorkerReplicas)
                && ClusterSummarized(h, manifests.Name, manifests.ControlPlaneReplicas, manifests.WorkerReplicas),
            h.Describe);
        return h;
    }

    [Fact]
    public async Task FullCluster_ComesUp_WithVmsInPrism_Provisioned_AndKubeconfig()
    {
        var manifests = new ClusterManifests();
        await using var h = await StartClusterAsync(manifests);

        var cluster = h.Get(Core, "clusters", "c1")!;
        Assert.Contains("cluster.cluster.x-k8s.io", cluster["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        // The Cluster was written as v1beta1, so its status is in the v1beta1 shape.
        Assert.True(cluster["status"]!["infrastructureReady"]!.GetValue<bool>());
        Assert.True(cluster["status"]!["controlPlaneReady"]!.GetValue<bool>());
        Assert.Equal("10.10.100.10", (string?)cluster["spec"]!["controlPlaneEndpoint"]!["host"]);
        Assert.Equal(3, JsonNumbers.Int(cluster["status"]!["v1beta2"]!["workers"]!["readyReplicas"]));
        Assert.Equal(3, JsonNumbers.Int(cluster["status"]!["v1beta2"]!["controlPlane"]!["readyReplicas"]));
        Assert.Equal("True", (string?)cluster["status"]!["conditions"]!.AsArray().First(c => (string?)c!["type"] == "Ready")!["status"]);
        var conditions = cluster["status"]!["v1beta2"]!["conditions"]!.AsArray();
        foreach (var type in new[] { "Available", "ControlPlaneAvailable", "InfrastructureReady", "WorkersAvailable", "ControlPlaneInitialized" })
        {
            Assert.Equal("True", (string?)conditions.First(c => (string?)c!["type"] == type)!["status"]);
        }

        var nc = h.Get(Infra, "nutanixclusters", "c1")!;
        Assert.True(nc["status"]!["ready"]!.GetValue<bool>());
        Assert.Contains("infrastructure.cluster.x-k8s.io/nutanixcluster", nc["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.Equal("True", (string?)nc["status"]!["conditions"]!.AsArray().First(c => (string?)c!["type"] == "PrismClientInit")!["status"]);
        Assert.Equal("Cluster", (string?)nc["metadata"]!["ownerReferences"]![0]!["kind"]);

        var secret = h.Get("", "secrets", "c1")!;
        Assert.Contains("infrastructure.cluster.x-k8s.io/nutanixclustercredential", secret["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.Equal("NutanixCluster", (string?)secret["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Contains("c1", h.Inventory.GetCategory("KubernetesClusterName")!.Values);

        var machines = h.List(Core, "machines");
        Assert.Equal(6, machines.Count);
        Assert.Equal(3, machines.Count(m => m["metadata"]!["labels"]?["cluster.x-k8s.io/control-plane"] is not null));
        var vms = h.Inventory.ListVms();
        Assert.Equal(6, vms.Count);
        foreach (var m in machines)
        {
            var name = (string)m["metadata"]!["name"]!;
            var vm = Assert.Single(vms, v => v.Name == name);
            Assert.Equal("nutanix://" + vm.Uuid, (string?)m["spec"]!["providerID"]);
            Assert.Equal("c1", vm.Categories["KubernetesClusterName"]);
            Assert.Equal(2, vm.NumSockets);
            Assert.Equal(1, vm.NumVcpusPerSocket);
            Assert.Equal(4096, vm.MemorySizeMib);
            Assert.Equal(40 * 1024, vm.Disks[0].SizeMib);
            var ip = Assert.Single(vm.Nics).IpAddress;
            Assert.StartsWith("10.10.100.", ip, StringComparison.Ordinal);
            Assert.Contains(m["status"]!["addresses"]!.AsArray(), a => (string?)a!["type"] == "InternalIP" && (string?)a["address"] == ip);
            Assert.Equal(name, (string?)m["status"]!["nodeRef"]!["name"]);
            Assert.Equal("v1.33.2", (string?)m["status"]!["nodeInfo"]!["kubeletVersion"]);

            var nm = h.Get(Infra, "nutanixmachines", name)!;
            Assert.Equal(vm.Uuid, (string?)nm["status"]!["vmUUID"]);
            Assert.True(nm["status"]!["ready"]!.GetValue<bool>());
            Assert.Equal("Machine", (string?)nm["metadata"]!["ownerReferences"]![0]!["kind"]);
            Assert.Equal("True", (string?)nm["status"]!["conditions"]!.AsArray().First(c => (string?)c!["type"] == "VMProvisioned")!["status"]);
            Assert.Equal("True", (string?)nm["status"]!["conditions"]!.AsArray().First(c => (string?)c!["type"] == "VMAddressesAssigned")!["status"]);
        }

        Assert.Equal(6, vms.Select(v => v.Nics[0].IpAddress).Distinct().Count());

        var workers = machines.Where(m => m["metadata"]!["labels"]?["cluster.x-k8s.io/control-plane"] is null).ToList();
        var ms = Assert.Single(h.List(Core, "machinesets"));
        Assert.Matches("^c1-wmd-[bcdfghjklmnpqrstvwxz2456789]{5}$", (string)ms["metadata"]!["name"]!);
        Assert.All(workers, w => Assert.Matches($"^{ms["metadata"]!["name"]}-[bcdfghjklmnpqrstvwxz2456789]{{5}}$", (string)w["metadata"]!["name"]!));

        var kcp = h.Get(ControlPlane, "kubeadmcontrolplanes", "c1-kcp")!;
        Assert.Equal(3, JsonNumbers.Int(kcp["status"]!["replicas"]));
        Assert.Equal(3, JsonNumbers.Int(kcp["status"]!["upToDateReplicas"]));
        Assert.Equal("v1.33.2", (string?)kcp["status"]!["version"]);
        Assert.True(kcp["status"]!["initialization"]!["controlPlaneInitialized"]!.GetValue<bool>());
        var md = h.Get(Core, "machinedeployments", "c1-wmd")!;
        Assert.Equal(3, JsonNumbers.Int(md["status"]!["availableReplicas"]));
        Assert.Equal(3, JsonNumbers.Int(md["status"]!["updatedReplicas"]));
        Assert.Equal(3, JsonNumbers.Int(md["status"]!["v1beta2"]!["upToDateReplicas"]));
        Assert.Equal("cluster.x-k8s.io/cluster-name=c1,cluster.x-k8s.io/deployment-name=c1-wmd", (string?)md["status"]!["selector"]);

        var kubeconfigSecret = h.Get("", "secrets", "c1-kubeconfig")!;
        Assert.Equal("cluster.x-k8s.io/secret", (string?)kubeconfigSecret["type"]);
        var kubeconfig = YamlJson.ReadDocuments(Encoding.UTF8.GetString(Convert.FromBase64String((string)kubeconfigSecret["data"]!["value"]!))).Single()!;
        Assert.Equal("https://10.10.100.10:6443", (string?)kubeconfig["clusters"]![0]!["cluster"]!["server"]);
        Assert.NotNull(h.Get("", "secrets", "c1-ca"));
    }

    [Fact]
    public async Task V1Beta2Cluster_ComesUp_WithV1Beta2Status()
    {
        await using var h = await StartClusterAsync(new ClusterManifests { V1Beta2 = true, ControlPlaneReplicas = 1, WorkerReplicas = 2 });
        var cluster = h.Get(Core, "clusters", "c1")!;
        Assert.True(cluster["status"]!["initialization"]!["infrastructureProvisioned"]!.GetValue<bool>());
        Assert.True(cluster["status"]!["initialization"]!["controlPlaneInitialized"]!.GetValue<bool>());
        Assert.Null(cluster["status"]!["infrastructureReady"]);
        Assert.Equal(2, JsonNumbers.Int(cluster["status"]!["workers"]!["availableReplicas"]));
        Assert.Equal("True", (string?)cluster["status"]!["conditions"]!.AsArray().First(c => (string?)c!["type"] == "Available")!["status"]);
        Assert.Equal("True", (string?)cluster["status"]!["deprecated"]!["v1beta1"]!["conditions"]!.AsArray().First(c => (string?)c!["type"] == "Ready")!["status"]);
        var md = h.Get(Core, "machinedeployments", "c1-wmd")!;
        Assert.Equal(2, JsonNumbers.Int(md["status"]!["upToDateReplicas"]));
        Assert.Equal(2, JsonNumbers.Int(md["status"]!["deprecated"]!["v1beta1"]!["updatedReplicas"]));
        Assert.Equal("Running", (string?)md["status"]!["phase"]);
    }

    [Fact]
    public async Task Measure_ThreeControlPlaneThreeWorkers_FastMode()
    {
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            await using var h = await ControllerHarness.StartAsync();
            var clock = Stopwatch.StartNew();
            h.Apply(new ClusterManifests().All());
            await ControllerHarness.WaitForAsync(() => ClusterUp(h, "c1", 3, 3), h.Describe);
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(6, h.Inventory.ListVms().Count);
        }

        times.Sort();
        output.WriteLine($"--fast: 3 control-plane + 3 worker cluster Provisioned with all machines Running in {times[1]:0} ms (median of {string.Join(", ", times.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms)");
    }

    [Fact]
    public async Task ScaleMachineDeployment_3_To_5_To_2()
    {
        await using var h = await StartClusterAsync(new ClusterManifests());
        h.Patch(Core, "machinedeployments", "c1-wmd", """{"spec":{"replicas":5}}""");
        await ControllerHarness.WaitForAsync(() => ClusterUp(h, "c1", 3, 5), h.Describe);
        Assert.Equal(8, h.Inventory.ListVms().Count);
        Assert.Equal(5, JsonNumbers.Int(h.Get(Core, "machinedeployments", "c1-wmd")!["status"]!["replicas"]));

        h.Patch(Core, "machinedeployments", "c1-wmd", """{"spec":{"replicas":2}}""");
        await ControllerHarness.WaitForAsync(() => ClusterUp(h, "c1", 3, 2) && h.Inventory.ListVms().Count == 5, h.Describe);
        var names = h.List(Core, "machines").Select(m => (string)m["metadata"]!["name"]!).ToHashSet();
        Assert.All(h.Inventory.ListVms(), vm => Assert.Contains(vm.Name, names));
        Assert.Equal(5, h.List(Infra, "nutanixmachines").Count);
    }

    [Fact]
    public async Task TemplateChange_RollsWorkersAndControlPlaneOneByOne()
    {
        await using var h = await StartClusterAsync(new ClusterManifests());
        using var tracker = new MachineCountTracker(h);
        h.Apply(new ClusterManifests().MachineTemplate("c1-mt-1", image: "ubuntu-2204-kube-v1.32.6"));
        h.Patch(Core, "machinedeployments", "c1-wmd", """{"spec":{"template":{"spec":{"infrastructureRef":{"name":"c1-mt-1"}}}}}""");
        h.Patch(ControlPlane, "kubeadmcontrolplanes", "c1-kcp", """{"spec":{"machineTemplate":{"spec":{"infrastructureRef":{"name":"c1-mt-1"}}}}}""");

        await ControllerHarness.WaitForAsync(() => ClusterUp(h, "c1", 3, 3)
            && h.List(Infra, "nutanixmachines").All(m => (string?)m["metadata"]!["annotations"]?["cluster.x-k8s.io/cloned-from-name"] == "c1-mt-1")
            && h.Inventory.ListVms().Count == 6, h.Describe);

        Assert.Equal(4, tracker.MaxWorkers);
        Assert.Equal(4, tracker.MaxControlPlane);
        Assert.Equal(4, tracker.MaxVms);
        var image = h.Inventory.FindImages("ubuntu-2204-kube-v1.32.6").Single();
        Assert.All(h.Inventory.ListVms(), vm => Assert.Equal(image.Uuid, vm.Disks[0].ImageUuid));
        Assert.Equal(3, JsonNumbers.Int(h.Get(Core, "machinedeployments", "c1-wmd")!["status"]!["updatedReplicas"]));
        Assert.Equal(3, JsonNumbers.Int(h.Get(ControlPlane, "kubeadmcontrolplanes", "c1-kcp")!["status"]!["upToDateReplicas"]));
        Assert.Single(h.List(Core, "machinesets"));
        Assert.True(tracker.UpToDateProgression.Count >= 3, "updatedReplicas should progress step by step: " + string.Join(",", tracker.UpToDateProgression));
    }

    [Fact]
    public async Task VersionChange_RollsMachinesOneByOne()
    {
        await using var h = await StartClusterAsync(new ClusterManifests { ControlPlaneReplicas = 3, WorkerReplicas = 2 });
        using var tracker = new MachineCountTracker(h);
        h.Patch(ControlPlane, "kubeadmcontrolplanes", "c1-kcp", """{"spec":{"version":"v1.33.3"}}""");
        h.Patch(Core, "machinedeployments", "c1-wmd", """{"spec":{"template":{"spec":{"version":"v1.33.3"}}}}""");
        await ControllerHarness.WaitForAsync(() => ClusterUp(h, "c1", 3, 2)
            && h.List(Core, "machines").All(m => (string?)m["spec"]!["version"] == "v1.33.3")
            && (string?)h.Get(ControlPlane, "kubeadmcontrolplanes", "c1-kcp")!["status"]!["version"] == "v1.33.3"
            && h.Inventory.ListVms().Count == 5, h.Describe);
        Assert.Equal(4, tracker.MaxControlPlane);
        Assert.Equal(3, tracker.MaxWorkers);
        Assert.All(h.List(Core, "machines"), m => Assert.Equal("v1.33.3", (string?)m["status"]!["nodeInfo"]!["kubeletVersion"]));
    }

    [Fact]
    public async Task DeleteCluster_CascadesInOrder_RemovesVmsObjectsAndSecret()
    {
        await using var h = await StartClusterAsync(new ClusterManifests { ControlPlaneReplicas = 1, WorkerReplicas = 2 });
        var firstGone = new List<string>();
        using var watch = h.Store.Watch(h.Type(Core, "machines"));
        h.Delete(Core, "clusters", "c1");
        await ControllerHarness.WaitForAsync(() => h.Get(Core, "clusters", "c1") is null, h.Describe);

        while (watch.Events.TryRead(out var e))
        {
            if (e.Type == "DELETED") firstGone.Add((string?)e.Object["metadata"]!["labels"]?["cluster.x-k8s.io/control-plane"] is null ? "worker" : "cp");
        }

        Assert.Equal(["worker", "worker", "cp"], firstGone);
        Assert.Empty(h.Inventory.ListVms());
        foreach (var (group, plural) in new[]
        {
            (Core, "machines"), (Core, "machinesets"), (Core, "machinedeployments"), (ControlPlane, "kubeadmcontrolplanes"),
            (Infra, "nutanixclusters"), (Infra, "nutanixmachines"), (Infra, "nutanixmachinetemplates"),
            ("bootstrap.cluster.x-k8s.io", "kubeadmconfigs"), ("bootstrap.cluster.x-k8s.io", "kubeadmconfigtemplates"), ("", "secrets"),
        })
        {
            // The CCM's resource-set Secret belongs to its ClusterResourceSet, which outlives the Cluster (as in CAPI).
            var left = h.List(group, plural).Where(o => (string?)o["type"] != "addons.cluster.x-k8s.io/resource-set").ToList();
            Assert.True(left.Count == 0, $"{plural} left: {string.Join(",", left.Select(o => o["metadata"]!["name"]))}");
        }
    }

    [Fact]
    public async Task Restart_MidProvisioning_Converges()
    {
        await using var h = await ControllerHarness.StartAsync();
        h.Apply(new ClusterManifests().All());
        await ControllerHarness.WaitForAsync(() => h.Inventory.ListVms().Count >= 1, h.Describe);
        await h.StopControllersAsync();
        Assert.False(ClusterUp(h, "c1", 3, 3));
        await h.RestartAsync();
        await ControllerHarness.WaitForAsync(() => ClusterUp(h, "c1", 3, 3), h.Describe);
        Assert.Equal(6, h.Inventory.ListVms().Count);
        var names = h.List(Core, "machines").Select(m => (string)m["metadata"]!["name"]!).Order().ToList();
        Assert.Equal(names, h.Inventory.ListVms().Select(v => v.Name).Order().ToList());
    }

    [Fact]
    public async Task Bare_ReconcilesNothing_UntilProvidersInstalled()
    {
        await using var h = await ControllerHarness.StartAsync(bare: true);
        Assert.Empty(h.List("apps", "deployments", "capx-system"));
        h.Apply(new ClusterManifests { ControlPlaneReplicas = 1, WorkerReplicas = 1 }.All());
        await Task.Delay(300);
        Assert.Null(h.Get(Core, "clusters", "c1")!["status"]);
        Assert.Null(h.Get(Infra, "nutanixclusters", "c1")!["status"]);
        Assert.Empty(h.List(Core, "machines"));
        Assert.Empty(h.Inventory.ListVms());

        h.InstallProviders();
        await ControllerHarness.WaitForAsync(() => ClusterUp(h, "c1", 1, 1), h.Describe);
        Assert.All(h.List("apps", "deployments", "capx-system"), d =>
        {
            Assert.Equal(1, JsonNumbers.Int(d["status"]!["availableReplicas"]));
            Assert.Equal("True", (string?)d["status"]!["conditions"]!.AsArray().First(c => (string?)c!["type"] == "Available")!["status"]);
        });
    }

    /// <summary>Watches Machines and VMs and records the largest counts seen (for the surge checks).</summary>
    private sealed class MachineCountTracker : IDisposable
    {
        private readonly ControllerHarness _h;
        private readonly Nutanix.Simulator.Kube.KubeWatch _watch;
        private readonly Dictionary<string, bool> _live = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _pump;
        private readonly Task _vmPoll;

        public MachineCountTracker(ControllerHarness h)
        {
            _h = h;
            _watch = h.Store.Watch(h.Type(Core, "machines"), sendInitialEvents: true);
            _pump = Task.Run(PumpAsync);
            _vmPoll = Task.Run(PollVmsAsync);
        }

        public int MaxWorkers { get; private set; }
        public int MaxControlPlane { get; private set; }
        public int MaxVms { get; private set; }
        public List<int> UpToDateProgression { get; } = [];

        private async Task PumpAsync()
        {
            try
            {
                await foreach (var e in _watch.Events.ReadAllAsync(_stop.Token))
                {
                    var name = (string)e.Object["metadata"]!["name"]!;
                    if (e.Type == "DELETED") _live.Remove(name);
                    else _live[name] = e.Object["metadata"]!["labels"]?["cluster.x-k8s.io/control-plane"] is not null;
                    MaxWorkers = Math.Max(MaxWorkers, _live.Count(kv => !kv.Value));
                    MaxControlPlane = Math.Max(MaxControlPlane, _live.Count(kv => kv.Value));
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task PollVmsAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var workers = _h.Inventory.ListVms().Count(v => v.Name.StartsWith("c1-wmd-", StringComparison.Ordinal));
                MaxVms = Math.Max(MaxVms, workers);
                var md = _h.Get(Core, "machinedeployments", "c1-wmd");
                if (JsonNumbers.Int(md?["status"]?["updatedReplicas"]) is { } u && (UpToDateProgression.Count == 0 || UpToDateProgression[^1] != u)) UpToDateProgression.Add(u);
                try
                {
                    await Task.Delay(2, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _watch.Dispose();
            Task.WaitAll(_pump, _vmPoll);
            _stop.Dispose();
        }
    }
}
