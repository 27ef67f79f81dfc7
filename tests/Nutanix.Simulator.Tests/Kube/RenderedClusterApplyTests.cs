using System.Net;
using Nutanix.Capi.Rendering;
using TestSupport.Tools;

namespace Nutanix.Simulator.Tests.Kube;

/// <summary>The manifests Nutanix.Capi renders for a workload cluster go into the simulator through the real kubectl.</summary>
public sealed class RenderedClusterApplyTests(KubeServerFixture fixture) : IClassFixture<KubeServerFixture>
{
    private static MachineSpec Machine() => new()
    {
        VcpuSockets = 2,
        VcpusPerSocket = 1,
        Memory = Quantity.Parse("4Gi"),
        SystemDiskSize = Quantity.Parse("40Gi"),
        Cluster = NutanixResourceIdentifier.Parse("pe-cluster"),
        Subnets = [NutanixResourceIdentifier.Parse("vlan-10")],
        Image = NutanixResourceIdentifier.Parse("ubuntu-2204-kube-v1.32.0"),
    };

    [Fact]
    public async Task Rendered_cluster_applies_server_side_and_lists()
    {
        var server = fixture.Server;
        var ns = "r-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces", Manifests.Namespace(ns))).Code);
        var rendered = ClusterRenderer.Render(new WorkloadClusterSpec
        {
            Name = "demo",
            Namespace = ns,
            KubernetesVersion = "v1.32.0",
            PrismCentral = new PrismCentralEndpoint("pc.example.com"),
            Credentials = PrismCredentials.Basic("admin", "secret"),
            ControlPlane = new ControlPlaneSpec(3, Machine(), "10.0.0.100"),
            WorkerPools = [new WorkerPoolSpec { Name = "workers", Replicas = 2, Machine = Machine() }],
        });
        var file = Path.Combine(server.Directory, ns + ".yaml");
        await File.WriteAllTextAsync(file, rendered.ToYaml());
        string[] common = ["--kubeconfig", server.KubeconfigPath, "--cache-dir", Path.Combine(server.Directory, "kubectl-cache"), "--request-timeout=10s"];
        var env = new Dictionary<string, string?> { ["HOME"] = server.Directory };

        var applied = await ExternalTool.Kubectl.RunAsync([.. common, "apply", "--server-side", "-f", file], server.Directory, env, TimeSpan.FromSeconds(30));
        Assert.True(applied.ExitCode == 0, applied.ToString());

        var listed = await ExternalTool.Kubectl.RunAsync([.. common, "get", "clusters,kubeadmcontrolplanes,machinedeployments,nutanixmachinetemplates", "-n", ns], server.Directory, env, TimeSpan.FromSeconds(30));
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(rendered.Names.Cluster, listed.StandardOutput);
        Assert.Contains(rendered.Names.ControlPlane, listed.StandardOutput);
        Assert.Contains(rendered.Names.WorkerPools["workers"].MachineDeployment, listed.StandardOutput);

        var again = await ExternalTool.Kubectl.RunAsync([.. common, "apply", "--server-side", "-f", file], server.Directory, env, TimeSpan.FromSeconds(30));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("configured", again.StandardOutput);
    }
}
