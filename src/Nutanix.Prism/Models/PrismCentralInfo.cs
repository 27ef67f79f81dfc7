using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary><c>GET /prism_central</c>: <c>{"resources":{"type":"PC","version":"pc.2024.1.0.1",…}}</c>.</summary>
public sealed record PrismCentralInfo
{
    [JsonPropertyName("resources")]
    public PrismCentralResources? Resources { get; init; }
}

/// <summary>The <c>resources</c> of <c>GET /prism_central</c>.</summary>
public sealed record PrismCentralResources
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>e.g. <c>pc.2024.1.0.1</c> or <c>pc.7.3</c>.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("virtual_ip")]
    public string? VirtualIp { get; init; }
}
