using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>
/// Faults on the management-cluster side while a <c>nutanix_cluster</c> is created: a create timeout, a delete
/// blocked by a finalizer, the Kubernetes API going down mid-create, and Ctrl-C during the create wait. Each ends
/// with the right diagnostic, state matching the simulator, and nothing left after destroy.
/// </summary>
public sealed class ManagementFaultTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task CreateTimeout_KeepsTheClusterInState_AndDestroyRemovesIt()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-timeout") + """
            resource "nutanix_cluster" "slow" {
              name                  = "slow"
              cloud_account_id      = nutanix_cloud_account.pc.id
              kubernetes_version    = "v1.33.2"
              prism_element_cluster = "pe-cluster-a"
              subnets               = ["vlan-100-k8s"]
              image                 = "ubuntu-2204-kube-v1.33.2"
              control_plane         = { endpoint_ip = "10.10.100.40", replicas = 3 }
              timeouts              = { create = "1s" }
            }
            """);
        var apply = await ws.ApplyAsync();
        Assert.Equal(1, apply.ExitCode);
        Scenario.Error(apply, "Timed out");
        Assert.Contains("nutanix_cluster.slow", await Scenario.StateListAsync(ws), StringComparison.Ordinal);
        Assert.NotEmpty(await fixture.ClusterObjectsAsync());
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task DeleteBlockedByAFinalizer_FailsWithATimeout_ThenSucceedsOnceReleased()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-final")
            + ScenarioFixture.ClusterHcl("c", "final", "10.10.100.41").Replace("delete = \"3m\"", "delete = \"5s\"", StringComparison.Ordinal));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var patch = await fixture.KubectlAsync("patch", "clusters.cluster.x-k8s.io", "final", "-n", "gw-final", "--type=merge",
            "-p", "{\"metadata\":{\"finalizers\":[\"scenarios.test/block\"]}}");
        Assert.True(patch.ExitCode == 0, patch.ToString());

        var blocked = await ws.DestroyAsync();
        Assert.Equal(1, blocked.ExitCode);
        var error = Hcl.Diagnostics(blocked.StandardError).First(d => d.StartsWith("Error:", StringComparison.Ordinal));
        Assert.Contains("final", error, StringComparison.Ordinal);
        Assert.Contains("nutanix_cluster.c", await Scenario.StateListAsync(ws), StringComparison.Ordinal);

        var release = await fixture.KubectlAsync("patch", "clusters.cluster.x-k8s.io", "final", "-n", "gw-final", "--type=json",
            "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]");
        Assert.True(release.ExitCode == 0, release.ToString());
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task ManagementApiDownMidCreate_FailsCleanly_AndTheNextApplyConverges()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-kdown") + ScenarioFixture.ClusterHcl("c", "kdown", "10.10.100.42", workers: 3));
        var setup = await ws.ApplyAsync("-target=nutanix_cloud_account.pc");
        Assert.True(setup.ExitCode == 0, setup.ToString());

        using var apply = TerraformProcess.Start(ws, "apply", "-no-color", "-input=false", "-auto-approve");
        await WaitForClusterObjectAsync("gw-kdown", "kdown", apply);
        await fixture.Sim.SetFaultsAsync("kube", """{"down":true}""");
        ToolResult result;
        try
        {
            result = await apply.WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            await fixture.Sim.ClearFaultsAsync("kube");
        }

        Assert.Equal(1, result.ExitCode);
        var errors = string.Join("\n", Hcl.Diagnostics(result.StandardError).Where(d => d.StartsWith("Error:", StringComparison.Ordinal)));
        Assert.Contains("management cluster", errors, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("nutanix_cluster.c", await Scenario.StateListAsync(ws), StringComparison.Ordinal);

        var again = await ws.ApplyAsync();
        Assert.True(again.ExitCode == 0, again.ToString());
        await Scenario.AssertInSyncAsync(ws);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task CtrlCDuringTheCreateWait_StopsCleanly_AndDestroyRemovesEverything()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-sigint") + ScenarioFixture.ClusterHcl("c", "sigint", "10.10.100.43", workers: 3));
        var setup = await ws.ApplyAsync("-target=nutanix_cloud_account.pc");
        Assert.True(setup.ExitCode == 0, setup.ToString());

        using var apply = TerraformProcess.Start(ws, "apply", "-no-color", "-input=false", "-auto-approve");
        await WaitForClusterObjectAsync("gw-sigint", "sigint", apply);
        apply.Interrupt();
        var result = await apply.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode != 0 || result.StandardOutput.Contains("Apply complete", StringComparison.Ordinal), result.ToString());
        Assert.Contains("Interrupt received", result.StandardOutput + result.StandardError, StringComparison.Ordinal);

        // Whatever was created is tracked: destroy removes it all.
        Assert.Contains("nutanix_cluster.c", await Scenario.StateListAsync(ws), StringComparison.Ordinal);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    private async Task WaitForClusterObjectAsync(string ns, string name, TerraformProcess apply)
    {
        using var kube = fixture.Sim.CreateKubeClient(timeout: TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(apply.HasExited, "terraform finished before the cluster object appeared");
            using var response = await kube.GetAsync($"apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/clusters/{name}");
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"cluster {ns}/{name} did not appear");
    }

    private TerraformWorkspace Workspace()
    {
        var ws = fixture.CreateWorkspace();
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        return ws;
    }
}
