using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>
/// Faults on the management-cluster side: a create timeout and a delete blocked by a finalizer. Each ends with the
/// right diagnostic, state matching the simulator, and nothing left after destroy.
/// </summary>
public sealed class ManagementFaultTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task CreateTimeout_KeepsTheClusterInState_AndDestroyRemovesIt()
    {
        using var ws = Workspace();
        var gateway = fixture.ProviderBlock() + fixture.AccountHcl("gw-timeout");
        ws.WriteMainTf(gateway);
        var setup = await ws.ApplyAsync();
        Assert.True(setup.ExitCode == 0, setup.ToString());

        // CAPX stopped the way an operator would stop it: its NutanixMachines are never provisioned, so the cluster
        // cannot become ready however fast the simulator is, and the 1 s create timeout is certain to expire.
        await fixture.ScaleCapxAsync(0);
        try
        {
            ws.WriteMainTf(gateway + """
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
            Assert.Contains("Timed out after 1s waiting for cluster gw-timeout/slow", Scenario.Error(apply, "Timed out"), StringComparison.Ordinal);
            // The refresh saw CAPX run nothing: the gateway reads Degraded (Kubernetes still says Available for 0 replicas).
            var degraded = string.Join("\n", Hcl.Diagnostics(apply.StandardOutput + "\n" + apply.StandardError).Where(d => d.StartsWith("Warning:", StringComparison.Ordinal)));
            Assert.Contains("is Degraded", degraded, StringComparison.Ordinal);
            Assert.Contains("capx-system/capx-controller-manager is not Available (scaled to 0 replicas)", degraded, StringComparison.Ordinal);
            Assert.Contains("nutanix_cluster.slow", await Scenario.StateListAsync(ws), StringComparison.Ordinal);
            Assert.NotEmpty(await fixture.ClusterObjectsAsync());
        }
        finally
        {
            await fixture.ScaleCapxAsync(1);
        }

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

    private TerraformWorkspace Workspace()
    {
        var ws = fixture.CreateWorkspace();
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        return ws;
    }
}
