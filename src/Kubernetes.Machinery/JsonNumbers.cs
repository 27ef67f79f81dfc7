using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubernetes.Machinery;

/// <summary>
/// Reads numbers (and strings) from JSON nodes whatever CLR type backs them (int, long, double, decimal, or a
/// JsonElement from parsing), and names JSON types the way a structural schema does.
/// </summary>
public static class JsonNumbers
{
    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        return IsNumber(node) && double.TryParse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>True when the number has no fractional part (1, 1.0, 1e3).</summary>
    public static bool IsInteger(JsonNode? node)
    {
        if (!IsNumber(node))
        {
            return false;
        }

        var text = node!.ToJsonString();
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Floor(d) == d && double.IsFinite(d);
    }

    public static bool TryGetLong(JsonNode? node, out long value)
    {
        value = 0;
        if (!IsNumber(node))
        {
            return false;
        }

        var text = node!.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Floor(d) == d && d >= long.MinValue && d <= long.MaxValue)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <summary>The number as an integer (a fraction truncated); null when the node is not a number.</summary>
    public static long? Int64(JsonNode? node) =>
        !IsNumber(node) ? null
        : long.TryParse(node!.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l
        : (long)Double(node)!.Value;

    /// <summary>The number as a double; null when the node is not a number.</summary>
    public static double? Double(JsonNode? node) =>
        IsNumber(node) ? double.Parse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// A count or size the way the simulated controllers read one: a number (a fraction truncated) or a string of
    /// digits; null when absent or neither.
    /// </summary>
    public static long? Long(JsonNode? node) =>
        Int64(node) ?? (GetString(node) is { } s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null);

    /// <summary><see cref="Long"/> narrowed to an int.</summary>
    public static int? Int(JsonNode? node) => Long(node) is { } l ? (int)l : null;

    /// <summary>The string value; null when the node is not a JSON string.</summary>
    public static string? GetString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The boolean value; null when the node is not a JSON boolean.</summary>
    public static bool? Bool(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValueKind() == JsonValueKind.True : null;

    /// <summary>A string as written, or a number's JSON text (quantities may be either); null otherwise.</summary>
    public static string? TextOrNumber(JsonNode? node) => IsNumber(node) ? node!.ToJsonString() : GetString(node);

    /// <summary>The JSON schema type name of a value ("object", "array", "string", "integer", "number", "boolean", "null").</summary>
    public static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>Formats a double like Go's %v (no trailing .0 for integral values).</summary>
    public static string Format(double d) =>
        Math.Floor(d) == d && Math.Abs(d) < 1e15 ? ((long)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);
}
