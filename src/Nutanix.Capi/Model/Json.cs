using System.Text.Json.Nodes;

namespace Nutanix.Capi.Model;

/// <summary>
/// The small typed readers of JSON values used across Nutanix.Capi: a string, an integer (also written as a whole
/// float), a boolean, or null when the node is missing or of another kind. The machinery's <see cref="JsonNumbers"/>
/// under the names this project reads best.
/// </summary>
public static class Json
{
    /// <summary>The string value; null for a missing node or one of another kind.</summary>
    public static string? Text(JsonNode? node) => JsonNumbers.GetString(node);

    /// <summary>The integer value (a float is truncated); null for a missing node or one of another kind.</summary>
    public static long? Int(JsonNode? node) => JsonNumbers.Int64(node);

    public static bool? Bool(JsonNode? node) => JsonNumbers.Bool(node);

    /// <summary>A string as written, or a number's JSON text (quantities may be either).</summary>
    public static string? TextOrNumber(JsonNode? node) => JsonNumbers.TextOrNumber(node);
}
