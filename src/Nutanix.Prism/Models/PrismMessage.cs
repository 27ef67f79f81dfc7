using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary>One entry of a v3 <c>message_list</c>: <c>{message, reason, details}</c>.</summary>
public sealed record PrismMessage
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>Machine-readable reason, e.g. <c>ENTITY_NOT_FOUND</c>, <c>INVALID_REQUEST</c>.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Free-form details, kept as raw JSON.</summary>
    [JsonPropertyName("details")]
    public JsonElement? Details { get; init; }
}
