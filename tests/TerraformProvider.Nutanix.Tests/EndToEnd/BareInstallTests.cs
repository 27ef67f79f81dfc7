using TestSupport.Clusterctl;
using TestSupport.Simulator;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.EndToEnd;

/// <summary>
/// A <c>--bare</c> management cluster (no CRD at all) and real-shaped release files (<see cref="ClusterctlRepository"/>):
/// without cert-manager, or without a required variable, nutanix_pcg stops with a clear error and destroy leaves
/// nothing behind. (The full install/upgrade/destroy test, commit e46f624, waits for nutanix-sim to accept ':' in RBAC
/// names and to emulate cert-manager's webhook CA Secret.)
/// </summary>
public sealed class BareInstallTests : IAsyncLifetime
{
    private SimulatorProcess? _sim;
    private string _binary = string.Empty;
    private readonly List<string> _repositories = [];

    public async Task InitializeAsync()
    {
        var publish = PublishedBinary.NutanixProviderAsync();
        _sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { Bare = true });
        _binary = await publish;
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        foreach (var repository in _repositories.Where(Directory.Exists))
        {
            Directory.Delete(repository, recursive: true);
        }
    }

    private string Repository(IEnumerable<string>? capxVersions = null, bool certManager = true)
    {
        var dir = ClusterctlRepository.Create(capxVersions, certManager);
        _repositories.Add(dir);
        return dir;
    }

    private Task<ToolResult> Kubectl(params string[] args) =>
        ExternalTool.Kubectl.RunAsync(["--kubeconfig", _sim!.KubeconfigPath, .. args], timeout: TimeSpan.FromSeconds(60));

    private TerraformWorkspace Workspace()
    {
        var ws = TerraformWorkspace.ForProvider(ProviderIdentity.Address, _binary);
        ws.Environment["KUBECONFIG"] = null;
        ws.WriteFile("versions.tf", NutanixHcl.RequiredProviders);
        ws.Environment["NUTANIX_MGMT_KUBECONFIG"] = _sim!.KubeconfigPath; // environment fallback, no provider attributes
        return ws;
    }

    private static string Gateway(string repository, string capxVersion) => $$"""
        resource "nutanix_pcg" "gw" {
          name      = "bare-gw"
          namespace = "gw-bare"
          install = {
            directory = {{NutanixHcl.Quote(repository)}}
            versions  = { "infrastructure-nutanix" = "{{capxVersion}}" }
            variables = {
              NUTANIX_ENDPOINT = "pc.example.test"
              NUTANIX_USER     = "admin"
              NUTANIX_PASSWORD = var.pc_password
            }
          }
          timeouts = { create = "4m" }
        }

        variable "pc_password" {
          type      = string
          sensitive = true
        }

        output "status" { value = nutanix_pcg.gw.status }
        output "reason" { value = nutanix_pcg.gw.status_reason }
        output "capi"   { value = nutanix_pcg.gw.capi_version }
        output "capx"   { value = nutanix_pcg.gw.capx_version }
        """;

    /// <summary>What the installs may leave on the cluster: CRDs, webhook configurations, cluster roles, namespaces.</summary>
    private async Task<string> ClusterScopedAsync()
    {
        var crds = await Kubectl("get", "customresourcedefinitions", "-o", "name");
        var webhooks = await Kubectl("get", "validatingwebhookconfigurations,mutatingwebhookconfigurations", "-o", "name");
        var roles = await Kubectl("get", "clusterroles,clusterrolebindings", "-l", "clusterctl.cluster.x-k8s.io", "-o", "name");
        var namespaces = await Kubectl("get", "namespaces", "-o", "name");
        foreach (var result in new[] { crds, webhooks, roles, namespaces })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        return string.Join("\n", crds.StandardOutput.Trim(), webhooks.StandardOutput.Trim(), roles.StandardOutput.Trim(), namespaces.StandardOutput.Trim());
    }

    [Fact]
    public async Task WithoutCertManager_StopsWithAClearError_AndDestroyLeavesNothing()
    {
        var before = await ClusterScopedAsync();
        using var ws = Workspace();
        ws.Environment["TF_VAR_pc_password"] = "Nutanix/4u-test";
        var repository = Repository(certManager: false);
        ws.WriteMainTf(Gateway(repository, ClusterctlRepository.CapxVersion));

        var apply = await ws.ApplyAsync();
        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("cert-manager is not installed on the management cluster", apply.StandardError, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(repository, "cert-manager"), apply.StandardError, StringComparison.Ordinal);
        Assert.Contains("cert-manager/releases/download/v1.20.2/cert-manager.yaml", apply.StandardError.Replace("\n", string.Empty, StringComparison.Ordinal).Replace("│ ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Equal(before, await ClusterScopedAsync());
    }

    [Fact]
    public async Task MissingVariable_IsRefusedBeforeAnythingIsApplied()
    {
        var before = await ClusterScopedAsync();
        using var ws = Workspace();
        var repository = Repository();
        ws.WriteMainTf($$"""
            resource "nutanix_pcg" "gw" {
              name    = "novars-gw"
              install = { directory = {{NutanixHcl.Quote(repository)}} }
            }
            """);
        var apply = await ws.ApplyAsync();
        Assert.Equal(1, apply.ExitCode);
        var error = apply.StandardError.Replace("│", string.Empty, StringComparison.Ordinal);
        Assert.Contains("NUTANIX_ENDPOINT, NUTANIX_PASSWORD, NUTANIX_USER", error, StringComparison.Ordinal);
        Assert.Contains("infrastructure-components.yaml", error, StringComparison.Ordinal);
        Assert.Contains("install.variables", error, StringComparison.Ordinal);

        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Equal(before, await ClusterScopedAsync());
    }
}
