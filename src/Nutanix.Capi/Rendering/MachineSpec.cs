namespace Nutanix.Capi.Rendering;

/// <summary>VM boot firmware (CAPX NutanixBootType).</summary>
public enum BootType
{
    Legacy,
    Uefi,
}

/// <summary>
/// The VM shape of a node pool, rendered into a NutanixMachineTemplate. Exactly one of <see cref="Image"/> and
/// <see cref="ImageLookup"/> must be set.
/// </summary>
public sealed record MachineSpec
{
    public required int VcpuSockets { get; init; }

    public required int VcpusPerSocket { get; init; }

    public required Quantity Memory { get; init; }

    public required Quantity SystemDiskSize { get; init; }

    /// <summary>Prism Element cluster that hosts the VMs.</summary>
    public required NutanixResourceIdentifier Cluster { get; init; }

    /// <summary>Subnets (first one is the primary NIC); at least one.</summary>
    public required IReadOnlyList<NutanixResourceIdentifier> Subnets { get; init; }

    public NutanixResourceIdentifier? Image { get; init; }

    public ImageLookup? ImageLookup { get; init; }

    public BootType BootType { get; init; } = BootType.Legacy;

    public NutanixResourceIdentifier? Project { get; init; }

    public IReadOnlyList<CategoryIdentifier> AdditionalCategories { get; init; } = [];

    public IReadOnlyList<DataDisk> DataDisks { get; init; } = [];

    public IReadOnlyList<GpuIdentifier> Gpus { get; init; } = [];
}

/// <summary>Image lookup by base OS (CAPX imageLookup); <see cref="Format"/> null keeps CAPX's default format.</summary>
public sealed record ImageLookup(string BaseOS, string? Format = null);

/// <summary>A Prism category key/value that must already exist.</summary>
public sealed record CategoryIdentifier(string Key, string Value);

/// <summary>A GPU by PCI device ID or by name.</summary>
public sealed record GpuIdentifier(long? DeviceId, string? Name)
{
    /// <summary>All-digit text is a device ID, anything else a name.</summary>
    public static GpuIdentifier Parse(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? new GpuIdentifier(id, null)
            : new GpuIdentifier(null, text);
}

/// <summary>An additional VM disk (CAPX NutanixMachineVMDisk).</summary>
public sealed record DataDisk
{
    public required Quantity Size { get; init; }

    /// <summary>Disk or CDRom.</summary>
    public string DeviceType { get; init; } = "Disk";

    /// <summary>SCSI, IDE, PCI, SATA or SPAPR.</summary>
    public string AdapterType { get; init; } = "SCSI";

    public int? DeviceIndex { get; init; }

    /// <summary>Standard or Flash (null: CAPX default).</summary>
    public string? DiskMode { get; init; }

    public NutanixResourceIdentifier? StorageContainer { get; init; }

    /// <summary>Image to clone the disk from.</summary>
    public NutanixResourceIdentifier? DataSource { get; init; }
}
