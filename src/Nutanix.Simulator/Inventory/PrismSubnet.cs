namespace Nutanix.Simulator.Inventory;

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
