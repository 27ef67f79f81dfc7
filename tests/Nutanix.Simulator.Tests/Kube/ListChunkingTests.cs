using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nutanix.Simulator.Kube;
using TestSupport.Tools;

namespace Nutanix.Simulator.Tests.Kube;

/// <summary>
/// Lists in chunks (<c>limit</c> / <c>continue</c>) as a real API server serves them, which kubectl (<c>--chunk-size</c>,
/// 500 by default) and client-go's pagers rely on, and the request counters benchmarks read.
/// </summary>
public sealed class ListChunkingTests(KubeServerFixture fixture) : IClassFixture<KubeServerFixture>
{
    private KubeTestServer Server => fixture.Server;

    private async Task<string> NamespaceWithConfigMapsAsync(int count)
    {
        var ns = "chunk-" + Guid.NewGuid().ToString("N")[..10];
        var (code, body) = await Server.SendAsync(HttpMethod.Post, "/api/v1/namespaces", Manifests.Namespace(ns));
        Assert.True(code == HttpStatusCode.Created, body.ToJsonString());
        // Created out of name order: pages come in key order whatever the creation order.
        foreach (var i in Enumerable.Range(0, count).Reverse())
        {
            var cm = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"cm-{i:D2}", ["labels"] = new JsonObject { ["parity"] = i % 2 == 0 ? "even" : "odd" } },
                ["data"] = new JsonObject { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            (code, body) = await Server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", cm.ToJsonString());
            Assert.True(code == HttpStatusCode.Created, body.ToJsonString());
        }

        return ns;
    }

    [Fact]
    public async Task A_limited_list_comes_in_pages_in_key_order_with_continue_and_remaining_count()
    {
        var ns = await NamespaceWithConfigMapsAsync(7);
        var names = new List<string>();
        string? token = null;
        string? firstVersion = null;
        var pages = 0;
        do
        {
            var path = $"/api/v1/namespaces/{ns}/configmaps?limit=3" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token));
            var (code, list) = await Server.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, code);
            pages++;
            var items = list["items"]!.AsArray();
            Assert.True(items.Count <= 3, list.ToJsonString());
            names.AddRange(items.Select(i => (string)i!["metadata"]!["name"]!));
            firstVersion ??= (string?)list["metadata"]!["resourceVersion"];
            Assert.Equal(firstVersion, (string?)list["metadata"]!["resourceVersion"]);
            token = (string?)list["metadata"]!["continue"];
            if (token is not null) Assert.Equal(7 - names.Count, (long)list["metadata"]!["remainingItemCount"]!);
            else Assert.Null(list["metadata"]!["remainingItemCount"]);
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i:D2}"), names);
    }

    [Fact]
    public async Task A_selector_applies_before_the_limit_and_a_forged_continue_token_is_a_400()
    {
        var ns = await NamespaceWithConfigMapsAsync(6);
        var (code, list) = await Server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=2&labelSelector=parity%3Deven");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(["cm-00", "cm-02"], list["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
        Assert.Equal(1, (long)list["metadata"]!["remainingItemCount"]!);

        (code, var status) = await Server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=2&continue=bm90LWEtdG9rZW4");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Contains("continue key is not valid", (string?)status["message"]);
    }

    [Fact]
    public async Task Kubectl_reads_a_list_in_chunks_and_the_counters_see_each_page()
    {
        var ns = await NamespaceWithConfigMapsAsync(5);
        var counters = Server.Services.GetRequiredService<KubeRequestCounters>();
        var before = counters.ToJson()["by_verb_and_resource"]?["list configmaps"]?.GetValue<long>() ?? 0;
        var result = await ExternalTool.Kubectl.RunAsync(
            ["--kubeconfig", Server.KubeconfigPath, "--cache-dir", Path.Combine(Server.Directory, "kubectl-cache"), "--request-timeout=10s",
             "get", "configmaps", "-n", ns, "--chunk-size=2", "-o", "name"],
            workingDirectory: Server.Directory, environment: new Dictionary<string, string?> { ["HOME"] = Server.Directory }, timeout: TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        var listed = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"configmap/cm-{i:D2}"), listed.Where(l => l.StartsWith("configmap/cm-", StringComparison.Ordinal)));
        var after = counters.ToJson()["by_verb_and_resource"]!["list configmaps"]!.GetValue<long>();
        // Five objects in chunks of two (kube-root-ca.crt is not created here): three pages, each one request.
        Assert.Equal(3, after - before);
    }
}
