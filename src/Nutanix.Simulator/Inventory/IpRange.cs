namespace Nutanix.Simulator.Inventory;

/// <summary>An IPv4 address range of a subnet's pool, as Prism writes it: <c>"first last"</c>.</summary>
public sealed record IpRange(uint First, uint Last)
{
    public string Text => $"{IpAddressText.Format(First)} {IpAddressText.Format(Last)}";
    public long Count => (long)Last - First + 1;
}
