using TestSupport.Simulator;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.EndToEnd;

/// <summary>One simulator (with CAPI/CAPX preinstalled) and the AOT-published provider, shared by a test class.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private SimulatorProcess? _sim;

    public SimulatorProcess Sim => _sim ?? throw new InvalidOperationException("not started");

    public string ProviderBinary { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var publish = NutanixProviderBinary.PublishAsync();
        _sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions());
        ProviderBinary = await publish;
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }
    }

    public TerraformWorkspace CreateWorkspace()
    {
        var ws = TerraformWorkspace.ForProvider(ProviderIdentity.Address, ProviderBinary);
        ws.Environment["KUBECONFIG"] = null;
        ws.Environment["NUTANIX_MGMT_KUBECONFIG"] = null;
        ws.WriteFile("versions.tf", NutanixHcl.RequiredProviders);
        return ws;
    }

    public Task<ToolResult> KubectlAsync(params string[] args) =>
        ExternalTool.Kubectl.RunAsync(["--kubeconfig", Sim.KubeconfigPath, .. args], timeout: TimeSpan.FromSeconds(30));
}
