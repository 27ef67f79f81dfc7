namespace TestSupport.Simulator;

/// <summary>How <see cref="SimulatorProcess.StartAsync"/> starts nutanix-sim.</summary>
public sealed record SimulatorLaunchOptions
{
    /// <summary><c>--fast</c>: Prism tasks complete at once (default on for tests).</summary>
    public bool Fast { get; init; } = true;
    /// <summary><c>--bare</c>: Kubernetes API without preinstalled CAPI/CAPX objects.</summary>
    public bool Bare { get; init; }
    /// <summary>Inventory file (<c>--inventory</c>).</summary>
    public string? InventoryFile { get; init; }
    /// <summary>Inventory JSON text, written to a file in the temp dir and passed as <c>--inventory</c>.</summary>
    public string? InventoryJson { get; init; }
    /// <summary>Faults JSON (<c>{"prism":{...},"kube":{...}}</c>), written to a file and passed as <c>--faults</c>.</summary>
    public string? FaultsJson { get; init; }
    public string? PrismCentralVersion { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? CrdDirectory { get; init; }
    /// <summary>Use this state directory instead of a fresh temp one (it is then not deleted on dispose).</summary>
    public string? StateDirectory { get; init; }
    /// <summary>On <see cref="SimulatorProcess.RestartAsync"/>, listen on the same ports again (default) so clients keep their endpoints.</summary>
    public bool KeepPortsOnRestart { get; init; } = true;
    /// <summary>How long to wait for connection.json.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Further raw arguments.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
