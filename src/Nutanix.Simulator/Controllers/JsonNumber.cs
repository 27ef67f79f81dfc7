using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>Reads JSON numbers whatever CLR type backs the node (int, long, double, JsonElement from parsing).</summary>
internal static class JsonNumber
{
    public static long? Long(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<double>(out var d)) return (long)d;
        if (v.TryGetValue<decimal>(out var m)) return (long)m;
        if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var el)) return el;
        if (v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sl)) return sl;
        return null;
    }

    public static int? Int(JsonNode? node) => Long(node) is { } l ? (int)l : null;
}
