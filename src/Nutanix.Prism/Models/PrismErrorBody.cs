using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary>
/// The v3 error body: <c>{"api_version","code","kind":"error","state":"ERROR","message_list":[…]}</c>;
/// some kinds nest <c>state</c>/<c>message_list</c> under <c>status</c>.
/// </summary>
public sealed record PrismErrorBody
{
    [JsonPropertyName("api_version")]
    public string? ApiVersion { get; init; }

    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("message_list")]
    public IReadOnlyList<PrismMessage>? MessageList { get; init; }

    [JsonPropertyName("status")]
    public PrismErrorStatus? Status { get; init; }

    /// <summary>The messages, whether top-level or nested under <c>status</c>.</summary>
    [JsonIgnore]
    public IReadOnlyList<PrismMessage> Messages => MessageList is { Count: > 0 } ? MessageList : Status?.MessageList ?? [];
}

/// <summary>The nested <c>status</c> of an error body.</summary>
public sealed record PrismErrorStatus
{
    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("message_list")]
    public IReadOnlyList<PrismMessage>? MessageList { get; init; }
}
