using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>Reads numbers from JsonNodes whatever their backing CLR type (int, long, double, JsonElement).</summary>
internal static class JsonNumbers
{
    public static long? Int64(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? (long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : (long)Double(v)!.Value)
            : null;

    public static double? Double(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;
}
