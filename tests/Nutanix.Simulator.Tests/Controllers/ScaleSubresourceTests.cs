using System.Text.Json.Nodes;
using Nutanix.Simulator.Controllers;

namespace Nutanix.Simulator.Tests.Controllers;

/// <summary>Scaling a v1beta1 MachineDeployment the controllers have reconciled keeps it valid in its own version.</summary>
public sealed class ScaleSubresourceTests
{
    private const string Core = "cluster.x-k8s.io";

    [Fact]
    public async Task V1Beta1MachineDeployment_ReconciledByControllers_ScalesThroughScaleSubresource()
    {
        await using var h = await ClusterLifecycleTests.StartClusterAsync(new ClusterManifests { ControlPlaneReplicas = 1, WorkerReplicas = 1 });
        var type = h.Type(Core, "machinedeployments");
        var before = h.Get(Core, "machinedeployments", "c1-wmd")!;
        Assert.EndsWith("/v1beta1", (string?)before["apiVersion"]);

        var scale = h.Store.UpdateScale(type, "default", "c1-wmd", 2);

        Assert.Equal(2, JsonNumbers.Int(scale["spec"]!["replicas"]));
        var after = h.Get(Core, "machinedeployments", "c1-wmd")!;
        Assert.EndsWith("/v1beta1", (string?)after["apiVersion"]);
        Assert.NotNull(after["spec"]!["template"]!["spec"]!["infrastructureRef"]!["apiVersion"]);
        await ControllerHarness.WaitForAsync(() => ClusterLifecycleTests.ClusterUp(h, "c1", 1, 2), h.Describe);
    }
}
