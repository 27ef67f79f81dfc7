using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary>A v3 reference to another entity: <c>{kind, uuid, name}</c>.</summary>
public sealed record EntityReference
{
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
