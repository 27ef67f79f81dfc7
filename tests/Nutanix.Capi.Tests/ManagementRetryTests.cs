using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using k8s;
using Nutanix.Capi.Management;
using Nutanix.Http;
using TestSupport.Http;

namespace Nutanix.Capi.Tests;

/// <summary>
/// The management-cluster client over real sockets against a scripted API server that fails the way a loaded or
/// restarting kube-apiserver does (429 with Retry-After from API Priority and Fairness, 503, dropped connections):
/// every kind of request rides it out, and a failure that outlasts the budget says what was retried and for how long.
/// </summary>
public sealed class ManagementRetryTests
{
    private const string ClusterDiscovery = """
        {"kind":"APIResourceList","groupVersion":"cluster.x-k8s.io/v1beta1","resources":[
          {"name":"clusters","singularName":"cluster","namespaced":true,"kind":"Cluster","verbs":["get","list","patch","delete","watch"]}]}
        """;

    private const string TooMany = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","details":{"retryAfterSeconds":1},"code":429}""";

    private const string Unavailable = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server is currently unable to handle the request","reason":"ServiceUnavailable","code":503}""";

    private static readonly TransientRetryOptions Fast = new()
    {
        MaxRetries = 8,
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryAfter = TimeSpan.FromMilliseconds(100),
        TotalTimeout = TimeSpan.FromSeconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    private static readonly ApiResource Clusters = new("cluster.x-k8s.io", "v1beta1", "clusters");

    [Fact]
    public async Task Get_List_Apply_Delete_And_Watch_RideOutEveryOtherRequestFailing()
    {
        var failNext = new Dictionary<string, int>(StringComparer.Ordinal);
        var applied = new List<string>();
        await using var server = new ScriptedHttpServer(r =>
        {
            // Each distinct request fails twice (a 429 with Retry-After, then a 503 or a dropped connection), then succeeds.
            var key = r.Method + " " + r.Target;
            lock (failNext)
            {
                var seen = failNext.TryGetValue(key, out var n) ? n : 0;
                failNext[key] = seen + 1;
                if (seen == 0) return ScriptedReply.Answer(429, TooMany, headers: "Retry-After: 1");
                if (seen == 1) return r.Method == "GET" ? ScriptedReply.Reset : ScriptedReply.Answer(503, Unavailable);
            }

            if (r.Method == "PATCH") applied.Add(r.Body);
            return (r.Method, r.Path) switch
            {
                ("GET", "/apis/cluster.x-k8s.io/v1beta1") => ScriptedReply.Answer(200, ClusterDiscovery),
                ("GET", "/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters/demo") => ScriptedReply.Answer(200, """{"apiVersion":"cluster.x-k8s.io/v1beta1","kind":"Cluster","metadata":{"name":"demo"}}"""),
                ("GET", "/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters") when r.Target.Contains("watch=true", StringComparison.Ordinal) =>
                    ScriptedReply.Answer(200, """{"type":"ADDED","object":{"kind":"Cluster","metadata":{"name":"demo","resourceVersion":"7"}}}""" + "\n"),
                ("GET", "/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters") => ScriptedReply.Answer(200, """{"apiVersion":"cluster.x-k8s.io/v1beta1","kind":"ClusterList","metadata":{},"items":[{"metadata":{"name":"demo"}}]}"""),
                ("PATCH", _) => ScriptedReply.Answer(200, r.Body),
                ("DELETE", _) => ScriptedReply.Answer(200, """{"kind":"Status","status":"Success"}"""),
                _ => ScriptedReply.Answer(404, """{"kind":"Status","reason":"NotFound","code":404}"""),
            };
        });
        using var client = Client(server.Url, Fast);
        var cluster = new JsonObject { ["apiVersion"] = "cluster.x-k8s.io/v1beta1", ["kind"] = "Cluster", ["metadata"] = new JsonObject { ["name"] = "demo", ["namespace"] = "team-a" } };

        Assert.Equal("demo", (string?)(await client.ApplyAsync(cluster))["metadata"]?["name"]);
        Assert.NotNull(await client.GetAsync(Clusters, "team-a", "demo"));
        Assert.Single(await client.ListAsync(Clusters, "team-a"));
        var events = new List<WatchEvent>();
        await foreach (var e in client.WatchAsync(Clusters, "team-a", null, null, null, TimeSpan.FromSeconds(5)))
        {
            events.Add(e);
        }

        Assert.True(await client.DeleteAsync(Clusters, "team-a", "demo"));

        Assert.Equal("7", Assert.Single(events).ResourceVersion);
        // The apply was repeated with the same body each time it was sent; every request took three attempts.
        Assert.Single(applied.Distinct());
        Assert.All(failNext.Values, n => Assert.Equal(3, n));
        Assert.Equal(6 * 3, server.Count);
    }

    [Fact]
    public async Task Sustained503_FailsAfterTheRetries_SayingWhatWasRetriedAndForHowLong()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Answer(503, Unavailable));
        using var client = Client(server.Url, Fast with { MaxRetries = 4 });

        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync(Clusters, "team-a", "demo"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(5, ex.Retries?.Attempts);
        Assert.Equal(5, server.Count);
        Assert.Contains("the server is currently unable to handle the request", ex.Message, StringComparison.Ordinal);
        Assert.Matches(@"\(after 5 attempts over \d+(\.\d)? s \(HTTP 503 Service Unavailable ×5\)\)$", ex.Message);
    }

    [Fact]
    public async Task APermanentAnswerIsNotRetried()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Answer(403, """{"kind":"Status","reason":"Forbidden","message":"clusters is forbidden","code":403}"""));
        using var client = Client(server.Url, Fast);

        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync(Clusters, "team-a", "demo"));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Null(ex.Retries);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task AnUnreachableServer_IsRetriedWithinTheBudget_ThenNamedWithWhatWasTried()
    {
        // A port nobody listens on: every attempt is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = Client($"http://127.0.0.1:{port}", Fast with { MaxRetries = 3 });

        var ex = await Assert.ThrowsAsync<ManagementClusterUnavailableException>(() => client.ListAsync(Clusters, "team-a"));

        Assert.Equal(4, ex.Attempts);
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Equal("could not connect (ConnectionRefused)", ex.LastFailure);
        Assert.Contains("GET /apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters on http://127.0.0.1:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4 attempts over", ex.Message, StringComparison.Ordinal);
        Assert.Contains("could not connect (ConnectionRefused) ×4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("retried for up to 20 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASilentServer_IsGivenUpWhenTheBudgetRunsOut()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Hang);
        using var client = Client(server.Url, Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(300), TotalTimeout = TimeSpan.FromSeconds(1) });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ManagementClusterUnavailableException>(() => client.GetAsync(Clusters, "team-a", "demo"));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900) && watch.Elapsed < TimeSpan.FromSeconds(30), ex.Message);
        // The last attempt ends on its own 0.3 s timeout, or (when timers fire late on a busy machine) is cut by the budget.
        Assert.Contains(ex.LastFailure, new[] { "no answer within 0.3 s", "cut short when the time budget ran out" });
        // Usually 2-4 attempts; on a starved machine the first attempt's timer may fire no earlier than the budget's.
        Assert.True(ex.Attempts is >= 1 and <= 4, ex.Message);
        Assert.Contains("retried for up to 1 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_StaysACancellation()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Hang);
        using var client = Client(server.Url, Fast);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(Clusters, "team-a", "demo", cts.Token));
    }

    [Fact]
    public void TheDefaultPolicyFitsInTheRequestTimeout()
    {
        var retry = ManagementClusterClient.DefaultRetry(TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(20), retry.TotalTimeout);
        Assert.True(retry.AttemptTimeout <= retry.TotalTimeout);
        Assert.True(retry.MaxRetries > 0);

        using var client = ManagementClusterClient.FromKubeconfigContent(Kubeconfig("http://127.0.0.1:1"));
        Assert.Equal(ManagementClusterClient.DefaultRetry(TimeSpan.FromSeconds(100)), client.Retry);
    }

    private static ManagementClusterClient Client(string url, TransientRetryOptions retry)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Kubeconfig(url)));
        return ManagementClusterClient.FromConfiguration(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream), null, retry);
    }

    private static string Kubeconfig(string url) => $$"""
        apiVersion: v1
        kind: Config
        current-context: mgmt
        clusters:
        - name: mgmt
          cluster:
            server: {{url}}
        users:
        - name: admin
          user:
            token: tok
        contexts:
        - name: mgmt
          context: {cluster: mgmt, user: admin}
        """;
}
