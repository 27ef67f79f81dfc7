using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Model;
using Terraform.Plugin.Diagnostics;
using TerraformProvider.Nutanix.Cluster;
using TerraformProvider.Nutanix.Resources;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// The create/update wait against an in-memory management cluster: it is woken by watch events (the poll is set to
/// ten minutes, so only a watch can end these waits within the tests' 30-second guard), falls back to polling when
/// watches are refused, and its watches restart after 410 Gone, resume after the server ends a stream and retry
/// after a failure. No test measures time: each checks what was requested and that the wait ends.
/// </summary>
public sealed class ClusterWaitTests
{
    private const string Ns = "team-a";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    /// <summary>Polls only every ten minutes: any wait ending within <see cref="Guard"/> was woken by a watch.</summary>
    private static readonly WaitTimings WatchOnly = new()
    {
        FirstPoll = TimeSpan.FromMinutes(10),
        Poll = TimeSpan.FromMinutes(10),
        FirstWakeSpacing = TimeSpan.Zero,
        MaxWakeSpacing = TimeSpan.Zero,
        WatchRetry = TimeSpan.FromMilliseconds(1),
    };

    private static FakeKube NotReadyCluster()
    {
        var kube = new FakeKube();
        kube.Put("clusters", JsonNode.Parse("""
            {"apiVersion":"cluster.x-k8s.io/v1beta1","kind":"Cluster",
             "metadata":{"name":"demo","namespace":"team-a","resourceVersion":"10","labels":{"cluster.x-k8s.io/cluster-name":"demo"}},
             "spec":{"infrastructureRef":{"name":"demo"},"controlPlaneRef":{"name":"demo-kcp"}},
             "status":{"phase":"Provisioned","infrastructureReady":true}}
            """)!.AsObject());
        kube.Put("kubeadmcontrolplanes", JsonNode.Parse("""
            {"metadata":{"name":"demo-kcp","namespace":"team-a","resourceVersion":"11"},
             "spec":{"replicas":1,"version":"v1.33.2"},
             "status":{"initialized":true,"replicas":1,"readyReplicas":0,"upToDateReplicas":1}}
            """)!.AsObject());
        kube.Put("machines", JsonNode.Parse("""
            {"metadata":{"name":"demo-cp-1","namespace":"team-a","resourceVersion":"12","labels":{"cluster.x-k8s.io/control-plane":""}},
             "spec":{"version":"v1.33.2"},"status":{"phase":"Running"}}
            """)!.AsObject());
        return kube;
    }

    private static void MakeReady(FakeKube kube)
    {
        var kcp = kube.Get("kubeadmcontrolplanes", "demo-kcp").DeepClone().AsObject();
        kcp["status"]!["readyReplicas"] = 1;
        kcp["metadata"]!["resourceVersion"] = "13";
        kube.Put("kubeadmcontrolplanes", kcp);
    }

    private static ClusterChangeWatch StartWatch(FakeKube kube) =>
        ClusterChangeWatch.Start(kube.Client(), Ns, "demo", [(CapiResources.Cluster, kube.Get("clusters", "demo")), (CapiResources.Machine, kube.Get("machines", "demo-cp-1"))],
            WatchOnly, NullLogger.Instance, CancellationToken.None);

    private static Task<ClusterObservation> Wait(FakeKube kube, WaitTimings timings, DiagnosticBag diagnostics, CancellationToken cancellationToken = default) =>
        new ClusterResource { Timings = timings }.WaitAsync(kube.Client(), Ns, "demo", WaitTarget.Ready, TimeSpan.FromMinutes(20), "create", diagnostics, cancellationToken);

    [Fact]
    public async Task Wait_IsWokenByAWatchEvent_AndReadsOnceMore()
    {
        var kube = NotReadyCluster();
        var diagnostics = new DiagnosticBag();
        var wait = Wait(kube, WatchOnly, diagnostics);

        var clusterWatch = await kube.Watch("clusters");
        var kcpWatch = await kube.Watch("kubeadmcontrolplanes");
        Assert.Contains("fieldSelector=metadata.name=demo", clusterWatch.Query, StringComparison.Ordinal);
        Assert.Contains("labelSelector=cluster.x-k8s.io/cluster-name=demo", kcpWatch.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("resourceVersion=", kcpWatch.Query, StringComparison.Ordinal);
        Assert.False(wait.IsCompleted);
        Assert.Equal(1, kube.Count("GET", "clusters", watch: false));

        MakeReady(kube);
        kcpWatch.Send("MODIFIED", kube.Get("kubeadmcontrolplanes", "demo-kcp"));
        var observation = await wait.WaitAsync(Guard);

        Assert.False(diagnostics.HasError, string.Join("; ", diagnostics.Select(d => d.Summary)));
        Assert.True(observation.ControlPlaneReady);
        Assert.Equal(2, kube.Count("GET", "clusters", watch: false));
    }

    [Fact]
    public async Task Wait_ReadsOnlyWhatProgressNeeds()
    {
        var kube = NotReadyCluster();
        MakeReady(kube);
        var diagnostics = new DiagnosticBag();
        await Wait(kube, WatchOnly, diagnostics).WaitAsync(Guard);

        Assert.False(diagnostics.HasError);
        Assert.Equal(0, kube.Count("GET", "nutanixmachinetemplates") + kube.Count("GET", "kubeadmconfigtemplates")
            + kube.Count("GET", "clusterresourcesets") + kube.Count("GET", "configmaps"));
        Assert.Equal(1, kube.Count("GET", "machines"));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.MethodNotAllowed)]
    public async Task Wait_PollsWhenWatchesAreRefused(HttpStatusCode refusal)
    {
        var kube = NotReadyCluster();
        kube.OnWatch = (_, _, _) => FakeKube.Json(refusal, FakeKube.Status((int)refusal, refusal.ToString()));
        kube.OnGet = (plural, _, count) =>
        {
            if (plural == "clusters" && count == 3) MakeReady(kube);
        };
        var diagnostics = new DiagnosticBag();
        var timings = WatchOnly with { FirstPoll = TimeSpan.FromMilliseconds(1), Poll = TimeSpan.FromMilliseconds(5) };

        var observation = await Wait(kube, timings, diagnostics).WaitAsync(Guard);

        Assert.False(diagnostics.HasError);
        Assert.True(observation.ControlPlaneReady);
        Assert.Equal(3, kube.Count("GET", "clusters", watch: false));
        // A refused watch is not asked for again during the wait.
        foreach (var plural in new[] { "clusters", "kubeadmcontrolplanes", "machinedeployments", "machines" })
        {
            Assert.InRange(kube.Count("GET", plural, watch: true), 0, 1);
        }
    }

    [Fact]
    public async Task Wait_WithoutWatches_PollsWithAGrowingDelay()
    {
        var kube = NotReadyCluster();
        kube.OnGet = (plural, _, count) =>
        {
            if (plural == "clusters" && count == 4) MakeReady(kube);
        };
        var diagnostics = new DiagnosticBag();
        var timings = new WaitTimings { Watch = false, FirstPoll = TimeSpan.FromMilliseconds(1), Poll = TimeSpan.FromMilliseconds(4) };

        await Wait(kube, timings, diagnostics).WaitAsync(Guard);

        Assert.False(diagnostics.HasError);
        Assert.Equal(4, kube.Count("GET", "clusters", watch: false));
        Assert.Equal(0, kube.Requests.Count(r => r.Query.Contains("watch=true", StringComparison.Ordinal)));
        Assert.Equal(TimeSpan.FromMilliseconds(2), timings.NextPoll(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(4), timings.NextPoll(TimeSpan.FromMilliseconds(3)));
    }

    [Fact]
    public async Task Wait_TimedOut_NamesTheTimeoutTheWayTimeoutsBlocksWriteIt()
    {
        var kube = NotReadyCluster();
        var diagnostics = new DiagnosticBag();
        var observation = await new ClusterResource { Timings = WatchOnly }
            .WaitAsync(kube.Client(), Ns, "demo", WaitTarget.Ready, TimeSpan.FromMilliseconds(1500), "create", diagnostics, CancellationToken.None)
            .WaitAsync(Guard);

        var error = Assert.Single(diagnostics);
        Assert.StartsWith("Timed out after 1.5s waiting for cluster team-a/demo", error.Summary, StringComparison.Ordinal);
        Assert.Contains("Raise timeouts.create", error.Detail, StringComparison.Ordinal);
        Assert.False(observation.ControlPlaneReady);
    }

    [Fact]
    public async Task Wait_StopRequested_ReturnsWithTheInterruptedError()
    {
        var kube = NotReadyCluster();
        var diagnostics = new DiagnosticBag();
        using var stop = new CancellationTokenSource();
        var wait = Wait(kube, WatchOnly, diagnostics, stop.Token);
        await kube.Watch("clusters");

        await stop.CancelAsync();
        var observation = await wait.WaitAsync(Guard);

        Assert.Contains(diagnostics, d => d.Summary.StartsWith("Interrupted while waiting for cluster team-a/demo", StringComparison.Ordinal));
        Assert.False(observation.ControlPlaneReady);
    }

    [Fact]
    public async Task Watch_InitialEventsOfObjectsAlreadyRead_DoNotWake_NewerVersionsDo()
    {
        var kube = NotReadyCluster();
        await using var watch = StartWatch(kube);
        var stream = await kube.Watch("machines");
        Assert.DoesNotContain("resourceVersion=", stream.Query, StringComparison.Ordinal);

        // The server's initial state: the machine as the read saw it (no change), then a newer version of it.
        stream.Send("ADDED", kube.Get("machines", "demo-cp-1"));
        var changed = kube.Get("machines", "demo-cp-1").DeepClone().AsObject();
        changed["metadata"]!["resourceVersion"] = "20";
        stream.Send("MODIFIED", changed);

        Assert.True(await watch.WaitAsync(TimeSpan.FromMinutes(10), CancellationToken.None).WaitAsync(Guard));
        Assert.Equal(1, watch.EventCount);
        watch.Reset();
        stream.Send("MODIFIED", changed);
        var other = kube.Get("machines", "demo-cp-1").DeepClone().AsObject();
        other["metadata"]!["name"] = "demo-cp-2";
        stream.Send("ADDED", other);
        Assert.True(await watch.WaitAsync(TimeSpan.FromMinutes(10), CancellationToken.None).WaitAsync(Guard));
        Assert.Equal(2, watch.EventCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Watch_Gone_RestartsFromTheCurrentStateAndWakes(bool asHttpStatus)
    {
        var kube = NotReadyCluster();
        kube.OnWatch = (plural, query, attempt) =>
        {
            if (plural != "clusters" || attempt != 2) return null;
            return asHttpStatus
                ? FakeKube.Json(HttpStatusCode.Gone, FakeKube.Status(410, "Expired"))
                : FakeKube.Json(HttpStatusCode.OK, "{\"type\":\"ERROR\",\"object\":" + FakeKube.Status(410, "Expired") + "}\n");
        };
        await using var watch = StartWatch(kube);
        var first = await kube.Watch("clusters");
        first.Send("BOOKMARK", JsonNode.Parse("""{"kind":"Cluster","metadata":{"resourceVersion":"8"}}""")!.AsObject());
        first.End();

        // The resumed watch (from 8) is answered 410: the wait is woken and the watch starts over without a version.
        Assert.True(await watch.WaitAsync(TimeSpan.FromMinutes(10), CancellationToken.None).WaitAsync(Guard));
        var restarted = await kube.Watch("clusters");
        Assert.DoesNotContain("resourceVersion=", restarted.Query, StringComparison.Ordinal);
        var resumed = kube.Requests.Where(r => r.Plural == "clusters").ElementAt(1);
        Assert.Contains("resourceVersion=8", resumed.Query, StringComparison.Ordinal);
        Assert.Equal(0, watch.EventCount);
    }

    [Fact]
    public async Task Watch_StreamEndedByTheServer_ResumesFromTheLastVersion_BookmarksDoNotWake()
    {
        var kube = NotReadyCluster();
        await using var watch = StartWatch(kube);
        var stream = await kube.Watch("clusters");
        Assert.Contains("allowWatchBookmarks=true", stream.Query, StringComparison.Ordinal);
        Assert.Contains("timeoutSeconds=300", stream.Query, StringComparison.Ordinal);

        stream.Send("BOOKMARK", JsonNode.Parse("""{"kind":"Cluster","metadata":{"resourceVersion":"8"}}""")!.AsObject());
        stream.End();
        var resumed = await kube.Watch("clusters");
        Assert.Contains("resourceVersion=8", resumed.Query, StringComparison.Ordinal);
        Assert.Equal(0, watch.EventCount);

        var changed = kube.Get("clusters", "demo").DeepClone().AsObject();
        changed["metadata"]!["resourceVersion"] = "19";
        resumed.Send("MODIFIED", changed);
        Assert.True(await watch.WaitAsync(TimeSpan.FromMinutes(10), CancellationToken.None).WaitAsync(Guard));
        Assert.Equal(1, watch.EventCount);
        resumed.End();
        Assert.Contains("resourceVersion=19", (await kube.Watch("clusters")).Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ConnectionBlip_IsRetriedByTheClient_WithoutWakingTheWait()
    {
        var kube = NotReadyCluster();
        kube.OnWatch = (plural, _, attempt) => plural == "machines" && attempt == 1 ? throw new HttpRequestException("connection refused") : null;
        await using var watch = StartWatch(kube);

        await kube.Watch("machines");
        Assert.Equal(2, kube.Count("GET", "machines", watch: true));
        Assert.False(await watch.WaitAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(Guard));
    }

    [Fact]
    public async Task Watch_ConnectionFailureOutlastingTheClientsRetries_WakesTheWaitAndOpensAgain()
    {
        var kube = NotReadyCluster();
        var failing = 1 + FakeKube.FastRetry.MaxRetries;
        kube.OnWatch = (plural, _, attempt) => plural == "machines" && attempt <= failing ? throw new HttpRequestException("connection refused") : null;
        await using var watch = StartWatch(kube);

        Assert.True(await watch.WaitAsync(TimeSpan.FromMinutes(10), CancellationToken.None).WaitAsync(Guard));
        await kube.Watch("machines");
        Assert.Equal(failing + 1, kube.Count("GET", "machines", watch: true));
    }

    [Fact]
    public async Task Watch_Reset_ForgetsEarlierChanges()
    {
        var kube = NotReadyCluster();
        await using var watch = StartWatch(kube);
        var stream = await kube.Watch("machines");
        stream.Send("DELETED", kube.Get("machines", "demo-cp-1"));
        Assert.True(await watch.WaitAsync(TimeSpan.FromMinutes(10), CancellationToken.None).WaitAsync(Guard));

        watch.Reset();
        Assert.False(await watch.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None).WaitAsync(Guard));
    }

    [Fact]
    public async Task Fetch_IssuesTheIndependentReadsConcurrently()
    {
        var kube = NotReadyCluster();
        // Every read after the Cluster's is held until eight are in flight: a sequential fetch would never get there.
        kube.HoldUntilInFlight = 8;

        var live = await LiveCluster.FetchAsync(kube.Client(), Ns, "demo", CancellationToken.None).WaitAsync(Guard);

        Assert.NotNull(live);
        Assert.True(kube.MaxInFlight >= 8, $"at most {kube.MaxInFlight} requests were in flight at once");
        Assert.Equal("demo-cp-1", Assert.Single(live.Machines)["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(1, kube.Count("GET", "configmaps"));
        Assert.Equal(1, kube.Count("GET", "clusterresourcesets"));
    }
}
