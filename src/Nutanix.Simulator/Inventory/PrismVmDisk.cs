namespace Nutanix.Simulator.Inventory;

/// <summary>A VM disk: cloned from an image (<see cref="ImageUuid"/>) or empty.</summary>
public sealed record PrismVmDisk(string Uuid, string? ImageUuid, long SizeMib, string DeviceType = "DISK", string AdapterType = "SCSI", int DeviceIndex = 0);
