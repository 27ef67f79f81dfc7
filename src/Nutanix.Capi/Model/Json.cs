using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nutanix.Capi.Model;

/// <summary>
/// The small typed readers of JSON values used across Nutanix.Capi: a string, an integer (also written as a whole
/// float), a boolean, or null when the node is missing or of another kind.
/// </summary>
public static class Json
{
    /// <summary>The string value; null for a missing node or one of another kind.</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The integer value (a float is truncated); null for a missing node or one of another kind.</summary>
    public static long? Int(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return null;
        var text = v.ToJsonString();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : null;
    }

    public static bool? Bool(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValueKind() == JsonValueKind.True : null;

    /// <summary>A string as written, or a number's JSON text (quantities may be either).</summary>
    public static string? TextOrNumber(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };
}
