using System.Diagnostics;
using TestSupport.Simulator;
using TestSupport.Tools;

namespace Nutanix.Simulator.Tests.Controllers;

/// <summary>The controllers inside the real <c>nutanix-sim --fast</c> process, driven by the real kubectl.</summary>
public sealed class SimulatorProcessControllerTests
{
    private static async Task<ToolResult> KubectlAsync(SimulatorProcess sim, params string[] args)
    {
        var all = new List<string> { "--kubeconfig", sim.KubeconfigPath, "--cache-dir", Path.Combine(sim.StateDirectory, "kubectl-cache"), "--request-timeout=10s" };
        all.AddRange(args);
        return await ExternalTool.Kubectl.RunAsync(all, workingDirectory: sim.StateDirectory,
            environment: new Dictionary<string, string?> { ["HOME"] = sim.StateDirectory }, timeout: TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task KubectlApply_ClusterComesUp_InFastSimulator_AndDeleteCleansUp()
    {
        await using var sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { Fast = true });
        var manifests = new ClusterManifests { ControlPlaneReplicas = 1, WorkerReplicas = 2, Username = sim.Connection.Username, Password = sim.Connection.Password };
        var file = Path.Combine(sim.StateDirectory, "cluster.yaml");
        await File.WriteAllTextAsync(file, manifests.All());
        var apply = await KubectlAsync(sim, "apply", "-n", "default", "-f", file);
        Assert.True(apply.ExitCode == 0, apply.ToString());

        var clock = Stopwatch.StartNew();
        string phase = "", machines = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            phase = (await KubectlAsync(sim, "get", "clusters.cluster.x-k8s.io", "c1", "-n", "default", "-o", "jsonpath={.status.phase}")).StandardOutput.Trim();
            machines = (await KubectlAsync(sim, "get", "machines.cluster.x-k8s.io", "-n", "default", "-o", "jsonpath={range .items[*]}{.status.phase} {end}")).StandardOutput.Trim();
            if (phase == "Provisioned" && machines == "Running Running Running") break;
            await Task.Delay(200);
        }

        Assert.Equal("Provisioned", phase);
        Assert.Equal("Running Running Running", machines);
        var kubeconfig = await KubectlAsync(sim, "get", "secret", "c1-kubeconfig", "-n", "default", "-o", "jsonpath={.type}");
        Assert.Equal("cluster.x-k8s.io/secret", kubeconfig.StandardOutput.Trim());

        // kubectl scale goes through the scale subresource at the preferred version (v1beta2) of a v1beta1 object
        // the controllers have written status into.
        var scale = await KubectlAsync(sim, "scale", "machinedeployments.cluster.x-k8s.io", "c1-wmd", "-n", "default", "--replicas=3");
        Assert.True(scale.ExitCode == 0, scale.ToString());
        clock.Restart();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            machines = (await KubectlAsync(sim, "get", "machines.cluster.x-k8s.io", "-n", "default", "-o", "jsonpath={range .items[*]}{.status.phase} {end}")).StandardOutput.Trim();
            if (machines == "Running Running Running Running") break;
            await Task.Delay(200);
        }

        Assert.Equal("Running Running Running Running", machines);
        var apiVersion = await KubectlAsync(sim, "get", "machinedeployments.v1beta1.cluster.x-k8s.io", "c1-wmd", "-n", "default", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.infrastructureRef.apiVersion}");
        Assert.Equal("3 infrastructure.cluster.x-k8s.io/v1beta1", apiVersion.StandardOutput.Trim());

        var delete = await KubectlAsync(sim, "delete", "clusters.cluster.x-k8s.io", "c1", "-n", "default", "--wait=true", "--timeout=60s");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        // The CCM's ClusterResourceSet and its resource-set Secret are not the Cluster's: they go on their own.
        var ccm = await KubectlAsync(sim, "delete", "clusterresourcesets.addons.cluster.x-k8s.io/c1-nutanix-ccm-crs", "secret/c1-nutanix-ccm-secret", "-n", "default", "--ignore-not-found", "--wait=true", "--timeout=60s");
        Assert.True(ccm.ExitCode == 0, ccm.ToString());
        var left = await KubectlAsync(sim, "get", "machines.cluster.x-k8s.io,nutanixmachines.infrastructure.cluster.x-k8s.io,secrets", "-n", "default", "-o", "name");
        Assert.True(left.ExitCode == 0, left.ToString());
        Assert.Equal("", left.StandardOutput.Trim());
    }
}
