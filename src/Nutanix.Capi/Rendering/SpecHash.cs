using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nutanix.Capi.Rendering;

/// <summary>
/// Names templates after their content: eight hex characters of the SHA-256 of the value's canonical (key-sorted)
/// JSON. A changed machine or bootstrap spec gets a new template name, which makes CAPI roll the machines.
/// </summary>
public static class SpecHash
{
    /// <summary>Eight hex characters of the SHA-256 of the typed value's canonical JSON (as it is written: null fields left out).</summary>
    public static string Of<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class => Of(Model.CapiJson.ToNode(value, type));

    /// <summary>Eight hex characters of the SHA-256 of the value's canonical JSON.</summary>
    public static string Of(JsonNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var canonical = Canonical(value);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(hash)[..8];
    }

    // A fixed canonical form (sorted keys, minimal escaping done here rather than by an encoder whose defaults could
    // change between runtime versions): the hash names templates, so it must never drift or machines would roll.
    private static string Canonical(JsonNode? node)
    {
        var sb = new StringBuilder();
        AppendCanonical(sb, node);
        return sb.ToString();
    }

    private static void AppendCanonical(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    AppendString(sb, key);
                    sb.Append(':');
                    AppendCanonical(sb, value);
                }

                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    AppendCanonical(sb, a[i]);
                }

                sb.Append(']');
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                AppendString(sb, v.GetValue<string>());
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
