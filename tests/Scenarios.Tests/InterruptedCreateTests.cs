using System.Net;
using System.Text.Json;
using TestSupport.Tools;
using Xunit.Abstractions;

namespace Scenarios.Tests;

/// <summary>
/// A nutanix_cluster create cut short: Ctrl-C (SIGINT to terraform's process group, as a terminal sends it) while the
/// objects are applied and while Terraform waits, the management cluster's API going down during the wait, and
/// nutanix-sim restarting during the wait. The cluster is held in Provisioning by scaling the CAPX controller
/// Deployment to zero, as an operator would, so the fault always lands in the wait. Every case ends with the right
/// diagnostic, state matching the simulator, an apply that converges once the fault is gone, and nothing left after
/// destroy.
/// </summary>
public sealed class InterruptedCreateTests(ScenarioFixture fixture, ITestOutputHelper output) : IClassFixture<ScenarioFixture>
{
    private static readonly TimeSpan ApplyLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task CtrlC_DuringTheCreateWait_KeepsTheClusterInState_ApplyResumesAndDestroyRemovesIt()
    {
        const string gateway = "gw-sigint", name = "sigint";
        using var ws = Workspace();
        var hcl = await ApplyAccountAsync(ws, gateway);
        ws.WriteMainTf(hcl + ScenarioFixture.ClusterHcl("c", name, "10.10.100.60"));
        await fixture.ScaleCapxAsync(0);
        try
        {
            using var running = ws.Start("apply", "-auto-approve");
            await WaitUntilAllObjectsAppliedAsync(running, gateway, name);
            running.Interrupt();
            var apply = await running.WaitAsync(ApplyLimit);

            Assert.Equal(1, apply.ExitCode);
            Assert.Contains("Interrupt received", apply.StandardOutput, StringComparison.Ordinal);
            var error = Scenario.Error(apply, $"Interrupted while waiting for cluster {gateway}/{name} to reach ready");
            output.WriteLine(error);
            Assert.Contains("Terraform was interrupted", error, StringComparison.Ordinal);
            Assert.Contains("`terraform apply` resumes", error, StringComparison.Ordinal);
            Assert.Contains("`terraform destroy` removes it", error, StringComparison.Ordinal);
            await AssertTaintedStateMatchesAsync(ws, gateway, name);
            Assert.Empty(await fixture.VmNamesAsync());
        }
        finally
        {
            await fixture.ScaleCapxAsync(1);
        }

        await ResumeAndDestroyAsync(ws, vms: 2);
    }

    [Fact]
    public async Task CtrlC_WhileTheObjectsAreApplied_AppliesThemAllAndKeepsTheClusterInState()
    {
        const string gateway = "gw-sigapply", name = "sigapply";
        using var ws = Workspace();
        var hcl = await ApplyAccountAsync(ws, gateway);
        ws.WriteMainTf(hcl + ScenarioFixture.ClusterHcl("c", name, "10.10.100.61"));
        await fixture.ScaleCapxAsync(0);
        try
        {
            // Slow requests stretch the server-side apply of the dozen objects over seconds; Ctrl-C lands once the
            // first one (the Prism credentials Secret) exists.
            await fixture.Sim.SetFaultsAsync("kube", """{"latency_ms":400}""");
            ToolResult apply;
            try
            {
                using var running = ws.Start("apply", "-auto-approve");
                await WaitForAsync(running, $"the credentials Secret of {name}", async () =>
                {
                    using var kube = fixture.Sim.CreateKubeClient();
                    using var response = await kube.GetAsync($"api/v1/namespaces/{gateway}/secrets/{name}-credentials");
                    return response.StatusCode == HttpStatusCode.OK;
                });
                running.Interrupt();
                apply = await running.WaitAsync(ApplyLimit);
            }
            finally
            {
                await fixture.Sim.ClearFaultsAsync("kube");
            }

            Assert.Equal(1, apply.ExitCode);
            output.WriteLine(Scenario.Error(apply, $"Interrupted while waiting for cluster {gateway}/{name}"));
            Assert.DoesNotContain("Create cancelled", apply.StandardOutput + apply.StandardError, StringComparison.Ordinal);
            await AssertTaintedStateMatchesAsync(ws, gateway, name);
        }
        finally
        {
            await fixture.ScaleCapxAsync(1);
        }

        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task ManagementApiDown_DuringTheCreateWait_NamesTheManagementCluster_ThenApplyAndDestroyConverge()
    {
        const string gateway = "gw-kubedown", name = "kubedown";
        using var ws = Workspace();
        var hcl = await ApplyAccountAsync(ws, gateway, requestTimeout: "5s");
        ws.WriteMainTf(hcl + ScenarioFixture.ClusterHcl("c", name, "10.10.100.62"));
        await fixture.ScaleCapxAsync(0);
        try
        {
            using var running = ws.Start("apply", "-auto-approve");
            await WaitUntilAllObjectsAppliedAsync(running, gateway, name);
            // One more poll (every 2 s) sees the Machine the control plane created, so state can be compared below.
            await Task.Delay(TimeSpan.FromSeconds(3));
            ToolResult apply;
            await fixture.Sim.SetFaultsAsync("kube", """{"down":true}""");
            try
            {
                apply = await running.WaitAsync(ApplyLimit);
            }
            finally
            {
                await fixture.Sim.ClearFaultsAsync("kube");
            }

            Assert.Equal(1, apply.ExitCode);
            var error = Scenario.Error(apply, $"Lost contact with the management cluster while waiting for cluster {gateway}/{name}");
            output.WriteLine(error);
            Assert.Contains($"The management cluster at {fixture.Sim.KubeBaseUri} (kubeconfig {fixture.Sim.KubeconfigPath}, set by kubeconfig_path)", error, StringComparison.Ordinal);
            Assert.Contains("request_timeout", error, StringComparison.Ordinal);
            Assert.DoesNotContain("net_http", error, StringComparison.Ordinal); // a resource key instead of a message (native build)
            Assert.Contains("API server is running and reachable", error, StringComparison.Ordinal);
            Assert.Contains("`terraform apply` resumes", error, StringComparison.Ordinal);
            Assert.Contains("`terraform destroy` removes it", error, StringComparison.Ordinal);
            await AssertTaintedStateMatchesAsync(ws, gateway, name);
        }
        finally
        {
            await fixture.ScaleCapxAsync(1);
        }

        await ResumeAndDestroyAsync(ws, vms: 2);
    }

    [Fact]
    public async Task SimulatorRestart_DuringTheCreateWait_IsRiddenThrough_AndNothingIsLost()
    {
        const string gateway = "gw-restart", name = "restart";
        using var ws = Workspace();
        // The wait tolerates a silent management cluster for request_timeout: long enough for a restart under load.
        var hcl = await ApplyAccountAsync(ws, gateway, requestTimeout: "90s");
        ws.WriteMainTf(hcl + ScenarioFixture.ClusterHcl("c", name, "10.10.100.63", workers: 2));
        await fixture.ScaleCapxAsync(0);
        using var running = ws.Start("apply", "-auto-approve");
        try
        {
            await WaitUntilAllObjectsAppliedAsync(running, gateway, name);
            var uid = await ClusterUidAsync(gateway, name);
            await fixture.Sim.RestartAsync();
            Assert.Equal(uid, await ClusterUidAsync(gateway, name));
            Assert.Equal("0", await CapxReplicasAsync());
        }
        finally
        {
            await fixture.ScaleCapxAsync(1);
        }

        var apply = await running.WaitAsync(ApplyLimit);
        output.WriteLine(apply.StandardOutput);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("Apply complete! Resources: 1 added, 0 changed, 0 destroyed.", apply.StandardOutput, StringComparison.Ordinal);
        var vms = (await fixture.VmNamesAsync()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, vms.Count);

        // A second restart with nothing in flight: VMs, their addresses and the CAPI objects all come back as they were.
        var nodes = await NodesInStateAsync(ws);
        await fixture.Sim.RestartAsync();
        Assert.Equal(vms, (await fixture.VmNamesAsync()).Order(StringComparer.Ordinal).ToList());
        await Scenario.AssertInSyncAsync(ws);
        Assert.Equal(nodes, await NodesInStateAsync(ws));
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    private TerraformWorkspace Workspace()
    {
        var ws = fixture.CreateWorkspace();
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        return ws;
    }

    /// <summary>Applies the gateway and the cloud account; returns their HCL (provider block included).</summary>
    private async Task<string> ApplyAccountAsync(TerraformWorkspace ws, string gateway, string requestTimeout = "20s")
    {
        var hcl = fixture.ProviderBlock(requestTimeout: requestTimeout) + fixture.AccountHcl(gateway);
        ws.WriteMainTf(hcl);
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        return hcl;
    }

    private async Task<string> ClusterUidAsync(string gateway, string name)
    {
        var get = await fixture.KubectlAsync("get", "clusters.cluster.x-k8s.io", name, "-n", gateway, "-o", "jsonpath={.metadata.uid}");
        Assert.True(get.ExitCode == 0 && get.StandardOutput.Trim().Length > 0, get.ToString());
        return get.StandardOutput.Trim();
    }

    private async Task<string> CapxReplicasAsync()
    {
        var get = await fixture.KubectlAsync("get", "deployment", "capx-controller-manager", "-n", "capx-system", "-o", "jsonpath={.spec.replicas}");
        Assert.True(get.ExitCode == 0, get.ToString());
        return get.StandardOutput.Trim();
    }

    /// <summary>Waits until the provider applied the last of the cluster's objects (the machine templates come last).</summary>
    private Task WaitUntilAllObjectsAppliedAsync(RunningTool running, string gateway, string name) =>
        WaitForAsync(running, $"the machine templates of {name}", async () =>
        {
            var templates = await fixture.KubectlAsync("get", "nutanixmachinetemplates", "-n", gateway, "-l", $"cluster.x-k8s.io/cluster-name={name}", "-o", "name");
            return templates.ExitCode == 0 && templates.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2;
        });

    private static async Task WaitForAsync(RunningTool running, string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition())
        {
            if (running.HasExited)
            {
                var result = await running.WaitAsync(TimeSpan.FromSeconds(5));
                Assert.Fail($"terraform ended before {what} existed:\n{result}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"{what} did not appear within 90 s; terraform so far:\n{running.StandardOutputSoFar}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The cluster is in state, tainted (an unfinished create), and what state says about it matches the management
    /// cluster: the ID, the phase and the machines.
    /// </summary>
    private async Task AssertTaintedStateMatchesAsync(TerraformWorkspace ws, string gateway, string name)
    {
        var show = await Scenario.StateAsync(ws, "show", "nutanix_cluster.c");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("# nutanix_cluster.c: (tainted)", show.StandardOutput, StringComparison.Ordinal);

        using var json = await ws.ShowJsonAsync();
        var resource = json.RootElement.GetProperty("values").GetProperty("root_module").GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("address").GetString() == "nutanix_cluster.c");
        Assert.True(resource.TryGetProperty("tainted", out var tainted) && tainted.GetBoolean(), resource.ToString());
        var values = resource.GetProperty("values");
        Assert.Equal($"{gateway}/{name}", values.GetProperty("id").GetString());

        var phase = await fixture.KubectlAsync("get", "clusters.cluster.x-k8s.io", name, "-n", gateway, "-o", "jsonpath={.status.phase}");
        Assert.True(phase.ExitCode == 0, phase.ToString());
        Assert.Equal(phase.StandardOutput.Trim(), values.GetProperty("phase").GetString());
        Assert.False(values.GetProperty("infrastructure_ready").GetBoolean());

        var machines = await fixture.KubectlAsync("get", "machines", "-n", gateway, "-l", $"cluster.x-k8s.io/cluster-name={name}", "-o", "jsonpath={.items[*].metadata.name}");
        Assert.True(machines.ExitCode == 0, machines.ToString());
        var live = machines.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        var recorded = values.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(live, recorded);
    }

    /// <summary>Name, VM and IP of every node in state.</summary>
    private static async Task<List<string>> NodesInStateAsync(TerraformWorkspace ws)
    {
        using var json = await ws.ShowJsonAsync();
        var resource = json.RootElement.GetProperty("values").GetProperty("root_module").GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("address").GetString() == "nutanix_cluster.c");
        return resource.GetProperty("values").GetProperty("nodes").EnumerateArray()
            .Select(n => $"{n.GetProperty("name").GetString()} {n.GetProperty("vm_uuid").GetString()} {n.GetProperty("ip").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>With the fault gone, apply replaces the tainted cluster and converges; destroy then leaves nothing.</summary>
    private async Task ResumeAndDestroyAsync(TerraformWorkspace ws, int vms)
    {
        var resume = await ws.ApplyAsync();
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Contains("Resources: 1 added, 0 changed, 1 destroyed.", resume.StandardOutput, StringComparison.Ordinal);
        await Scenario.AssertInSyncAsync(ws);
        Assert.Equal(vms, (await fixture.VmNamesAsync()).Count);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }
}
