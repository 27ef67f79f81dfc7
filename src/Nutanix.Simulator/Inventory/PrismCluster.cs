namespace Nutanix.Simulator.Inventory;

// Inventory entities are immutable snapshots: PrismInventory replaces an entity instead of mutating it, so a caller
// may keep and read any object it got back without locking.

/// <summary>A Prism Element cluster, or the Prism Central itself (<see cref="IsPrismCentral"/>).</summary>
public sealed record PrismCluster(
    string Uuid,
    string Name,
    bool IsPrismCentral,
    string Version,
    string ExternalIp,
    int NodeCount,
    string Hypervisor,
    DateTimeOffset CreationTime);
