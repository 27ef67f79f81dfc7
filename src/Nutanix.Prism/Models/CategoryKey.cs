using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary>A category key (<c>POST /categories/list</c>, <c>GET /categories/{key}</c>).</summary>
public sealed record CategoryKey
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("system_defined")]
    public bool? SystemDefined { get; init; }
}

/// <summary>A category value (<c>POST /categories/{key}/list</c>, <c>GET /categories/{key}/{value}</c>).</summary>
public sealed record CategoryValue
{
    /// <summary>The category key this value belongs to.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("value")]
    public string Value { get; init; } = string.Empty;

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("system_defined")]
    public bool? SystemDefined { get; init; }
}
