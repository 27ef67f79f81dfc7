using System.Text.Json.Nodes;
using TestSupport.Simulator;

namespace Nutanix.Simulator.Tests;

/// <summary>One shared simulator (default inventory plus 1200 generated subnets) for read-mostly API tests.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public const int GeneratedSubnets = 1200;

    private SimulatorProcess? _sim;

    public SimulatorProcess Sim => _sim ?? throw new InvalidOperationException("not started");

    public static string DefaultInventoryText() =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(SimulatorProcess.LocateBinary())!, "inventory", "default-inventory.json"));

    public static string InventoryWith(Action<JsonObject> change)
    {
        var root = (JsonObject)JsonNode.Parse(DefaultInventoryText())!;
        change(root);
        return root.ToJsonString();
    }

    public async Task InitializeAsync()
    {
        _sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions
        {
            InventoryJson = InventoryWith(r => r["generate"] = new JsonObject { ["subnets"] = GeneratedSubnets }),
        });
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null) await _sim.DisposeAsync();
    }
}
