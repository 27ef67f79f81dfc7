using System.Text.Json;
using System.Text.Json.Nodes;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// The real terraform CLI against <c>nutanix-sim --fast</c>: a cluster with <c>ccm = { enabled = false }</c> comes up
/// with its nodes uninitialized (no Machine nodeRef, phase Provisioned, <c>nodes[*].initialized = false</c>), the wait
/// ending at an initialized control plane; enabling the CCM applies its ClusterResourceSet and only then are the nodes
/// initialized (Running, nodeRef, <c>initialized = true</c>). Both states plan empty (the ccm settings are read back).
/// </summary>
public sealed class ClusterCcmTests(ClusterSimulatorFixture fixture) : IClassFixture<ClusterSimulatorFixture>
{
    private const string Ns = "gw-ccm";

    private string MainTf(string ccm) =>
        NutanixHcl.Provider(fixture.Sim.KubeconfigPath) + NutanixHcl.GatewayAndAccount(fixture.Sim.Connection, Ns)
        + NutanixHcl.Cluster("ccm", "ccm", "10.10.100.40", workers: 1, extra: ccm);

    [Fact]
    public async Task Nodes_are_initialized_only_once_the_ccm_is_applied()
    {
        using var ws = fixture.CreateWorkspace();
        ws.CommandTimeout = TimeSpan.FromMinutes(4);
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;

        // 1. Without the CCM: apply ends (the wait stops at an initialized control plane), nothing is initialized.
        ws.WriteMainTf(MainTf("ccm = { enabled = false }"));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Empty(await Kubectl("get", "clusterresourcesets.addons.cluster.x-k8s.io", "-n", Ns, "-o", "name"));
        Assert.Equal("", await Kubectl("get", "clusters.cluster.x-k8s.io", "ccm", "-n", Ns, "-o", "jsonpath={.metadata.labels.ccm}"));
        // The wait ended at the initialized control plane; the worker may still be booting. Once both machines are
        // provisioned (VM up, provider ID on the Machine), refresh: no node gets initialized however long it runs.
        await WaitForAsync(async () => await Kubectl("get", "machines.cluster.x-k8s.io", "-n", Ns, "-o", "jsonpath={.items[*].status.phase}") == "Provisioned Provisioned", "both machines Provisioned");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var refresh = await ws.RunAsync("apply", ["-refresh-only", "-auto-approve"]);
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        var nodes = await Nodes(ws);
        Assert.Equal(2, nodes.Count); // the first control-plane machine and the worker
        Assert.All(nodes, n => Assert.False(n.GetProperty("initialized").GetBoolean(), n.ToString()));
        Assert.All(nodes, n => Assert.Equal("Provisioned", n.GetProperty("phase").GetString()));
        Assert.Equal("", (await Kubectl("get", "machines.cluster.x-k8s.io", "-n", Ns, "-o", "jsonpath={.items[*].status.nodeRef.name}")).Trim());
        Assert.Equal(0, (await ws.PlanDetailedAsync()).ExitCode);

        // 2. Enabling the CCM (the default) delivers it by ClusterResourceSet; the nodes are initialized and the wait
        // for `ready` completes.
        ws.WriteMainTf(MainTf(""));
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var set = JsonNode.Parse(await Kubectl("get", "clusterresourcesets.addons.cluster.x-k8s.io", "ccm-ccm", "-n", Ns, "-o", "json"))!;
        Assert.Equal("Reconcile", (string?)set["spec"]!["strategy"]);
        Assert.Equal("nutanix", (await Kubectl("get", "clusters.cluster.x-k8s.io", "ccm", "-n", Ns, "-o", "jsonpath={.metadata.labels.ccm}")).Trim());
        Assert.Equal("addons.cluster.x-k8s.io/resource-set", (await Kubectl("get", "secret", "ccm-ccm-credentials", "-n", Ns, "-o", "jsonpath={.type}")).Trim());
        nodes = await Nodes(ws);
        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, n => Assert.True(n.GetProperty("initialized").GetBoolean(), n.ToString()));
        Assert.All(nodes, n => Assert.Equal("Running", n.GetProperty("phase").GetString()));
        Assert.Equal(0, (await ws.PlanDetailedAsync()).ExitCode);

        // 3. Turning it off again removes its objects from the management cluster; destroy leaves nothing.
        ws.WriteMainTf(MainTf("ccm = { enabled = false }"));
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        // The set goes once Cluster API's finalizer is released (the emulated controller does it at its next pass).
        await WaitForAsync(async () => (await Kubectl("get", "clusterresourcesets.addons.cluster.x-k8s.io", "-n", Ns, "-o", "name")).Length == 0, "the CCM ClusterResourceSet gone");
        Assert.Empty(await Kubectl("get", "secret", "ccm-ccm-credentials", "-n", Ns, "-o", "name", "--ignore-not-found"));
        Assert.Empty(await Kubectl("get", "configmap", "ccm-ccm", "-n", Ns, "-o", "name", "--ignore-not-found"));
        Assert.Equal(0, (await ws.PlanDetailedAsync()).ExitCode);
        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
    }

    private static async Task<List<JsonElement>> Nodes(TerraformWorkspace ws)
    {
        using var state = await ws.ShowJsonAsync();
        var cluster = state.RootElement.GetProperty("values").GetProperty("root_module").GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("address").GetString() == "nutanix_cluster.ccm");
        return cluster.GetProperty("values").GetProperty("nodes").EnumerateArray().Select(n => n.Clone()).ToList();
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

    private async Task<string> Kubectl(params string[] args)
    {
        var result = await fixture.KubectlAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }
}
