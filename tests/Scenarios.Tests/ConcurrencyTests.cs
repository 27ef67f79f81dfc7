using System.Text;

namespace Scenarios.Tests;

/// <summary>
/// Twenty clusters applied in parallel (<c>-parallelism=20</c>) against nutanix-sim with latency injected into both
/// Prism Central and the Kubernetes API: all succeed, each exists exactly once, a refresh of all of them costs one list
/// per kind, and destroy leaves nothing.
/// </summary>
public sealed class ConcurrencyTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    private const int Count = 20;

    private async Task<Dictionary<string, long>> KubeRequestsAsync()
    {
        var state = await fixture.Sim.GetStateAsync();
        return state["kube_requests"]!["by_verb_and_resource"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<long>());
    }

    [Fact]
    public async Task TwentyClustersInParallel_WithLatency_AllSucceedWithoutDuplicates()
    {
        using var ws = fixture.CreateWorkspace();
        ws.CommandTimeout = TimeSpan.FromMinutes(6);
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        var hcl = new StringBuilder(fixture.ProviderBlock() + fixture.AccountHcl("gw-many"));
        for (var i = 0; i < Count; i++)
        {
            hcl.AppendLine(ScenarioFixture.ClusterHcl($"c{i:00}", $"many-{i:00}", $"10.10.100.{100 + i}", workers: 1));
        }

        ws.WriteMainTf(hcl.ToString());
        await fixture.Sim.SetFaultsAsync("prism", """{"latency_ms":50}""");
        await fixture.Sim.SetFaultsAsync("kube", """{"latency_ms":20}""");
        try
        {
            var apply = await ws.ApplyAsync("-parallelism=20");
            Assert.True(apply.ExitCode == 0, apply.ToString());
            Assert.Contains($"{Count + 2} added, 0 changed, 0 destroyed", apply.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Sim.ClearFaultsAsync("prism");
            await fixture.Sim.ClearFaultsAsync("kube");
        }

        var clusters = await fixture.KubectlAsync("get", "clusters.cluster.x-k8s.io", "-n", "gw-many", "-o", "jsonpath={.items[*].metadata.name}");
        var names = clusters.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"many-{i:00}"), names.Order(StringComparer.Ordinal));

        // Each cluster has one control-plane and one worker VM, no more (no duplicate creates).
        var vms = await fixture.VmNamesAsync();
        Assert.Equal(Count * 2, vms.Count);
        Assert.Equal(vms.Count, vms.Distinct().Count());
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(2, vms.Count(v => v.StartsWith($"many-{i:00}-", StringComparison.Ordinal)));
        }

        // The refresh of all twenty reads each kind once (one list per kind in the gateway namespace), not about a
        // dozen objects per cluster: counted by the simulator while the plan runs.
        var before = await KubeRequestsAsync();
        await Scenario.AssertInSyncAsync(ws);
        var after = await KubeRequestsAsync();
        var spent = after.Where(kv => kv.Value != before.GetValueOrDefault(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key));
        var report = string.Join(", ", spent.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"));
        foreach (var kind in new[] { "machinedeployments", "machines", "nutanixmachines", "kubeadmcontrolplanes", "nutanixclusters", "nutanixmachinetemplates", "kubeadmconfigtemplates" })
        {
            var perKind = spent.Where(kv => kv.Key.Split(' ')[1].StartsWith(kind + ".", StringComparison.Ordinal)).Sum(kv => kv.Value);
            Assert.True(perKind is >= 1 and <= 2, $"{kind}: {perKind} requests for {Count} clusters ({report})");
        }

        Assert.True(spent.Values.Sum() < 2 * Count, $"{spent.Values.Sum()} requests for a refresh of {Count} clusters ({report})");
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }
}
