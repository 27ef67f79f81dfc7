using TestSupport.Simulator;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.EndToEnd;

/// <summary>
/// A <c>--bare</c> management cluster: nutanix_pcg installs CAPI/kubeadm/CAPX from a local clusterctl repository,
/// refuses to be destroyed while a workload cluster exists, and removes what it installed.
/// </summary>
public sealed class BareInstallTests : IAsyncLifetime
{
    private SimulatorProcess? _sim;
    private string _binary = string.Empty;
    private string _repository = string.Empty;

    public async Task InitializeAsync()
    {
        var publish = PublishedBinary.NutanixProviderAsync();
        _sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { Bare = true });
        _binary = await publish;
        _repository = ComponentRepository.Create();
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        if (Directory.Exists(_repository))
        {
            Directory.Delete(_repository, recursive: true);
        }
    }

    private Task<ToolResult> Kubectl(params string[] args) =>
        ExternalTool.Kubectl.RunAsync(["--kubeconfig", _sim!.KubeconfigPath, .. args], timeout: TimeSpan.FromSeconds(30));

    [Fact]
    public async Task InstallsFromLocalRepository_RefusesDeleteWithClusters_RemovesWhatItInstalled()
    {
        using var ws = TerraformWorkspace.ForProvider(ProviderIdentity.Address, _binary);
        ws.Environment["KUBECONFIG"] = null;
        ws.WriteFile("versions.tf", NutanixHcl.RequiredProviders);
        ws.Environment["NUTANIX_MGMT_KUBECONFIG"] = _sim!.KubeconfigPath; // environment fallback, no provider attributes
        ws.WriteMainTf($$"""
            resource "nutanix_pcg" "gw" {
              name      = "bare-gw"
              namespace = "gw-bare"
              install   = { directory = {{NutanixHcl.Quote(_repository)}} }
              timeouts  = { create = "2m" }
            }

            output "status" { value = nutanix_pcg.gw.status }
            output "capi"   { value = nutanix_pcg.gw.capi_version }
            output "capx"   { value = nutanix_pcg.gw.capx_version }
            """);

        var before = await Kubectl("get", "deployments", "-A", "-o", "name");
        Assert.DoesNotContain("capx-controller-manager", before.StandardOutput, StringComparison.Ordinal);

        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var output = await ws.RunAsync("output", ["-json"]);
        Assert.Contains("\"Running\"", output.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"v1.13.1\"", output.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"v1.10.3\"", output.StandardOutput, StringComparison.Ordinal);

        // CAPX's components carry no inventory object; the provider records one as clusterctl would.
        var capx = await Kubectl("get", "providers.clusterctl.cluster.x-k8s.io", "-n", "capx-system", "infrastructure-nutanix", "-o", "jsonpath={.version}");
        Assert.True(capx.ExitCode == 0, capx.ToString());
        Assert.Equal("v1.10.3", capx.StandardOutput.Trim());

        // A workload cluster in the gateway namespace blocks destroy, naming it.
        var cluster = Path.Combine(ws.Directory, "cluster.yaml");
        File.WriteAllText(cluster, """
            apiVersion: cluster.x-k8s.io/v1beta2
            kind: Cluster
            metadata:
              name: wl-blocker
              namespace: gw-bare
            spec:
              clusterNetwork:
                serviceDomain: cluster.local
            """);
        var created = await Kubectl("apply", "-f", cluster);
        Assert.True(created.ExitCode == 0, created.ToString());
        var refused = await ws.DestroyAsync();
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("gw-bare/wl-blocker", refused.StandardError, StringComparison.Ordinal);
        var deleted = await Kubectl("delete", "-f", cluster, "--wait=true", "--timeout=30s");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());

        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        var namespaces = await Kubectl("get", "namespaces", "-o", "name");
        Assert.DoesNotContain("namespace/gw-bare", namespaces.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("namespace/capx-system", namespaces.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("namespace/capi-system", namespaces.StandardOutput, StringComparison.Ordinal);
        var providers = await Kubectl("get", "providers.clusterctl.cluster.x-k8s.io", "-A", "-o", "name");
        Assert.Equal(string.Empty, providers.StandardOutput.Trim());
    }
}
