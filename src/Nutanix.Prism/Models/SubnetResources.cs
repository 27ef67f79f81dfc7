using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary><c>status.resources</c> of a v3 subnet.</summary>
public sealed record SubnetResources
{
    /// <summary><c>VLAN</c> or <c>OVERLAY</c>.</summary>
    [JsonPropertyName("subnet_type")]
    public string? SubnetType { get; init; }

    [JsonPropertyName("vlan_id")]
    public int? VlanId { get; init; }

    [JsonPropertyName("vswitch_name")]
    public string? VswitchName { get; init; }

    [JsonPropertyName("virtual_switch_uuid")]
    public string? VirtualSwitchUuid { get; init; }

    [JsonPropertyName("vpc_reference")]
    public EntityReference? VpcReference { get; init; }

    [JsonPropertyName("ip_config")]
    public SubnetIpConfig? IpConfig { get; init; }
}

/// <summary><c>resources.ip_config</c> of a subnet (IPAM).</summary>
public sealed record SubnetIpConfig
{
    [JsonPropertyName("subnet_ip")]
    public string? SubnetIp { get; init; }

    [JsonPropertyName("prefix_length")]
    public int? PrefixLength { get; init; }

    [JsonPropertyName("default_gateway_ip")]
    public string? DefaultGatewayIp { get; init; }

    [JsonPropertyName("pool_list")]
    public IReadOnlyList<SubnetIpPool>? PoolList { get; init; }

    [JsonPropertyName("dhcp_options")]
    public SubnetDhcpOptions? DhcpOptions { get; init; }

    [JsonPropertyName("dhcp_server_address")]
    public IpAddressValue? DhcpServerAddress { get; init; }
}

/// <summary>An IPAM pool: <c>{"range":"10.0.0.10 10.0.0.99"}</c>.</summary>
public sealed record SubnetIpPool
{
    [JsonPropertyName("range")]
    public string? Range { get; init; }
}

/// <summary><c>ip_config.dhcp_options</c>.</summary>
public sealed record SubnetDhcpOptions
{
    [JsonPropertyName("domain_name_server_list")]
    public IReadOnlyList<string>? DomainNameServerList { get; init; }

    [JsonPropertyName("domain_search_list")]
    public IReadOnlyList<string>? DomainSearchList { get; init; }

    [JsonPropertyName("domain_name")]
    public string? DomainName { get; init; }
}

/// <summary>An <c>{"ip": "…"}</c> value.</summary>
public sealed record IpAddressValue
{
    [JsonPropertyName("ip")]
    public string? Ip { get; init; }
}
