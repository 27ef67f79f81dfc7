using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary>The <c>metadata</c> block of a v3 entity.</summary>
public sealed record EntityMetadata
{
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("spec_version")]
    public long? SpecVersion { get; init; }

    /// <summary>Category assignments, key → value.</summary>
    [JsonPropertyName("categories")]
    public IReadOnlyDictionary<string, string>? Categories { get; init; }

    /// <summary>Category assignments allowing several values per key.</summary>
    [JsonPropertyName("categories_mapping")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? CategoriesMapping { get; init; }

    [JsonPropertyName("project_reference")]
    public EntityReference? ProjectReference { get; init; }

    [JsonPropertyName("owner_reference")]
    public EntityReference? OwnerReference { get; init; }

    [JsonPropertyName("creation_time")]
    public string? CreationTime { get; init; }

    [JsonPropertyName("last_update_time")]
    public string? LastUpdateTime { get; init; }
}
