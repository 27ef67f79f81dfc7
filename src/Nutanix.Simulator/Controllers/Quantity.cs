using System.Globalization;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>Kubernetes resource quantities ("4Gi", "40G", "2048Mi", "1.5Ti", "1073741824") as bytes.</summary>
internal static class Quantity
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024), ("Pi", 1024m * 1024 * 1024 * 1024 * 1024),
        ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m), ("P", 1e15m),
    ];

    /// <summary>Bytes of a quantity node (string or number); null when absent or unparsable.</summary>
    public static long? Bytes(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        if (!v.TryGetValue<string>(out _) && JsonNumber.Long(v) is { } n) return n;
        if (!v.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        foreach (var (suffix, factor) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && decimal.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return (long)(d * factor);
            }
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? (long)plain : null;
    }

    public static long Mib(long bytes) => bytes / (1024 * 1024);
}
