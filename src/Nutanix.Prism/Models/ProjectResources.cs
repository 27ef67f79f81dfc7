using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary><c>status.resources</c> of a v3 project.</summary>
public sealed record ProjectResources
{
    [JsonPropertyName("is_default")]
    public bool? IsDefault { get; init; }

    [JsonPropertyName("default_subnet_reference")]
    public EntityReference? DefaultSubnetReference { get; init; }

    [JsonPropertyName("subnet_reference_list")]
    public IReadOnlyList<EntityReference>? SubnetReferenceList { get; init; }

    [JsonPropertyName("external_network_list")]
    public IReadOnlyList<EntityReference>? ExternalNetworkList { get; init; }

    [JsonPropertyName("cluster_reference_list")]
    public IReadOnlyList<EntityReference>? ClusterReferenceList { get; init; }
}
