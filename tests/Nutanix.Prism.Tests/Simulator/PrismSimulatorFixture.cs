using System.Text.Json.Nodes;
using TestSupport.Simulator;

namespace Nutanix.Prism.Tests.Simulator;

/// <summary>
/// One nutanix-sim shared by the read-mostly simulator tests: two Prism Elements, a few named subnets (one name on
/// both clusters), images, projects, categories, and 1200 generated subnets so listing needs three pages.
/// </summary>
public sealed class PrismSimulatorFixture : IAsyncLifetime
{
    public const string PcVersion = "pc.2024.3.1";
    public const int GeneratedSubnets = 1200;
    public const int NamedSubnets = 3;

    public const string Inventory = """
        {
          "prism_central": { "name": "sim-pc" },
          "clusters": [ { "name": "pe-a", "aos_version": "6.10.1.6" }, { "name": "pe-b", "aos_version": "7.0.1", "nodes": 4 } ],
          "subnets": [
            { "name": "vlan-100", "cluster": "pe-a", "vlan_id": 100, "subnet_ip": "10.10.100.0", "prefix_length": 24,
              "default_gateway_ip": "10.10.100.1", "pool": [ "10.10.100.50 10.10.100.199" ], "dns": [ "10.0.0.2" ] },
            { "name": "shared-infra", "cluster": "pe-a", "vlan_id": 300, "subnet_ip": "10.10.30.0", "prefix_length": 24,
              "default_gateway_ip": "10.10.30.1", "pool": [ "10.10.30.100 10.10.30.149" ] },
            { "name": "shared-infra", "cluster": "pe-b", "vlan_id": 300, "subnet_ip": "10.10.31.0", "prefix_length": 24,
              "default_gateway_ip": "10.10.31.1", "pool": [ "10.10.31.100 10.10.31.149" ] }
          ],
          "images": [ { "name": "ubuntu-2204-kube-v1.33.2", "size_bytes": 5368709120, "source_uri": "https://images.example.invalid/u.qcow2" } ],
          "projects": [ { "name": "default", "clusters": [ "pe-a", "pe-b" ] } ],
          "categories": [ { "key": "AppType", "values": [ "Default", "Kubernetes" ] } ],
          "generate": { "subnets": 1200 }
        }
        """;

    private SimulatorProcess? _sim;

    public SimulatorProcess Sim => _sim ?? throw new InvalidOperationException("simulator not started");

    public async Task InitializeAsync()
    {
        _sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { InventoryJson = Inventory, PrismCentralVersion = PcVersion });
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }
    }

    /// <summary>Client options for the running simulator, trusting its CA through additional_trust_bundle.</summary>
    public PrismCentralOptions Options(int maxRetries = 4) => SimOptions.For(Sim, maxRetries);
}

/// <summary>Options builders shared by simulator tests.</summary>
internal static class SimOptions
{
    public static PrismCentralOptions For(SimulatorProcess sim, int maxRetries = 4) => new()
    {
        Endpoint = sim.Connection.PrismEndpoint,
        Port = sim.Connection.PrismPort,
        Username = sim.Connection.Username,
        Password = sim.Connection.Password,
        AdditionalTrustBundle = File.ReadAllText(sim.CaCertFile),
        Timeout = TimeSpan.FromSeconds(10),
        Retry = new Nutanix.Http.TransientRetryOptions
        {
            MaxRetries = maxRetries,
            BaseDelay = TimeSpan.FromMilliseconds(50),
            MaxDelay = TimeSpan.FromMilliseconds(400),
            TotalTimeout = TimeSpan.FromSeconds(30),
        },
    };

    /// <summary>The simulator's API key, from its persisted credentials file.</summary>
    public static string ApiKey(SimulatorProcess sim)
    {
        var path = Path.Combine(sim.StateDirectory, "prism-credentials.json");
        var doc = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidOperationException($"{path} is empty");
        return (string?)doc["api_key"] ?? throw new InvalidOperationException($"{path} has no api_key");
    }
}
