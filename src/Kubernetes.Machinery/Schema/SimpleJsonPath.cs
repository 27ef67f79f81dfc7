using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubernetes.Machinery.Schema;

/// <summary>
/// The JSONPath subset used by CRD additionalPrinterColumns: <c>.a.b</c>, <c>['escaped\.key']</c>, <c>[n]</c>,
/// <c>[*]</c> and filters <c>[?(@.field=="value")]</c> (also <c>!=</c>). Evaluation returns every match in order.
/// </summary>
public static class SimpleJsonPath
{
    /// <summary>Evaluates <paramref name="path"/> (with or without surrounding <c>{}</c>) against <paramref name="root"/>.</summary>
    public static IReadOnlyList<JsonNode?> Evaluate(JsonNode? root, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = path.Trim();
        if (p.StartsWith('{') && p.EndsWith('}'))
        {
            p = p[1..^1];
        }

        if (p.StartsWith('$'))
        {
            p = p[1..];
        }

        IEnumerable<JsonNode?> current = [root];
        var i = 0;
        while (i < p.Length)
        {
            if (p[i] == '.')
            {
                i++;
                var start = i;
                while (i < p.Length && p[i] != '.' && p[i] != '[')
                {
                    i++;
                }

                var name = p[start..i];
                current = current.Select(n => n is JsonObject o && o.TryGetPropertyValue(name, out var v) ? (true, v) : (false, null))
                    .Where(t => t.Item1).Select(t => t.Item2).ToList();
            }
            else if (p[i] == '[')
            {
                var end = FindClose(p, i);
                var inner = p[(i + 1)..end].Trim();
                i = end + 1;
                current = Step(current, inner).ToList();
            }
            else
            {
                throw new FormatException($"unsupported JSONPath '{path}'");
            }
        }

        return current.ToList();
    }

    /// <summary>
    /// The Table cell the API server produces for a printer column: the first match, converted by column type
    /// (integer/number/boolean/date/string); null when nothing matches or the type does not fit.
    /// </summary>
    public static JsonNode? PrinterCell(JsonNode? obj, CrdPrinterColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var results = Evaluate(obj, column.JsonPath);
        if (results.Count == 0 || results[0] is null)
        {
            return null;
        }

        var value = results[0]!;
        switch (column.Type)
        {
            case "integer":
                return JsonNumbers.TryGetLong(value, out var l) ? JsonValue.Create(l) : null;
            case "number":
                return JsonNumbers.TryGetDouble(value, out var d) ? JsonValue.Create(d) : null;
            case "boolean":
                return value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.DeepClone() : null;
            case "date":
                return JsonNumbers.GetString(value) is { } s ? JsonValue.Create(s) : null;
            default:
                return JsonValue.Create(JsonNumbers.GetString(value) ?? value.ToJsonString());
        }
    }

    private static IEnumerable<JsonNode?> Step(IEnumerable<JsonNode?> current, string inner)
    {
        foreach (var node in current)
        {
            if (inner == "*")
            {
                switch (node)
                {
                    case JsonArray a:
                        foreach (var item in a)
                        {
                            yield return item;
                        }

                        break;
                    case JsonObject o:
                        foreach (var (_, v) in o)
                        {
                            yield return v;
                        }

                        break;
                }
            }
            else if (inner.StartsWith('\'') || inner.StartsWith('"'))
            {
                var key = Unescape(inner[1..^1]);
                if (node is JsonObject o && o.TryGetPropertyValue(key, out var v))
                {
                    yield return v;
                }
            }
            else if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
            {
                if (node is not JsonArray a)
                {
                    continue;
                }

                var (field, negate, expected) = ParseFilter(inner[2..^1]);
                foreach (var item in a)
                {
                    var actual = Evaluate(item, field).FirstOrDefault();
                    var equal = actual is not null && (JsonNumbers.GetString(actual) ?? actual.ToJsonString()) == expected;
                    if (equal != negate)
                    {
                        yield return item;
                    }
                }
            }
            else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
            {
                if (node is JsonArray a)
                {
                    var at = index < 0 ? a.Count + index : index;
                    if (at >= 0 && at < a.Count)
                    {
                        yield return a[at];
                    }
                }
            }
            else
            {
                throw new FormatException($"unsupported JSONPath subscript '[{inner}]'");
            }
        }
    }

    private static (string Field, bool Negate, string Expected) ParseFilter(string filter)
    {
        var op = filter.Contains("!=", StringComparison.Ordinal) ? "!=" : "==";
        var parts = filter.Split(op, 2);
        if (parts.Length != 2 || !parts[0].Trim().StartsWith('@'))
        {
            throw new FormatException($"unsupported JSONPath filter '{filter}'");
        }

        var expected = parts[1].Trim();
        if (expected.Length >= 2 && (expected[0] is '"' or '\'') && expected[^1] == expected[0])
        {
            expected = expected[1..^1];
        }

        return (parts[0].Trim()[1..], op == "!=", expected);
    }

    private static int FindClose(string p, int open)
    {
        var quote = '\0';
        var depth = 0;
        for (var i = open; i < p.Length; i++)
        {
            var c = p[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '[' or '(')
            {
                depth++;
            }
            else if (c is ']' or ')')
            {
                depth--;
                if (depth == 0 && c == ']')
                {
                    return i;
                }
            }
        }

        throw new FormatException($"unterminated subscript in JSONPath '{p}'");
    }

    private static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }

            sb.Append(s[i]);
        }

        return sb.ToString();
    }
}
