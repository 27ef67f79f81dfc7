namespace Nutanix.Simulator.Inventory;

/// <summary>A project (v3 <c>project</c> kind).</summary>
public sealed record PrismProject(
    string Uuid,
    string Name,
    string Description,
    IReadOnlyList<string> SubnetUuids,
    IReadOnlyList<string> ClusterUuids,
    DateTimeOffset CreationTime);
