namespace Nutanix.Simulator.Inventory;

/// <summary>A category key and its values.</summary>
public sealed record PrismCategory(string Key, string Description, bool SystemDefined, IReadOnlyList<string> Values);
