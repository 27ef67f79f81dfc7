namespace Nutanix.Simulator.Inventory;

/// <summary>
/// A subnet with its IP address management pools: a <c>VLAN</c> subnet attached to one Prism Element cluster, or an
/// <c>OVERLAY</c> subnet of a VPC (<see cref="VpcUuid"/>), which has no cluster (real v3 answers carry no
/// <c>cluster_reference</c> for it) and serves every Prism Element.
/// </summary>
public sealed record PrismSubnet(
    string Uuid,
    string Name,
    string? ClusterUuid,
    string? ClusterName,
    string SubnetType,
    int VlanId,
    string VswitchName,
    string SubnetIp,
    int PrefixLength,
    string DefaultGatewayIp,
    IReadOnlyList<IpRange> Pools,
    IReadOnlyList<string> DnsServers,
    DateTimeOffset CreationTime,
    string? VpcUuid = null,
    string? VpcName = null)
{
    public const string Overlay = "OVERLAY";

    public bool IsOverlay => SubnetType == Overlay;

    /// <summary>Whether VMs on Prism Element <paramref name="clusterUuid"/> can use it: its own VLAN subnets, every overlay subnet.</summary>
    public bool IsUsableFrom(string clusterUuid) => IsOverlay || string.Equals(ClusterUuid, clusterUuid, StringComparison.OrdinalIgnoreCase);

    public long PoolSize => Pools.Sum(p => p.Count);
}
