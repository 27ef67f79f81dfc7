using TestSupport.Simulator;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// One simulator and the published provider for the cluster lifecycle test. Uses the framework-dependent publish
/// (same code, no native compilation) so the fixture fits the time budget on shared CI cores; the AOT binary is
/// covered by the account tests.
/// </summary>
public sealed class ClusterSimulatorFixture : IAsyncLifetime
{
    private SimulatorProcess? _sim;

    public SimulatorProcess Sim => _sim ?? throw new InvalidOperationException("not started");

    public string ProviderBinary { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var publish = PublishedBinary.GetAsync("src/TerraformProvider.Nutanix/TerraformProvider.Nutanix.csproj", "terraform-provider-nutanix", nativeAot: false);
        _sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions());
        ProviderBinary = await publish;
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null) await _sim.DisposeAsync();
    }

    public TerraformWorkspace CreateWorkspace()
    {
        var ws = TerraformWorkspace.ForProvider(ProviderIdentity.Address, ProviderBinary);
        ws.Environment["KUBECONFIG"] = null;
        ws.Environment["NUTANIX_MGMT_KUBECONFIG"] = null;
        return ws;
    }

    public Task<ToolResult> KubectlAsync(params string[] args) =>
        ExternalTool.Kubectl.RunAsync(["--kubeconfig", Sim.KubeconfigPath, .. args], timeout: TimeSpan.FromSeconds(60));
}
