using TestSupport.Clusterctl;
using TestSupport.Simulator;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.EndToEnd;

/// <summary>
/// A <c>--bare</c> management cluster (no CRD at all): nutanix_pcg installs real-shaped releases of cert-manager, CAPI,
/// kubeadm and CAPX from a clusterctl local repository (<see cref="ClusterctlRepository"/>) the way clusterctl init
/// does, upgrades CAPX in place, refuses to be destroyed while a workload cluster exists, and removes everything it
/// installed; without cert-manager it stops with a clear error and destroy leaves nothing behind.
/// </summary>
public sealed class BareInstallTests : IAsyncLifetime
{
    private SimulatorProcess? _sim;
    private string _binary = string.Empty;
    private readonly List<string> _repositories = [];

    public async Task InitializeAsync()
    {
        var publish = NutanixProviderBinary.PublishAsync();
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

    [Fact]
    public async Task InstallsRealReleases_UpgradesInPlace_RefusesDeleteWithClusters_RemovesEverything()
    {
        var before = await ClusterScopedAsync();
        using var ws = Workspace();
        ws.CommandTimeout = TimeSpan.FromMinutes(6);
        ws.Environment["TF_VAR_pc_password"] = "Nutanix/4u-test";
        var repository = Repository(capxVersions: ["v1.10.2", ClusterctlRepository.CapxVersion]);
        ws.WriteMainTf(Gateway(repository, "v1.10.2"));

        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var output = await ws.RunAsync("output", ["-json"]);
        Assert.Contains("\"Running\"", output.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"v1.13.1\"", output.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"v1.10.2\"", output.StandardOutput, StringComparison.Ordinal);

        // Every controller runs: cert-manager's three and the four providers', each labelled as clusterctl labels them.
        var deployments = await Kubectl("get", "deployments", "-A", "-o", "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}={.status.availableReplicas}{\"\\n\"}{end}");
        Assert.True(deployments.ExitCode == 0, deployments.ToString());
        foreach (var expected in new[]
        {
            "cert-manager/cert-manager=1", "cert-manager/cert-manager-cainjector=1", "cert-manager/cert-manager-webhook=1",
            "capi-system/capi-controller-manager=1", "capi-kubeadm-bootstrap-system/capi-kubeadm-bootstrap-controller-manager=1",
            "capi-kubeadm-control-plane-system/capi-kubeadm-control-plane-controller-manager=1", "capx-system/capx-controller-manager=1",
        })
        {
            Assert.Contains(expected, deployments.StandardOutput, StringComparison.Ordinal);
        }

        var labelled = await Kubectl("get", "deployments,services,serviceaccounts,configmaps,secrets,certificates,issuers", "-n", "capx-system",
            "-l", "clusterctl.cluster.x-k8s.io,cluster.x-k8s.io/provider=infrastructure-nutanix", "-o", "name");
        Assert.True(labelled.ExitCode == 0, labelled.ToString());
        foreach (var name in new[] { "deployment.apps/capx-controller-manager", "service/capx-webhook-service", "configmap/capx-nutanix-endpoint",
                     "secret/capx-nutanix-creds", "certificate.cert-manager.io/capx-serving-cert", "issuer.cert-manager.io/capx-selfsigned-issuer" })
        {
            Assert.Contains(name, labelled.StandardOutput, StringComparison.Ordinal);
        }

        var crds = await Kubectl("get", "customresourcedefinitions", "-o", "name");
        foreach (var crd in new[] { "providers.clusterctl.cluster.x-k8s.io", "clusters.cluster.x-k8s.io", "kubeadmcontrolplanes.controlplane.cluster.x-k8s.io",
                     "kubeadmconfigs.bootstrap.cluster.x-k8s.io", "nutanixclusters.infrastructure.cluster.x-k8s.io", "certificates.cert-manager.io" })
        {
            Assert.Contains("customresourcedefinition.apiextensions.k8s.io/" + crd, crds.StandardOutput, StringComparison.Ordinal);
        }

        var webhooks = await Kubectl("get", "validatingwebhookconfigurations", "-o", "name");
        Assert.Contains("capx-validating-webhook-configuration", webhooks.StandardOutput, StringComparison.Ordinal);
        var providers = await Kubectl("get", "providers.clusterctl.cluster.x-k8s.io", "-A", "-o", "jsonpath={range .items[*]}{.metadata.name}@{.version}{\"\\n\"}{end}");
        Assert.Equal(["bootstrap-kubeadm@v1.13.1", "cluster-api@v1.13.1", "control-plane-kubeadm@v1.13.1", "infrastructure-nutanix@v1.10.2"],
            providers.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        // No variable is left unsubstituted; CAPX's JSON got its defaults and the given values.
        var everything = await Kubectl("get", "deployments,configmaps,secrets", "-A", "-o", "yaml");
        Assert.DoesNotContain("${", everything.StandardOutput, StringComparison.Ordinal);
        var endpoint = await Kubectl("get", "configmap", "-n", "capx-system", "capx-nutanix-endpoint", "-o", "jsonpath={.data.prismCentral}");
        Assert.Contains("\"port\": 9440", endpoint.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"address\": \"pc.example.test\"", endpoint.StandardOutput, StringComparison.Ordinal);

        // The password given through install.variables is in neither the state nor the plan.
        var state = await ws.RunAsync("show", ["-json"]);
        Assert.DoesNotContain("Nutanix/4u-test", state.StandardOutput, StringComparison.Ordinal);
        var plan = await ws.PlanDetailedAsync();
        Assert.True(plan.ExitCode == 0, "plan after apply is not empty: " + plan);

        // In-place upgrade of CAPX to the newer release in the same repository.
        ws.WriteMainTf(Gateway(repository, ClusterctlRepository.CapxVersion));
        var upgrade = await ws.ApplyAsync();
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Contains("1 changed", upgrade.StandardOutput, StringComparison.Ordinal);
        output = await ws.RunAsync("output", ["-json"]);
        Assert.Contains("\"v1.10.3\"", output.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"Running\"", output.StandardOutput, StringComparison.Ordinal);
        var image = await Kubectl("get", "deployment", "-n", "capx-system", "capx-controller-manager", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        Assert.EndsWith(":v1.10.3", image.StandardOutput.Trim(), StringComparison.Ordinal);
        plan = await ws.PlanDetailedAsync();
        Assert.True(plan.ExitCode == 0, "plan after the upgrade is not empty: " + plan);

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
        Assert.Equal(before, await ClusterScopedAsync());
        var left = await Kubectl("get", "deployments,services,secrets,configmaps,serviceaccounts,roles,rolebindings", "-A", "-l", "clusterctl.cluster.x-k8s.io", "-o", "name");
        Assert.Equal(string.Empty, left.StandardOutput.Trim());
    }
}
