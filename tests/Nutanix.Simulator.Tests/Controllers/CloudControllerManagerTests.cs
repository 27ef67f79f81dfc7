using System.Text.Json.Nodes;
using Kubernetes.Machinery;

namespace Nutanix.Simulator.Tests.Controllers;

/// <summary>
/// The emulated workload nodes keep the uninitialized taint (no provider ID, so no Machine nodeRef) until a Nutanix
/// cloud controller manager reaches the cluster through a ClusterResourceSet, as with kubelets run with
/// <c>--cloud-provider=external</c>.
/// </summary>
public sealed class CloudControllerManagerTests
{
    private const string Core = "cluster.x-k8s.io";
    private const string ControlPlane = "controlplane.cluster.x-k8s.io";

    private static List<JsonObject> Machines(ControllerHarness h, string cluster) =>
        h.List(Core, "machines").Where(m => (string?)m["spec"]?["clusterName"] == cluster).ToList();

    private static bool KcpInitialized(ControllerHarness h, string cluster) =>
        h.Get(ControlPlane, "kubeadmcontrolplanes", cluster + "-kcp")?["status"]?["initialization"]?["controlPlaneInitialized"]?.GetValue<bool>() == true;

    /// <summary>Waits until the first control-plane machine and the workers are provisioned and their node start delay has passed.</summary>
    private static async Task<List<JsonObject>> WaitProvisionedWithoutNodesAsync(ControllerHarness h, ClusterManifests manifests)
    {
        await ControllerHarness.WaitForAsync(
            () => KcpInitialized(h, manifests.Name)
                && Machines(h, manifests.Name) is { } ms && ms.Count == 1 + manifests.WorkerReplicas
                && ms.All(m => (string?)m["status"]?["phase"] == "Provisioned"),
            h.Describe);
        // Well past the node start delay (--fast timings in the harness): still no node is matched.
        await Task.Delay(TimeSpan.FromSeconds(1));
        return Machines(h, manifests.Name);
    }

    [Fact]
    public async Task Nodes_stay_uninitialized_until_the_ccm_resource_set_is_applied()
    {
        var manifests = new ClusterManifests { Name = "noccm", IncludeCcm = false, ControlPlaneReplicas = 3, WorkerReplicas = 2 };
        await using var h = await ControllerHarness.StartAsync();
        h.Apply(manifests.All());

        var machines = await WaitProvisionedWithoutNodesAsync(h, manifests);
        Assert.Equal(3, machines.Count); // the control plane does not grow past its first machine: preflight needs nodeRefs
        Assert.All(machines, m =>
        {
            Assert.Equal("Provisioned", (string?)m["status"]!["phase"]);
            Assert.Null(m["status"]!["nodeRef"]);
            Assert.StartsWith("nutanix://", (string?)m["spec"]!["providerID"], StringComparison.Ordinal);
        });
        Assert.Equal(0, JsonNumbers.Int(h.Get(ControlPlane, "kubeadmcontrolplanes", "noccm-kcp")!["status"]!["readyReplicas"]));

        // The CCM arrives through its ClusterResourceSet: every node is initialized and the cluster completes.
        h.Apply(manifests.Ccm());
        await ControllerHarness.WaitForAsync(() => ClusterLifecycleTests.ClusterUp(h, "noccm", 3, 2), h.Describe);
        Assert.All(Machines(h, "noccm"), m => Assert.NotNull(m["status"]!["nodeRef"]));
    }

    [Fact]
    public async Task A_mirrored_ccm_image_counts_but_a_set_without_the_credentials_secret_does_not()
    {
        var mirror = new ClusterManifests { Name = "mirror", CcmImage = "registry.example.internal:5000/cloud-provider-nutanix/controller:v0.5.3", ControlPlaneReplicas = 1, WorkerReplicas = 1 };
        var noCreds = new ClusterManifests { Name = "nocreds", IncludeCcm = false, ControlPlaneReplicas = 1, WorkerReplicas = 1 };
        await using var h = await ControllerHarness.StartAsync();
        h.Apply(mirror.All());
        // The CCM's ConfigMap and set without the resource-set Secret holding kube-system/nutanix-creds.
        var ccmWithoutCreds = string.Join("\n---\n", noCreds.Ccm().Split("\n---\n").Where(d => !d.Contains("kind: Secret", StringComparison.Ordinal)));
        // Select only this cluster: the mirror cluster's set already selects every `ccm: nutanix` Cluster of the namespace.
        h.Apply(noCreds.All().Replace("labels: {ccm: nutanix}", "labels: {ccm: other}", StringComparison.Ordinal));
        h.Apply(ccmWithoutCreds.Replace("matchLabels: {ccm: nutanix}", "matchLabels: {ccm: other}", StringComparison.Ordinal));

        await ControllerHarness.WaitForAsync(() => ClusterLifecycleTests.ClusterUp(h, "mirror", 1, 1), h.Describe);
        var stuck = await WaitProvisionedWithoutNodesAsync(h, noCreds);
        Assert.All(stuck, m => Assert.Null(m["status"]!["nodeRef"]));
    }

    [Fact]
    public async Task A_set_selecting_another_cluster_does_not_initialize_this_one()
    {
        var manifests = new ClusterManifests { Name = "other", ControlPlaneReplicas = 1, WorkerReplicas = 1 };
        await using var h = await ControllerHarness.StartAsync();
        h.Apply(manifests.All().Replace("matchLabels: {ccm: nutanix}", "matchLabels: {ccm: nutanix, team: a}", StringComparison.Ordinal));
        var machines = await WaitProvisionedWithoutNodesAsync(h, manifests);
        Assert.All(machines, m => Assert.Null(m["status"]!["nodeRef"]));
        Assert.Equal("Provisioned", (string?)h.Get(Core, "machines", machines[0]["metadata"]!["name"]!.GetValue<string>())!["status"]!["phase"]);
    }
}
