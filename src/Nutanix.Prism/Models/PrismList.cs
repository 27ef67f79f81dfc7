using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary>A page returned by a v3 <c>POST /{kind}/list</c> call.</summary>
public sealed record PrismList<TEntity>
{
    [JsonPropertyName("api_version")]
    public string? ApiVersion { get; init; }

    [JsonPropertyName("metadata")]
    public ListMetadata Metadata { get; init; } = new();

    [JsonPropertyName("entities")]
    public IReadOnlyList<TEntity>? Entities { get; init; }
}

/// <summary>The <c>metadata</c> of a list response (and of a list request).</summary>
public sealed record ListMetadata
{
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("total_matches")]
    public int? TotalMatches { get; init; }

    [JsonPropertyName("offset")]
    public int? Offset { get; init; }

    [JsonPropertyName("length")]
    public int? Length { get; init; }

    [JsonPropertyName("filter")]
    public string? Filter { get; init; }
}

/// <summary>The body of a v3 <c>POST /{kind}/list</c> call (DSMetadata).</summary>
public sealed record ListRequest
{
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("offset")]
    public int Offset { get; init; }

    [JsonPropertyName("length")]
    public int Length { get; init; }

    /// <summary>Optional FIQL filter, e.g. <c>name==foo</c>.</summary>
    [JsonPropertyName("filter")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Filter { get; init; }
}
