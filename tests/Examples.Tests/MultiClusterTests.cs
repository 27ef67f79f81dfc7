using System.Text.Json.Nodes;
using Examples.Tests.Support;
using TestSupport.Simulator;

namespace Examples.Tests;

/// <summary>
/// examples/multi-cluster (the module examples/modules/nutanix-cluster composed twice on one gateway and one
/// account), installed offline from a filesystem mirror and applied against nutanix-sim.
/// </summary>
public sealed class MultiClusterTests
{
    [Fact]
    public async Task Two_clusters_share_one_gateway_and_account()
    {
        await using var sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { Fast = true });
        using var tf = await OfflineTerraform.CreateAsync();
        var dir = tf.CopyExample("multi-cluster");
        tf.CopyExample("modules/nutanix-cluster");
        var c = sim.Connection;
        tf.Environment["TF_VAR_pc_password"] = c.Password;

        var init = await tf.MustRunAsync(dir, "init", "-input=false", "-no-color");
        Assert.Contains("- blue in ../modules/nutanix-cluster", init.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Installed nutanix-cloud-native/nutanix", init.StandardOutput, StringComparison.Ordinal);
        await tf.MustRunAsync(dir, "validate", "-no-color");

        await tf.MustRunAsync(dir, "apply", "-auto-approve", "-input=false", "-no-color",
            "-var", $"mgmt_kubeconfig={c.KubeconfigPath}",
            "-var", $"pc_endpoint={c.PrismEndpoint}",
            "-var", $"pc_port={c.PrismPort}",
            "-var", $"pc_username={c.Username}",
            "-var", $"pc_ca_file={c.CaCertFile}");

        var outputs = JsonNode.Parse((await tf.MustRunAsync(dir, "output", "-json")).StandardOutput)!;
        Assert.Equal("shared/shared", (string?)outputs["gateway_id"]!["value"]);
        var clusters = outputs["clusters"]!["value"]!;
        foreach (var name in new[] { "blue", "green" })
        {
            Assert.Equal($"shared/{name}", (string?)clusters[name]!["id"]);
            Assert.Equal("Provisioned", (string?)clusters[name]!["phase"]);
            Assert.Equal(3, (int?)clusters[name]!["nodes"]);
        }

        // Nothing left to do on a second plan.
        var plan = await tf.RunAsync(dir, "plan", "-detailed-exitcode", "-input=false", "-no-color",
            "-var", $"mgmt_kubeconfig={c.KubeconfigPath}", "-var", $"pc_endpoint={c.PrismEndpoint}", "-var", $"pc_port={c.PrismPort}",
            "-var", $"pc_username={c.Username}", "-var", $"pc_ca_file={c.CaCertFile}");
        Assert.True(plan.ExitCode == 0, $"second plan is not empty: {plan}");
    }
}
