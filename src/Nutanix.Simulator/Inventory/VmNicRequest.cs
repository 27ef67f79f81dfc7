namespace Nutanix.Simulator.Inventory;

/// <summary>A NIC on <see cref="SubnetUuid"/>; <see cref="IpAddress"/> requests a specific address.</summary>
public sealed record VmNicRequest(string SubnetUuid, string? IpAddress = null);
