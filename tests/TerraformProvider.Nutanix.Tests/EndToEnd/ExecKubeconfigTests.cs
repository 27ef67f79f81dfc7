using k8s;
using Nutanix.Capi.Management;
using TerraformProvider.Nutanix.Plumbing;
using TestSupport.Simulator;

namespace TerraformProvider.Nutanix.Tests.EndToEnd;

/// <summary>
/// The provider's management-cluster client against nutanix-sim with the simulator's kubeconfig rewritten so its user
/// gets the bearer token from an exec credential plugin (a shell script printing a client.authentication.k8s.io/v1
/// ExecCredential): the plugin's token is what the API server sees, its stderr does not fail the call, and a plugin
/// that exits non-zero is an error naming it and the kubeconfig user.
/// </summary>
public sealed class ExecKubeconfigTests : IAsyncLifetime
{
    private SimulatorProcess? _sim;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("exec-kubeconfig-");

    private SimulatorProcess Sim => _sim ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions());

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        _dir.Delete(recursive: true);
    }

    private string Plugin(string name, string body)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("this test runs a shell-script exec plugin and needs a Unix system with /bin/sh");
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>The simulator's kubeconfig (server, CA) with its user's static token replaced by <paramref name="command"/>.</summary>
    private string ExecKubeconfig(string command)
    {
        var original = KubernetesClientConfiguration.LoadKubeConfig(Sim.KubeconfigPath);
        var endpoint = original.Clusters.Single().ClusterEndpoint;
        var authority = !string.IsNullOrEmpty(endpoint.CertificateAuthorityData)
            ? $"certificate-authority-data: {endpoint.CertificateAuthorityData}"
            : $"certificate-authority: {Sim.CaCertFile}";
        return $$"""
            apiVersion: v1
            kind: Config
            current-context: sim
            clusters:
            - name: sim
              cluster:
                server: {{endpoint.Server}}
                {{authority}}
            users:
            - name: sim-sso
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {{command}}
                  interactiveMode: Never
            contexts:
            - name: sim
              context: {cluster: sim, user: sim-sso}
            """;
    }

    private static readonly ApiResource Namespaces = new(string.Empty, "v1", "namespaces", Namespaced: false);

    [Fact]
    public async Task ProviderReachesTheSimulatorWithTheExecPluginsToken()
    {
        var token = Sim.ReadKubeToken();
        var plugin = Plugin("sim-token.sh", $$$"""
            echo "sim-token: using cached login" >&2
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"{{{token}}}"}}'
            """);
        using var context = new ProviderContext(new ProviderSettings { Kubeconfig = ExecKubeconfig(plugin), RequestTimeout = TimeSpan.FromSeconds(20) });
        var client = context.GetManagementClient();
        var namespaces = await client.ListAsync(Namespaces);
        Assert.Contains(namespaces, n => (string?)n["metadata"]?["name"] == "default");

        // The token matters: a plugin printing another one is refused by the API server.
        var wrong = Plugin("wrong-token.sh", """
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"not-the-sim-token"}}'
            """);
        using var refused = new ProviderContext(new ProviderSettings { Kubeconfig = ExecKubeconfig(wrong), RequestTimeout = TimeSpan.FromSeconds(20) });
        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => refused.GetManagementClient().ListAsync(Namespaces));
        Assert.Equal(401, (int)ex.StatusCode);
    }

    [Fact]
    public async Task FailingPluginIsAnErrorNamingItAndTheUser()
    {
        var plugin = Plugin("expired-login.sh", "echo 'error: SSO session expired; run sso login' >&2\nexit 2");
        using var context = new ProviderContext(new ProviderSettings { Kubeconfig = ExecKubeconfig(plugin), RequestTimeout = TimeSpan.FromSeconds(20) });
        var ex = await Assert.ThrowsAsync<ExecCredentialException>(() => context.GetManagementClient().ListAsync(Namespaces));
        Assert.Contains("expired-login.sh", ex.Message);
        Assert.Contains("\"sim-sso\"", ex.Message);
        Assert.Contains("SSO session expired", ex.Message);
        var diagnostics = new Terraform.Plugin.Diagnostics.DiagnosticBag();
        Assert.True(ErrorDiagnostics.TryAdd(diagnostics, ex, "reading namespaces"));
        Assert.Contains("credential plugin failed", diagnostics.Single().Summary);
    }
}
