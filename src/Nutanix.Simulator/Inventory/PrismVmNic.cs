namespace Nutanix.Simulator.Inventory;

/// <summary>A VM NIC on a subnet, with the address Prism's IPAM assigned (or the requested one).</summary>
public sealed record PrismVmNic(string Uuid, string SubnetUuid, string SubnetName, string MacAddress, string IpAddress);
