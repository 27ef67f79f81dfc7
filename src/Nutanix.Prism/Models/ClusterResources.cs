using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary><c>status.resources</c> of a v3 cluster (a Prism Element, or the Prism Central itself).</summary>
public sealed record ClusterResources
{
    [JsonPropertyName("config")]
    public ClusterConfig? Config { get; init; }

    [JsonPropertyName("nodes")]
    public ClusterNodes? Nodes { get; init; }

    [JsonPropertyName("network")]
    public ClusterNetwork? Network { get; init; }
}

/// <summary><c>resources.config</c> of a cluster.</summary>
public sealed record ClusterConfig
{
    /// <summary><c>["AOS"]</c> for a Prism Element, <c>["PRISM_CENTRAL"]</c> for the Prism Central entity.</summary>
    [JsonPropertyName("service_list")]
    public IReadOnlyList<string>? ServiceList { get; init; }

    [JsonPropertyName("build")]
    public ClusterBuild? Build { get; init; }

    /// <summary>Installed software by name, e.g. <c>NOS</c> → version.</summary>
    [JsonPropertyName("software_map")]
    public IReadOnlyDictionary<string, ClusterSoftware>? SoftwareMap { get; init; }

    [JsonPropertyName("timezone")]
    public string? Timezone { get; init; }

    [JsonPropertyName("is_available")]
    public bool? IsAvailable { get; init; }
}

/// <summary><c>config.build</c>: the AOS build (the PC entity reports <c>pc</c>).</summary>
public sealed record ClusterBuild
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("full_version")]
    public string? FullVersion { get; init; }

    [JsonPropertyName("commit_id")]
    public string? CommitId { get; init; }
}

/// <summary>An entry of <c>config.software_map</c>.</summary>
public sealed record ClusterSoftware
{
    [JsonPropertyName("software_type")]
    public string? SoftwareType { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }
}

/// <summary><c>resources.nodes</c> of a cluster.</summary>
public sealed record ClusterNodes
{
    [JsonPropertyName("hypervisor_server_list")]
    public IReadOnlyList<HypervisorServer>? HypervisorServerList { get; init; }
}

/// <summary>One hypervisor host of a cluster.</summary>
public sealed record HypervisorServer
{
    [JsonPropertyName("ip")]
    public string? Ip { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }
}

/// <summary><c>resources.network</c> of a cluster.</summary>
public sealed record ClusterNetwork
{
    [JsonPropertyName("external_ip")]
    public string? ExternalIp { get; init; }

    [JsonPropertyName("external_data_services_ip")]
    public string? ExternalDataServicesIp { get; init; }

    [JsonPropertyName("name_server_ip_list")]
    public IReadOnlyList<string>? NameServerIpList { get; init; }

    [JsonPropertyName("ntp_server_ip_list")]
    public IReadOnlyList<string>? NtpServerIpList { get; init; }
}
