using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary>
/// A Prism Central v3 entity in its intent/status envelope: <c>{metadata, spec, status}</c>.
/// <typeparamref name="TResources"/> is the kind-specific <c>resources</c> object (clusters, subnets, images …).
/// Unknown JSON fields are ignored.
/// </summary>
public sealed record PrismEntity<TResources>
    where TResources : class
{
    [JsonPropertyName("metadata")]
    public EntityMetadata Metadata { get; init; } = new();

    [JsonPropertyName("spec")]
    public EntitySpec<TResources>? Spec { get; init; }

    [JsonPropertyName("status")]
    public EntityStatus<TResources>? Status { get; init; }

    /// <summary>The entity uuid (<c>metadata.uuid</c>), empty when the server sent none.</summary>
    [JsonIgnore]
    public string Uuid => Metadata.Uuid ?? string.Empty;

    /// <summary>The observed name (<c>status.name</c>), falling back to the intended name (<c>spec.name</c>).</summary>
    [JsonIgnore]
    public string Name => Status?.Name ?? Spec?.Name ?? Metadata.Name ?? string.Empty;

    /// <summary>The observed resources (<c>status.resources</c>), falling back to <c>spec.resources</c>.</summary>
    [JsonIgnore]
    public TResources? Resources => Status?.Resources ?? Spec?.Resources;

    /// <summary>The cluster (Prism Element) the entity lives on, if it has one.</summary>
    [JsonIgnore]
    public EntityReference? ClusterReference => Status?.ClusterReference ?? Spec?.ClusterReference;
}

/// <summary>The <c>spec</c> (intended state) of a v3 entity.</summary>
public sealed record EntitySpec<TResources>
    where TResources : class
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("cluster_reference")]
    public EntityReference? ClusterReference { get; init; }

    [JsonPropertyName("resources")]
    public TResources? Resources { get; init; }
}

/// <summary>The <c>status</c> (observed state) of a v3 entity.</summary>
public sealed record EntityStatus<TResources>
    where TResources : class
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Entity state, e.g. <c>COMPLETE</c>, <c>PENDING</c>, <c>ERROR</c>.</summary>
    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("cluster_reference")]
    public EntityReference? ClusterReference { get; init; }

    [JsonPropertyName("resources")]
    public TResources? Resources { get; init; }

    [JsonPropertyName("message_list")]
    public IReadOnlyList<PrismMessage>? MessageList { get; init; }
}
