using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Nutanix.Simulator.Controllers;
using Xunit.Abstractions;

namespace Nutanix.Simulator.Tests.Controllers;

/// <summary>
/// The scheduler reconciles only the workload clusters a change belongs to (see <see cref="ClusterScope"/>), runs a
/// full pass for changes of no known cluster, and reschedules a step timer's own cluster when it falls due.
/// </summary>
public sealed class SchedulingTests(ITestOutputHelper output)
{
    private const string Core = "cluster.x-k8s.io";

    /// <summary>Fast timings without the periodic full resync, so every full pass seen comes from an event.</summary>
    private static readonly ControllerTimings NoResync = ControllerTimings.Fast with { Resync = TimeSpan.FromHours(1) };

    private static ClusterManifests Small(string name, int index) => new()
    {
        Name = name,
        ControlPlaneReplicas = 1,
        WorkerReplicas = 1,
        EndpointHost = $"10.10.{100 + (index / 200)}.{10 + (index % 200)}",
    };

    /// <summary>Records the scope of every pass (null for a full pass) while attached.</summary>
    private sealed class PassLog : IDisposable
    {
        private readonly SimulatedControllers _controllers;
        private readonly ConcurrentQueue<IReadOnlyCollection<ClusterKey>?> _scopes = new();

        public PassLog(SimulatedControllers controllers)
        {
            _controllers = controllers;
            _controllers.PassCompleted += OnPass;
        }

        public IReadOnlyList<IReadOnlyCollection<ClusterKey>?> Scopes => [.. _scopes];

        private void OnPass(IReadOnlyCollection<ClusterKey>? scope) => _scopes.Enqueue(scope is null ? null : [.. scope]);

        public void Dispose() => _controllers.PassCompleted -= OnPass;
    }

    /// <summary>Waits until no pass has run for <paramref name="quiet"/> (the clusters are settled).</summary>
    private static async Task SettleAsync(ControllerHarness h, TimeSpan? quiet = null)
    {
        var limit = Stopwatch.StartNew();
        var window = quiet ?? TimeSpan.FromMilliseconds(300);
        var passes = h.Controllers!.Passes;
        var since = Stopwatch.StartNew();
        while (since.Elapsed < window)
        {
            if (limit.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail("the controllers did not settle within 30 s");
            await Task.Delay(20);
            var now = h.Controllers.Passes;
            if (now != passes)
            {
                passes = now;
                since.Restart();
            }
        }
    }

    private static async Task<ControllerHarness> StartClustersAsync(params ClusterManifests[] clusters)
    {
        var h = await ControllerHarness.StartAsync(timings: NoResync);
        foreach (var c in clusters) h.Apply(c.All());
        await ControllerHarness.WaitForAsync(() => clusters.All(c => ClusterLifecycleTests.ClusterUp(h, c.Name, c.ControlPlaneReplicas, c.WorkerReplicas)),
            h.Describe, TimeSpan.FromSeconds(60));
        await SettleAsync(h);
        return h;
    }

    [Fact]
    public async Task ChangeToOneCluster_ReconcilesOnlyThatCluster()
    {
        await using var h = await StartClustersAsync(Small("a", 0), Small("b", 1));
        var before = h.Controllers!.ReconciledObjects;
        using var log = new PassLog(h.Controllers);

        // Scale cluster a's workers: a new Machine, NutanixMachine, KubeadmConfig, VM... all of cluster a.
        h.Patch(Core, "machinedeployments", "a-wmd", """{"spec":{"replicas":2}}""");
        await ControllerHarness.WaitForAsync(() => ClusterLifecycleTests.ClusterUp(h, "a", 1, 2), h.Describe);
        await SettleAsync(h);

        var a = new ClusterKey("default", "a");
        var b = new ClusterKey("default", "b");
        var scopes = log.Scopes;
        output.WriteLine($"{scopes.Count} passes, {scopes.Count(s => s is null)} full, {h.Controllers.ReconciledObjects - before} objects listed");
        Assert.NotEmpty(scopes);
        Assert.All(scopes, s => Assert.NotNull(s));
        Assert.Contains(scopes, s => s!.Contains(a));
        Assert.DoesNotContain(scopes, s => s!.Contains(b));
        Assert.True(ClusterLifecycleTests.ClusterUp(h, "b", 1, 1));
    }

    [Fact]
    public async Task ObjectOfNoKnownCluster_RunsAFullPass_LabelledOneOnlyItsCluster()
    {
        await using var h = await StartClustersAsync(Small("a", 0));
        var fullBefore = h.Controllers!.FullPasses;

        using (var log = new PassLog(h.Controllers))
        {
            h.Apply("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: labelled
                  labels: {cluster.x-k8s.io/cluster-name: elsewhere}
                stringData: {k: v}
                """);
            await ControllerHarness.WaitForAsync(() => log.Scopes.Count > 0, () => "no pass ran");
            await SettleAsync(h);
            var only = Assert.Single(log.Scopes);
            Assert.Equal([new ClusterKey("default", "elsewhere")], only);
        }

        Assert.Equal(fullBefore, h.Controllers.FullPasses);
        h.Apply("""
            apiVersion: v1
            kind: Secret
            metadata:
              name: unlabelled
            stringData: {k: v}
            """);
        await ControllerHarness.WaitForAsync(() => h.Controllers.FullPasses > fullBefore, () => "no full pass ran");
    }

    [Fact]
    public async Task PrismChangesMadeOutsideTheControllers_RunAFullPass()
    {
        await using var h = await StartClustersAsync(Small("a", 0));
        var full = h.Controllers!.FullPasses;
        h.Credentials.RotatePassword("Rotated/1");
        await ControllerHarness.WaitForAsync(() => h.Controllers.FullPasses > full, () => "no full pass after the password rotation");
        await ControllerHarness.WaitForAsync(
            () => (string?)h.Get("infrastructure.cluster.x-k8s.io", "nutanixclusters", "a")?["status"]?["conditions"]?.AsArray()
                .FirstOrDefault(c => (string?)c?["type"] == "PrismClientInit")?["status"] == "False",
            h.Describe);
        await SettleAsync(h);

        full = h.Controllers.FullPasses;
        var vm = h.Inventory.ListVms()[0];
        h.Inventory.UpdateVm(vm.Uuid, null, v => v);
        await ControllerHarness.WaitForAsync(() => h.Controllers.FullPasses > full, () => "no full pass after a VM change through Prism");
    }

    [Fact]
    public async Task ProviderScaledToZero_IsAFullPassChange_AndStopsItsController()
    {
        await using var h = await StartClustersAsync(Small("a", 0));
        var fullBefore = h.Controllers!.FullPasses;
        h.Store.UpdateScale(h.Type("apps", "deployments"), "capx-system", "capx-controller-manager", 0);
        await ControllerHarness.WaitForAsync(() => h.Controllers.FullPasses > fullBefore, () => "no full pass ran");
        await SettleAsync(h);

        // CAPX stopped: a new worker gets a NutanixMachine that nobody reconciles.
        h.Patch(Core, "machinedeployments", "a-wmd", """{"spec":{"replicas":2}}""");
        await ControllerHarness.WaitForAsync(() => h.List("infrastructure.cluster.x-k8s.io", "nutanixmachines").Count == 3, h.Describe);
        await SettleAsync(h);
        Assert.Equal(2, h.Inventory.ListVms().Count);

        h.Store.UpdateScale(h.Type("apps", "deployments"), "capx-system", "capx-controller-manager", 1);
        await ControllerHarness.WaitForAsync(() => ClusterLifecycleTests.ClusterUp(h, "a", 1, 2), h.Describe);
        Assert.Equal(3, h.Inventory.ListVms().Count);
    }

    [Fact]
    public async Task ManyClusters_Converge_AndWorkStaysProportionalToWhatChanged()
    {
        const int count = 20;
        var clusters = Enumerable.Range(0, count).Select(i => Small($"m{i:00}", i)).ToArray();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await using var h = await StartClustersAsync(clusters);
        output.WriteLine($"{count} clusters up in {wall.Elapsed.TotalSeconds:0.00} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU (test process); "
            + $"{h.Controllers!.Passes} passes ({h.Controllers.FullPasses} full), {h.Controllers.ReconciledObjects} objects listed");

        // A change to one cluster lists that cluster's objects (a dozen or so per pass), not all clusters'.
        var objects = h.Controllers.ReconciledObjects;
        var passes = h.Controllers.Passes;
        var full = h.Controllers.FullPasses;
        h.Patch(Core, "clusters", "m07", """{"metadata":{"labels":{"touched":"yes"}}}""");
        await ControllerHarness.WaitForAsync(() => h.Controllers.Passes > passes, () => "no pass ran");
        await SettleAsync(h);
        var listed = h.Controllers.ReconciledObjects - objects;
        var ran = h.Controllers.Passes - passes;
        output.WriteLine($"label change on one cluster: {ran} passes, {listed} objects listed");
        Assert.InRange(listed, 1, 40 * ran);
        Assert.Equal(full, h.Controllers.FullPasses);
        Assert.All(clusters, c => Assert.True(ClusterLifecycleTests.ClusterUp(h, c.Name, 1, 1)));
    }

    [Fact]
    public void StepTimer_FallsDueForItsOwnClusters_AndIsPrunedOnlyByPassesOverThem()
    {
        var timers = new StepTimers();
        var a = new ClusterKey("default", "a");
        var b = new ClusterKey("default", "b");
        var t0 = DateTimeOffset.UnixEpoch;
        Assert.False(timers.Consult("node/a", [a], t0, TimeSpan.FromSeconds(5)));
        Assert.False(timers.Consult("deployment/x", [], t0, TimeSpan.FromSeconds(3)));
        Assert.Equal(t0.AddSeconds(3), timers.NextDue());

        var due = new HashSet<ClusterKey>();
        Assert.False(timers.CollectDue(t0.AddSeconds(1), due));
        Assert.Empty(due);
        Assert.True(timers.CollectDue(t0.AddSeconds(3), due)); // the keyless timer asks for a full pass
        Assert.Empty(due);
        Assert.True(timers.Consult("deployment/x", [], t0.AddSeconds(3), TimeSpan.FromSeconds(3)));
        Assert.False(timers.CollectDue(t0.AddSeconds(6), due));
        Assert.Equal([a], due);

        // A pass over b neither fires nor prunes a's timer; a full pass or a pass over a without it does.
        timers.Prune([], [b]);
        Assert.Equal(2, timers.Count);
        timers.Prune(["deployment/x"], [a]);
        Assert.Equal(1, timers.Count);
        Assert.Null(timers.NextDue());
        timers.Prune([], null);
        Assert.Equal(0, timers.Count);
    }

    [Fact]
    public void ClusterScope_ReadsClusterNameLabelOwnersAndOwnName()
    {
        static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
        Assert.Equal([new ClusterKey("ns", "c1")], ClusterScope.Of(Parse("""{"apiVersion":"cluster.x-k8s.io/v1beta1","kind":"Cluster","metadata":{"name":"c1","namespace":"ns"}}""")));
        Assert.Equal([new ClusterKey("ns", "c1")], ClusterScope.Of(Parse("""{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Machine","metadata":{"name":"m","namespace":"ns","labels":{"cluster.x-k8s.io/cluster-name":"c1"}},"spec":{"clusterName":"c1"}}""")));
        Assert.Equal([new ClusterKey("ns", "c2"), new ClusterKey("ns", "c3")], ClusterScope.Of(Parse("""
            {"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"NutanixMachineTemplate","metadata":{"name":"t","namespace":"ns","ownerReferences":[
              {"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Cluster","name":"c2","uid":"1"},
              {"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Cluster","name":"c3","uid":"2"},
              {"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"MachineSet","name":"c9","uid":"3"}]}}
            """)));
        Assert.Empty(ClusterScope.Of(Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds","namespace":"ns"}}""")));
        Assert.Empty(ClusterScope.Of(Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"capx-controller-manager","namespace":"capx-system"}}""")));
        Assert.True(ClusterScope.In(Parse("""{"kind":"Secret","metadata":{"name":"x","namespace":"ns","labels":{"cluster.x-k8s.io/cluster-name":"c1"}}}"""), [new ClusterKey("ns", "c1")]));
        Assert.False(ClusterScope.In(Parse("""{"kind":"Secret","metadata":{"name":"x","namespace":"ns","labels":{"cluster.x-k8s.io/cluster-name":"c1"}}}"""), [new ClusterKey("other", "c1")]));
    }
}
