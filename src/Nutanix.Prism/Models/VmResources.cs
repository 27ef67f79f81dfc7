using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary><c>status.resources</c> of a v3 VM.</summary>
public sealed record VmResources
{
    /// <summary><c>ON</c> or <c>OFF</c> (other transitional values are passed through).</summary>
    [JsonPropertyName("power_state")]
    public string? PowerState { get; init; }

    [JsonPropertyName("num_sockets")]
    public int? NumSockets { get; init; }

    [JsonPropertyName("num_vcpus_per_socket")]
    public int? NumVcpusPerSocket { get; init; }

    [JsonPropertyName("memory_size_mib")]
    public long? MemorySizeMib { get; init; }

    [JsonPropertyName("hypervisor_type")]
    public string? HypervisorType { get; init; }

    [JsonPropertyName("nic_list")]
    public IReadOnlyList<VmNic>? NicList { get; init; }

    /// <summary>Every IP address of every NIC, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> IpAddresses =>
        NicList is null
            ? []
            : [.. NicList.SelectMany(n => n.IpEndpointList ?? []).Select(e => e.Ip).OfType<string>()];
}

/// <summary>A VM NIC.</summary>
public sealed record VmNic
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("mac_address")]
    public string? MacAddress { get; init; }

    [JsonPropertyName("nic_type")]
    public string? NicType { get; init; }

    [JsonPropertyName("subnet_reference")]
    public EntityReference? SubnetReference { get; init; }

    [JsonPropertyName("ip_endpoint_list")]
    public IReadOnlyList<VmIpEndpoint>? IpEndpointList { get; init; }
}

/// <summary>An IP learned or assigned on a NIC.</summary>
public sealed record VmIpEndpoint
{
    [JsonPropertyName("ip")]
    public string? Ip { get; init; }

    /// <summary><c>ASSIGNED</c> or <c>LEARNED</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }
}
