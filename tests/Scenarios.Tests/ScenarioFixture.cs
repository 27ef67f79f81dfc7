using System.Text.Json.Nodes;
using TestSupport.Simulator;
using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>
/// One nutanix-sim (fast mode, CAPI/CAPX preinstalled) and the AOT-published provider, plus helpers to build
/// workspaces, HCL and to look at what exists in the simulator.
/// </summary>
public class ScenarioFixture : IAsyncLifetime
{
    public const string ProviderAddress = "registry.terraform.io/nutanix-cloud-native/nutanix";

    private SimulatorProcess? _sim;

    public SimulatorProcess Sim => _sim ?? throw new InvalidOperationException("not started");

    public string ProviderBinary { get; private set; } = string.Empty;

    protected virtual SimulatorLaunchOptions LaunchOptions => new();

    public virtual async Task InitializeAsync()
    {
        var publish = NutanixProviderBinary.PublishAsync();
        _sim = await SimulatorProcess.StartAsync(LaunchOptions);
        ProviderBinary = await publish;
    }

    public virtual async Task DisposeAsync()
    {
        if (_sim is not null) await _sim.DisposeAsync();
    }

    public TerraformWorkspace CreateWorkspace()
    {
        var ws = TerraformWorkspace.ForProvider(ProviderAddress, ProviderBinary);
        ws.Environment["KUBECONFIG"] = null;
        ws.Environment["NUTANIX_MGMT_KUBECONFIG"] = null;
        ws.CommandTimeout = TimeSpan.FromMinutes(4);
        return ws;
    }

    /// <summary>The terraform block selecting this provider's source address.</summary>
    public const string RequiredProviders = NutanixHcl.RequiredProviders;

    /// <summary>The provider block pointing at the simulator's management cluster.</summary>
    public string ProviderBlock(string extra = "", string requestTimeout = "20s") => NutanixHcl.Provider(Sim.KubeconfigPath, requestTimeout, extra);

    /// <summary>A gateway and a password cloud account named <paramref name="gateway"/> and <c>pc</c>.</summary>
    public string AccountHcl(string gateway, string passwordExpression = "var.pc_password", int passwordVersion = 1, string extra = "") =>
        NutanixHcl.GatewayAndAccount(Sim.Connection, gateway, passwordExpression, passwordVersion, extra);

    /// <summary>A small cluster (1 control-plane node, one worker pool of <paramref name="workers"/>).</summary>
    public static string ClusterHcl(string resourceName, string clusterName, string endpointIp, int workers = 1, string accountRef = "nutanix_cloud_account.pc.id", string extra = "") =>
        NutanixHcl.Cluster(resourceName, clusterName, endpointIp, workers, accountRef, extra);

    public Task<ToolResult> KubectlAsync(params string[] args) =>
        ExternalTool.Kubectl.RunAsync(["--kubeconfig", Sim.KubeconfigPath, .. args], timeout: TimeSpan.FromSeconds(60));

    /// <summary>Names of the CAPI/CAPX objects of workload clusters in all namespaces (kind/name).</summary>
    /// <summary>
    /// Scales CAPX's controller Deployment as an operator would; at zero no infrastructure is provisioned, so clusters
    /// stay in Provisioning (the emulated controllers honour the replica count).
    /// </summary>
    public async Task ScaleCapxAsync(int replicas)
    {
        var scale = await KubectlAsync("scale", "deployment", "capx-controller-manager", "-n", "capx-system", $"--replicas={replicas}");
        Assert.True(scale.ExitCode == 0, scale.ToString());
    }

    public async Task<List<string>> ClusterObjectsAsync()
    {
        var result = await KubectlAsync("get",
            "clusters.cluster.x-k8s.io,machines,machinedeployments,nutanixclusters,nutanixmachines,nutanixmachinetemplates,kubeadmcontrolplanes,kubeadmconfigtemplates",
            "-A", "-o", "name");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    /// <summary>Names of the VMs in the simulator's Prism Central.</summary>
    public async Task<List<string>> VmNamesAsync()
    {
        using var http = Sim.CreatePrismClient();
        using var content = new StringContent("{\"kind\":\"vm\",\"length\":500}", System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("vms/list", content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return (body["entities"] as JsonArray ?? []).Select(e => (string?)e?["status"]?["name"] ?? (string?)e?["spec"]?["name"] ?? "").ToList();
    }

    /// <summary>Namespaces of the management cluster.</summary>
    public async Task<List<string>> NamespacesAsync()
    {
        var result = await KubectlAsync("get", "namespaces", "-o", "name");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();
    }
}
