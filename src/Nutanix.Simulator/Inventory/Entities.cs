namespace Nutanix.Simulator.Inventory;

// Inventory entities. Immutable snapshots: PrismInventory replaces an entity instead of mutating it, so a caller
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

/// <summary>An IPv4 address range of a subnet's pool, as Prism writes it: <c>"first last"</c>.</summary>
public sealed record IpRange(uint First, uint Last)
{
    public string Text => $"{IpAddressText.Format(First)} {IpAddressText.Format(Last)}";
    public long Count => (long)Last - First + 1;
}

/// <summary>A VLAN subnet attached to one Prism Element cluster, with its IP address management pools.</summary>
public sealed record PrismSubnet(
    string Uuid,
    string Name,
    string ClusterUuid,
    string ClusterName,
    string SubnetType,
    int VlanId,
    string VswitchName,
    string SubnetIp,
    int PrefixLength,
    string DefaultGatewayIp,
    IReadOnlyList<IpRange> Pools,
    IReadOnlyList<string> DnsServers,
    DateTimeOffset CreationTime)
{
    public long PoolSize => Pools.Sum(p => p.Count);
}

/// <summary>A disk or ISO image.</summary>
public sealed record PrismImage(
    string Uuid,
    string Name,
    string Description,
    string ImageType,
    long SizeBytes,
    string SourceUri,
    string Architecture,
    IReadOnlyList<string> ClusterUuids,
    DateTimeOffset CreationTime);

/// <summary>A project (v3 <c>project</c> kind).</summary>
public sealed record PrismProject(
    string Uuid,
    string Name,
    string Description,
    IReadOnlyList<string> SubnetUuids,
    IReadOnlyList<string> ClusterUuids,
    DateTimeOffset CreationTime);

/// <summary>A category key and its values.</summary>
public sealed record PrismCategory(string Key, string Description, bool SystemDefined, IReadOnlyList<string> Values);

/// <summary>A VM disk: cloned from an image (<see cref="ImageUuid"/>) or empty.</summary>
public sealed record PrismVmDisk(string Uuid, string? ImageUuid, long SizeMib, string DeviceType = "DISK", string AdapterType = "SCSI", int DeviceIndex = 0);

/// <summary>A VM NIC on a subnet, with the address Prism's IPAM assigned (or the requested one).</summary>
public sealed record PrismVmNic(string Uuid, string SubnetUuid, string SubnetName, string MacAddress, string IpAddress);

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

/// <summary>
/// A Prism task. Its progress is a function of time (<see cref="StatusAt"/>): QUEUED, RUNNING, then SUCCEEDED
/// (or FAILED with <see cref="ErrorDetail"/>) once <see cref="CompletesAt"/> has passed.
/// </summary>
public sealed record PrismTask(
    string Uuid,
    string OperationType,
    string EntityKind,
    string EntityUuid,
    string EntityName,
    DateTimeOffset CreationTime,
    DateTimeOffset CompletesAt,
    string? ErrorDetail)
{
    public string StatusAt(DateTimeOffset now)
    {
        if (now >= CompletesAt) return ErrorDetail is null ? "SUCCEEDED" : "FAILED";
        var total = (CompletesAt - CreationTime).TotalMilliseconds;
        return (now - CreationTime).TotalMilliseconds < total / 4 ? "QUEUED" : "RUNNING";
    }

    public int PercentageAt(DateTimeOffset now)
    {
        if (now >= CompletesAt) return 100;
        var total = (CompletesAt - CreationTime).TotalMilliseconds;
        return total <= 0 ? 100 : (int)Math.Clamp((now - CreationTime).TotalMilliseconds * 100 / total, 0, 99);
    }
}
