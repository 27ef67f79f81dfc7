namespace Nutanix.Simulator.Inventory;

/// <summary>
/// Raised by <see cref="PrismInventory.Changed"/> after a change is stored: <see cref="Action"/> is
/// <c>created</c>, <c>updated</c> or <c>deleted</c>; <see cref="Kind"/> is <c>vm</c> or <c>category</c>;
/// <see cref="Id"/> is the VM UUID or the category key.
/// </summary>
public sealed record InventoryChange(string Kind, string Action, string Id, string Name);
