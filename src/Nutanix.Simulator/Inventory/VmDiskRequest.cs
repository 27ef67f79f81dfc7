namespace Nutanix.Simulator.Inventory;

/// <summary>A disk to create: an image clone (<see cref="ImageUuid"/>) or an empty disk of <see cref="SizeMib"/>.</summary>
public sealed record VmDiskRequest(string? ImageUuid, long SizeMib, string DeviceType = "DISK");
