namespace Nutanix.Simulator.Inventory;

/// <summary>A VM. <see cref="State"/> is <c>PENDING</c> while its create task runs, then <c>COMPLETE</c>.</summary>
public sealed record PrismVm(
    string Uuid,
    string Name,
    string Description,
    string ClusterUuid,
    string ClusterName,
    int NumSockets,
    int NumVcpusPerSocket,
    long MemorySizeMib,
    string PowerState,
    IReadOnlyList<PrismVmDisk> Disks,
    IReadOnlyList<PrismVmNic> Nics,
    IReadOnlyDictionary<string, string> Categories,
    string? ProjectUuid,
    string? UserDataBase64,
    string BootType,
    long SpecVersion,
    string CreateTaskUuid,
    DateTimeOffset CreationTime,
    DateTimeOffset LastUpdateTime);
