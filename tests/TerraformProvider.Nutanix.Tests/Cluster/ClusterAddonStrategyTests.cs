using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// The real terraform CLI against <c>nutanix-sim --fast</c>, whose API server refuses a ClusterResourceSet strategy
/// change as CAPI's webhook does and whose CAPI controller puts its finalizer on the set and makes the addon ConfigMap
/// its dependent: changing an addon's strategy is planned with a warning, applied by replacing the set (the ConfigMap
/// survives), and leaves exactly one set with the new strategy and an empty plan; destroy still removes everything.
/// </summary>
public sealed class ClusterAddonStrategyTests(ClusterSimulatorFixture fixture) : IClassFixture<ClusterSimulatorFixture>
{
    private const string Ns = "gw-addon";
    private const string SetName = "addons-addon-cni";
    private const string Manifests = "apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: cni-system\\n";

    private string MainTf(string strategy)
    {
        var addons = $$"""
            addons = {
                cni = {
                  manifests = "{{Manifests}}"
                  strategy  = "{{strategy}}"
                }
              }
            """;
        return NutanixHcl.Provider(fixture.Sim.KubeconfigPath) + NutanixHcl.GatewayAndAccount(fixture.Sim.Connection, Ns)
            + NutanixHcl.Cluster("addons", "addons", "10.10.100.30", workers: 0, extra: addons);
    }

    [Fact]
    public async Task Changing_the_strategy_replaces_the_ClusterResourceSet_and_converges()
    {
        using var ws = fixture.CreateWorkspace();
        ws.CommandTimeout = TimeSpan.FromMinutes(4);
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        ws.Environment["TF_LOG_PROVIDER"] = "INFO";
        ws.Environment["TF_LOG_PATH"] = Path.Combine(ws.Directory, "provider.log");

        // 1. A cluster with an ApplyOnce addon; CAPI's controller takes the set and its ConfigMap over.
        ws.WriteMainTf(MainTf("ApplyOnce"));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var before = Assert.Single(await Sets());
        Assert.Equal("ApplyOnce", (string?)before["spec"]!["strategy"]);
        await WaitForAsync(async () => OwnedBy(await ConfigMap(), before), "the addon ConfigMap owned by the first ClusterResourceSet");
        Assert.Contains("addons.cluster.x-k8s.io", Finalizers(Assert.Single(await Sets())));
        var configMapUid = (string?)(await ConfigMap())!["metadata"]!["uid"];
        await AssertEmptyPlan(ws);

        // 2. The strategy change is planned as an update with a warning naming the replacement.
        ws.WriteMainTf(MainTf("Reconcile"));
        var plan = await ws.PlanDetailedAsync();
        Assert.True(plan.ExitCode == 2, plan.ToString());
        var planText = Flat(plan.StandardOutput + plan.StandardError);
        Assert.Contains("nutanix_cluster.addons will be updated in-place", planText, StringComparison.Ordinal);
        Assert.Contains("Addon ClusterResourceSet will be replaced", planText, StringComparison.Ordinal);
        Assert.Contains($"addons[\"cni\"].strategy changes from ApplyOnce to Reconcile", planText, StringComparison.Ordinal);
        Assert.Contains($"deletes ClusterResourceSet {SetName}", planText, StringComparison.Ordinal);

        // 3. Apply replaces the set (the webhook would refuse a patch): one set, the new strategy, a new object.
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var after = Assert.Single(await Sets());
        Assert.Equal(SetName, (string?)after["metadata"]!["name"]);
        Assert.Equal("Reconcile", (string?)after["spec"]!["strategy"]);
        Assert.NotEqual((string?)before["metadata"]!["uid"], (string?)after["metadata"]!["uid"]);
        var log = await File.ReadAllTextAsync(Path.Combine(ws.Directory, "provider.log"));
        Assert.Contains($"replacing ClusterResourceSet {Ns}/{SetName}: strategy ApplyOnce -> Reconcile", log, StringComparison.Ordinal);

        // The ConfigMap was orphaned, not garbage-collected with the old set (and created again: on a real management
        // cluster the collector runs later and would take the re-applied ConfigMap away), and the new set takes it over.
        var configMap = await ConfigMap();
        Assert.NotNull(configMap);
        Assert.Equal(configMapUid, (string?)configMap["metadata"]!["uid"]);
        Assert.Equal("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cni-system\n", (string?)configMap["data"]!["cni.yaml"]);
        Assert.False(OwnedBy(configMap, before), configMap.ToJsonString());
        await WaitForAsync(async () => OwnedBy(await ConfigMap(), after), "the addon ConfigMap owned by the new ClusterResourceSet");

        // 4. Converged: refresh reads the new strategy back, nothing to do.
        await AssertEmptyPlan(ws);

        // 5. Destroy waits for CAPI to release the set and leaves no addon object behind.
        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Empty(await Sets());
        Assert.Null(await ConfigMap());
    }

    /// <summary>Terraform wraps diagnostics in a box at 78 columns; undo that for substring checks.</summary>
    private static string Flat(string text) => Regex.Replace(text.Replace("│", " ", StringComparison.Ordinal), @"\s+", " ");

    private static bool OwnedBy(JsonObject? obj, JsonObject owner) =>
        obj?["metadata"]?["ownerReferences"] is JsonArray refs && refs.Any(r => (string?)r?["uid"] == (string?)owner["metadata"]!["uid"]);

    private static List<string?> Finalizers(JsonObject obj) =>
        (obj["metadata"]?["finalizers"] as JsonArray)?.Select(f => (string?)f).ToList() ?? [];

    private async Task<List<JsonObject>> Sets()
    {
        var result = await fixture.KubectlAsync("get", "clusterresourcesets.addons.cluster.x-k8s.io", "-n", Ns, "-o", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        // The addon's sets only: the cluster's Nutanix CCM set (addons-ccm) is there too.
        return (JsonNode.Parse(result.StandardOutput)!["items"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(s => ((string?)s["metadata"]!["name"])!.StartsWith("addons-addon-", StringComparison.Ordinal)).ToList();
    }

    private async Task<JsonObject?> ConfigMap()
    {
        var result = await fixture.KubectlAsync("get", "configmap", SetName, "-n", Ns, "-o", "json", "--ignore-not-found");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim().Length == 0 ? null : JsonNode.Parse(result.StandardOutput)!.AsObject();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var limit = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > limit) Assert.Fail($"not reached within 30 s: {what}");
            await Task.Delay(200);
        }
    }

    private static async Task AssertEmptyPlan(TerraformWorkspace ws)
    {
        var plan = await ws.PlanDetailedAsync();
        Assert.True(plan.ExitCode == 0, plan.ToString());
    }
}
