using System.Net;
using System.Text.Json.Nodes;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Tests;

public sealed class ManagementClientTests
{
    private const string ClusterDiscovery = """
        {"kind":"APIResourceList","groupVersion":"cluster.x-k8s.io/v1beta1","resources":[
          {"name":"clusters","singularName":"cluster","namespaced":true,"kind":"Cluster","verbs":["get","list","patch"]},
          {"name":"clusters/status","singularName":"","namespaced":true,"kind":"Cluster","verbs":["get"]}]}
        """;

    private const string CoreDiscovery = """
        {"kind":"APIResourceList","groupVersion":"v1","resources":[
          {"name":"secrets","namespaced":true,"kind":"Secret"},
          {"name":"namespaces","namespaced":false,"kind":"Namespace"}]}
        """;

    private static string Kubeconfig(string url, string token, string secondUrl = "http://127.0.0.1:1", string secondToken = "other") => $$"""
        apiVersion: v1
        kind: Config
        current-context: mgmt
        clusters:
        - name: mgmt
          cluster:
            server: {{url}}
        - name: other
          cluster:
            server: {{secondUrl}}
        users:
        - name: admin
          user:
            token: {{token}}
        - name: other
          user:
            token: {{secondToken}}
        contexts:
        - name: mgmt
          context: {cluster: mgmt, user: admin}
        - name: other
          context: {cluster: other, user: other}
        """;

    private static (int, string) Route(RecordedRequest r)
    {
        return (r.Method, r.Path) switch
        {
            ("GET", "/version") => (200, "{\"gitVersion\":\"v1.31.4\"}"),
            ("GET", "/api/v1/namespaces/team-a/secrets/demo-kubeconfig") => (200, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"data\":{\"value\":\"" + Convert.ToBase64String("apiVersion: v1\nkind: Config\n"u8.ToArray()) + "\"}}"),
            ("GET", "/apis/cluster.x-k8s.io/v1beta1") => (200, ClusterDiscovery),
            ("GET", "/api/v1") => (200, CoreDiscovery),
            ("PATCH", "/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters/demo") => (200, AddUid(r.Body)),
            ("PATCH", "/api/v1/namespaces/default/secrets/creds") => (200, AddUid(r.Body)),
            ("PATCH", "/api/v1/namespaces/ns1") => (200, AddUid(r.Body)),
            ("GET", "/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters/demo") => (200, "{\"apiVersion\":\"cluster.x-k8s.io/v1beta1\",\"kind\":\"Cluster\",\"metadata\":{\"name\":\"demo\"}}"),
            ("GET", "/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters/missing") => (404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"clusters.cluster.x-k8s.io \\\"missing\\\" not found\",\"reason\":\"NotFound\",\"code\":404}"),
            ("GET", "/apis/cluster.x-k8s.io/v1beta1/clusters") when !r.PathAndQuery.Contains("continue=", StringComparison.Ordinal) =>
                (200, "{\"apiVersion\":\"cluster.x-k8s.io/v1beta1\",\"kind\":\"ClusterList\",\"metadata\":{\"continue\":\"page2\"},\"items\":[{\"metadata\":{\"name\":\"a\"}}]}"),
            ("GET", "/apis/cluster.x-k8s.io/v1beta1/clusters") =>
                (200, "{\"apiVersion\":\"cluster.x-k8s.io/v1beta1\",\"kind\":\"ClusterList\",\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"b\"}}]}"),
            ("DELETE", "/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters/demo") => (200, "{\"kind\":\"Status\",\"status\":\"Success\"}"),
            ("GET", "/api/v1/namespaces/team-a/secrets/pending-kubeconfig") => (404, "{\"kind\":\"Status\",\"reason\":\"NotFound\",\"message\":\"not found\",\"code\":404}"),
            ("DELETE", _) => (404, "{\"kind\":\"Status\",\"reason\":\"NotFound\",\"message\":\"not found\",\"code\":404}"),
            ("PATCH", "/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters/bad") => (422, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,
                 "message":"Cluster.cluster.x-k8s.io \"bad\" is invalid: spec.paused: Invalid value: \"string\": spec.paused in body must be of type boolean: \"string\"",
                 "details":{"name":"bad","kind":"Cluster","causes":[{"reason":"FieldValueTypeInvalid","message":"Invalid value: \"string\"","field":"spec.paused"}]}}
                """),
            _ => (500, "unexpected " + r.Method + " " + r.PathAndQuery),
        };
    }

    private static string AddUid(string body)
    {
        var obj = JsonNode.Parse(body)!.AsObject();
        obj["metadata"]!["uid"] = "1234";
        return obj.ToJsonString();
    }

    [Fact]
    public async Task KubeconfigTokenIsSentAndServerVersionRead()
    {
        await using var server = new FakeApiServer(Route);
        using var client = ManagementClusterClient.FromKubeconfigContent(Kubeconfig(server.Url, "tok-123"));
        var version = await client.GetServerVersionAsync();
        Assert.Equal("v1.31.4", (string?)version["gitVersion"]);
        Assert.Equal("Bearer tok-123", server.Requests.Single().Headers["Authorization"]);
    }

    [Fact]
    public async Task ExecPluginTokenIsSent()
    {
        await using var server = new FakeApiServer(Route);
        var dir = Directory.CreateTempSubdirectory("kubeconfig-exec-");
        try
        {
            var plugin = Path.Combine(dir.FullName, "credential-plugin.sh");
            await File.WriteAllTextAsync(plugin, """
                #!/bin/sh
                echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-exec-42"}}'
                """.Replace("\r", ""));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var kubeconfig = $$"""
                apiVersion: v1
                kind: Config
                current-context: mgmt
                clusters:
                - name: mgmt
                  cluster:
                    server: {{server.Url}}
                users:
                - name: exec
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: {{plugin}}
                      interactiveMode: Never
                contexts:
                - name: mgmt
                  context: {cluster: mgmt, user: exec}
                """;
            using var client = ManagementClusterClient.FromKubeconfigContent(kubeconfig);
            await client.GetServerVersionAsync();
            Assert.Equal("Bearer from-exec-42", server.Requests.Single().Headers["Authorization"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task BasicAuthUserIsSent()
    {
        await using var server = new FakeApiServer(Route);
        var kubeconfig = $$"""
            apiVersion: v1
            kind: Config
            current-context: mgmt
            clusters:
            - name: mgmt
              cluster:
                server: {{server.Url}}
            users:
            - name: basic
              user: {username: admin, password: s3cret}
            contexts:
            - name: mgmt
              context: {cluster: mgmt, user: basic}
            """;
        using var client = ManagementClusterClient.FromKubeconfigContent(kubeconfig);
        await client.GetServerVersionAsync();
        Assert.Equal("Basic " + Convert.ToBase64String("admin:s3cret"u8), server.Requests.Single().Headers["Authorization"]);
    }

    [Fact]
    public async Task ContextSelectsServerAndUser()
    {
        await using var server = new FakeApiServer(Route);
        var path = Path.Combine(Path.GetTempPath(), "kubeconfig-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(path, Kubeconfig("http://127.0.0.1:1", "wrong", server.Url, "tok-other"));
        try
        {
            using var client = ManagementClusterClient.FromKubeconfigFile(path, "other");
            await client.GetServerVersionAsync();
            Assert.Equal("Bearer tok-other", server.Requests.Single().Headers["Authorization"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ApplyUsesServerSideApplyWithFieldManagerAndForce()
    {
        await using var server = new FakeApiServer(Route);
        using var client = ManagementClusterClient.FromKubeconfigContent(Kubeconfig(server.Url, "t"));
        var cluster = new JsonObject
        {
            ["apiVersion"] = "cluster.x-k8s.io/v1beta1",
            ["kind"] = "Cluster",
            ["metadata"] = new JsonObject { ["name"] = "demo", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject { ["paused"] = false },
        };
        var stored = await client.ApplyAsync(cluster);
        Assert.Equal("1234", (string?)stored["metadata"]!["uid"]);
        var patch = server.Requests.Single(r => r.Method == "PATCH");
        Assert.Equal("/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/clusters/demo?fieldManager=terraform-provider-nutanix&force=true", patch.PathAndQuery);
        Assert.StartsWith("application/apply-patch+yaml", patch.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(cluster, JsonNode.Parse(patch.Body)));

        // Discovery is cached: a second apply of the same kind does not re-read it.
        await client.ApplyAsync(cluster, force: false);
        Assert.Single(server.Requests, r => r.Path == "/apis/cluster.x-k8s.io/v1beta1");
        Assert.EndsWith("fieldManager=terraform-provider-nutanix", server.Requests.Last().PathAndQuery, StringComparison.Ordinal);

        // Core group, namespace defaulted; cluster-scoped kinds have no namespace segment.
        await client.ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "creds" } });
        await client.ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "ns1" } });
        Assert.Contains(server.Requests, r => r.Path == "/api/v1/namespaces/default/secrets/creds");
        Assert.Contains(server.Requests, r => r.Path == "/api/v1/namespaces/ns1");
    }

    [Fact]
    public async Task GetListDelete()
    {
        await using var server = new FakeApiServer(Route);
        using var client = ManagementClusterClient.FromKubeconfigContent(Kubeconfig(server.Url, "t"));
        var clusters = new ApiResource("cluster.x-k8s.io", "v1beta1", "clusters");
        Assert.Equal("demo", (string?)(await client.GetAsync(clusters, "team-a", "demo"))!["metadata"]!["name"]);
        Assert.Null(await client.GetAsync(clusters, "team-a", "missing"));

        var all = await client.ListAsync(clusters, labelSelector: "cluster.x-k8s.io/cluster-name=demo,app in (x)");
        Assert.Equal(["a", "b"], all.Select(o => (string)o["metadata"]!["name"]!));
        Assert.All(all, o => Assert.Equal("Cluster", (string?)o["kind"]));
        Assert.All(all, o => Assert.Equal("cluster.x-k8s.io/v1beta1", (string?)o["apiVersion"]));
        Assert.Contains(server.Requests, r => r.PathAndQuery.Contains("labelSelector=cluster.x-k8s.io/cluster-name=demo,app in (x)", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.PathAndQuery.Contains("continue=page2", StringComparison.Ordinal));

        Assert.Equal("apiVersion: v1\nkind: Config\n", await client.GetWorkloadKubeconfigAsync("team-a", "demo"));
        Assert.Null(await client.GetWorkloadKubeconfigAsync("team-a", "pending"));

        Assert.True(await client.DeleteAsync(clusters, "team-a", "demo"));
        var delete = server.Requests.First(r => r.Method == "DELETE");
        Assert.Equal("Foreground", (string?)JsonNode.Parse(delete.Body)!["propagationPolicy"]);
        Assert.False(await client.DeleteAsync(clusters, "team-a", "gone"));
    }

    [Fact]
    public async Task ErrorsCarryStatusReasonMessageAndCauses()
    {
        await using var server = new FakeApiServer(Route);
        using var client = ManagementClusterClient.FromKubeconfigContent(Kubeconfig(server.Url, "t"));
        var bad = new JsonObject
        {
            ["apiVersion"] = "cluster.x-k8s.io/v1beta1",
            ["kind"] = "Cluster",
            ["metadata"] = new JsonObject { ["name"] = "bad", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject { ["paused"] = "yes" },
        };
        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => client.ApplyAsync(bad));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Equal("Invalid", ex.Reason);
        Assert.Contains("spec.paused in body must be of type boolean", ex.ApiMessage, StringComparison.Ordinal);
        Assert.Equal("spec.paused", Assert.Single(ex.Causes).Field);

        var unknown = await Assert.ThrowsAsync<KubernetesApiException>(() => client.ResolveAsync("cluster.x-k8s.io/v1beta1", "Widget"));
        Assert.True(unknown.IsNotFound);
        Assert.Contains("no matches for kind \"Widget\"", unknown.Message, StringComparison.Ordinal);

        var plain = KubernetesApiException.FromResponse(HttpStatusCode.BadGateway, "Bad Gateway", "<html>proxy</html>", "GET", "/x");
        Assert.Equal("Bad Gateway", plain.Reason);
        Assert.Equal("<html>proxy</html>", plain.ApiMessage);
    }

    [Fact]
    public async Task WaitPollsUntilTheConditionHolds()
    {
        var calls = 0;
        await using var server = new FakeApiServer(r =>
        {
            var n = Interlocked.Increment(ref calls);
            return n < 3
                ? (200, "{\"kind\":\"Cluster\",\"metadata\":{\"name\":\"demo\"},\"status\":{\"phase\":\"Provisioning\"}}")
                : (404, "{\"kind\":\"Status\",\"reason\":\"NotFound\",\"code\":404}");
        });
        using var client = ManagementClusterClient.FromKubeconfigContent(Kubeconfig(server.Url, "t"));
        var clusters = new ApiResource("cluster.x-k8s.io", "v1beta1", "clusters");
        var last = await client.WaitAsync(clusters, "team-a", "demo", o => o is null, TimeSpan.FromMilliseconds(10));
        Assert.Null(last);
        Assert.Equal(3, calls);

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitAsync(clusters, "team-a", "demo", o => o is not null, TimeSpan.FromMilliseconds(10), cts.Token));
    }

    [Fact]
    public async Task Watch_SendsTheQuery_YieldsEventsAndBookmarks()
    {
        await using var server = new FakeApiServer(_ => (200,
            "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Machine\",\"metadata\":{\"name\":\"m1\",\"resourceVersion\":\"11\"}}}\n" +
            "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Machine\",\"metadata\":{\"resourceVersion\":\"12\"}}}\n"));
        using var client = ManagementClusterClient.FromKubeconfigContent(Kubeconfig(server.Url, "tok-123"));
        var machines = new ApiResource("cluster.x-k8s.io", "v1beta1", "machines");

        var events = new List<WatchEvent>();
        await foreach (var e in client.WatchAsync(machines, "team-a", "cluster.x-k8s.io/cluster-name=demo", null, "10", TimeSpan.FromSeconds(90)))
        {
            events.Add(e);
        }

        Assert.Equal(["ADDED", "BOOKMARK"], events.Select(e => e.Type));
        Assert.Equal(["11", "12"], events.Select(e => e.ResourceVersion));
        Assert.Equal("m1", (string?)events[0].Object["metadata"]?["name"]);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/apis/cluster.x-k8s.io/v1beta1/namespaces/team-a/machines", request.Path);
        Assert.Contains("watch=true", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("allowWatchBookmarks=true", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("timeoutSeconds=90", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("labelSelector=cluster.x-k8s.io/cluster-name=demo", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("resourceVersion=10", request.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ErrorEvent_ThrowsWithItsCode()
    {
        await using var server = new FakeApiServer(_ => (200,
            "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Expired\",\"message\":\"too old resource version: 10 (50)\",\"code\":410}}\n"));
        using var client = ManagementClusterClient.FromKubeconfigContent(Kubeconfig(server.Url, "tok-123"));
        var clusters = new ApiResource("cluster.x-k8s.io", "v1beta1", "clusters");

        var ex = await Assert.ThrowsAsync<KubernetesApiException>(async () =>
        {
            await foreach (var _ in client.WatchAsync(clusters, "team-a", null, "metadata.name=demo", "10", TimeSpan.FromSeconds(60)))
            {
            }
        });

        Assert.Equal(HttpStatusCode.Gone, ex.StatusCode);
        Assert.Equal("Expired", ex.Reason);
        Assert.Contains("fieldSelector=metadata.name=demo", Assert.Single(server.Requests).PathAndQuery, StringComparison.Ordinal);
    }
}
