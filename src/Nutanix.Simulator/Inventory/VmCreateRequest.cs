namespace Nutanix.Simulator.Inventory;

/// <summary>What <see cref="PrismInventory.CreateVm"/> needs. References are UUIDs (resolve names first with the Find methods).</summary>
public sealed record VmCreateRequest
{
    public required string Name { get; init; }
    public required string ClusterUuid { get; init; }
    public string Description { get; init; } = "";
    public int NumSockets { get; init; } = 1;
    public int NumVcpusPerSocket { get; init; } = 1;
    public long MemorySizeMib { get; init; } = 1024;
    /// <summary>Disks in order; a disk with an image UUID is a clone of that image.</summary>
    public IReadOnlyList<VmDiskRequest> Disks { get; init; } = [];
    /// <summary>NICs in order; each gets an address from its subnet's pool unless <see cref="VmNicRequest.IpAddress"/> is set.</summary>
    public IReadOnlyList<VmNicRequest> Nics { get; init; } = [];
    /// <summary>Category key → value; each pair must exist (see <see cref="PrismInventory.EnsureCategoryValue"/>).</summary>
    public IReadOnlyDictionary<string, string> Categories { get; init; } = new Dictionary<string, string>();
    public string? ProjectUuid { get; init; }
    /// <summary>cloud-init user data, base64 as in <c>guest_customization.cloud_init.user_data</c>.</summary>
    public string? UserDataBase64 { get; init; }
    public string PowerState { get; init; } = "ON";
    public string BootType { get; init; } = "LEGACY";
}
