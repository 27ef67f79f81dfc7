using System.Globalization;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Renders objects as a meta.k8s.io/v1 <c>Table</c> (what kubectl asks for with <c>as=Table</c>): a Name column,
/// then the CRD's additionalPrinterColumns (or Age for built-ins). Supports the JSONPath forms the CAPI/CAPX CRDs
/// use: <c>.a.b</c>, <c>[0]</c>, <c>['dotted\.key']</c> and <c>[?(@.type=="Ready")]</c> filters.
/// </summary>
internal static class TableConverter
{
    public static JsonObject Convert(ResourceType type, string version, IEnumerable<JsonObject> objects, string resourceVersion, bool includeFullObject, DateTimeOffset now)
    {
        var columns = type.FindVersion(version)?.PrinterColumns is { Count: > 0 } pc
            ? pc
            : [new PrinterColumn("Age", "date", ".metadata.creationTimestamp", 0, "CreationTimestamp is a timestamp representing the server time when this object was created.")];
        var defs = new JsonArray
        {
            (JsonNode)new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "Name must be unique within a namespace.", ["priority"] = 0 },
        };
        foreach (var c in columns)
        {
            defs.Add((JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type, ["format"] = "", ["description"] = c.Description, ["priority"] = c.Priority });
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray { (JsonNode?)JsonValue.Create((string?)obj["metadata"]?["name"]) };
            foreach (var c in columns)
            {
                var values = JsonPath(obj, c.JsonPath);
                cells.Add(Cell(c.Type, values, now));
            }

            var meta = obj["metadata"]!.DeepClone();
            JsonNode rowObject = includeFullObject
                ? obj.DeepClone()
                : new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = meta };
            rows.Add((JsonNode)new JsonObject { ["cells"] = cells, ["object"] = rowObject });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = defs,
            ["rows"] = rows,
        };
    }

    private static JsonNode? Cell(string type, List<JsonNode?> values, DateTimeOffset now)
    {
        if (values.Count == 0 || values[0] is null) return null;
        if (type == "date")
        {
            return DateTimeOffset.TryParse(values[0]!.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? HumanDuration(now - t)
                : "<invalid>";
        }

        if (values.Count == 1 && values[0] is JsonValue v) return v.DeepClone();
        return string.Join(",", values.Select(x => x is JsonValue jv ? jv.ToString() : x?.ToJsonString()));
    }

    /// <summary>kubectl-style short duration: 45s, 5m10s, 52m, 3h10m, 20h, 3d4h, 40d.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)Math.Max(0, d.TotalSeconds);
        if (seconds < 120) return $"{seconds}s";
        var minutes = seconds / 60;
        if (minutes < 10) return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        if (minutes < 180) return $"{minutes}m";
        var hours = minutes / 60;
        if (hours < 8) return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        if (hours < 48) return $"{hours}h";
        var days = hours / 24;
        if (days < 8) return hours % 24 == 0 ? $"{days}d" : $"{days}d{hours % 24}h";
        return $"{days}d";
    }

    /// <summary>Evaluates the printer-column JSONPath subset; returns every match.</summary>
    public static List<JsonNode?> JsonPath(JsonNode root, string path)
    {
        var current = new List<JsonNode?> { root };
        var i = 0;
        while (i < path.Length && current.Count > 0)
        {
            if (path[i] == '.')
            {
                var start = ++i;
                while (i < path.Length && path[i] != '.' && path[i] != '[') i++;
                var name = path[start..i];
                if (name.Length == 0) continue;
                current = current.Select(n => n is JsonObject o ? o[name] : null).Where(n => n is not null).ToList();
            }
            else if (path[i] == '[')
            {
                var end = FindClose(path, i);
                var inner = path[(i + 1)..end];
                i = end + 1;
                if (inner.StartsWith("?(", StringComparison.Ordinal))
                {
                    current = current.SelectMany(Filter(inner[2..^1])).ToList();
                }
                else if (inner.StartsWith('\''))
                {
                    var key = inner.Trim('\'').Replace("\\.", ".");
                    current = current.Select(n => n is JsonObject o ? o[key] : null).Where(n => n is not null).ToList();
                }
                else if (inner == "*")
                {
                    current = current.SelectMany(n => n is JsonArray a ? a.ToList() : []).ToList();
                }
                else if (int.TryParse(inner, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
                {
                    current = current.Select(n => n is JsonArray a && index < a.Count ? a[index] : null).Where(n => n is not null).ToList();
                }
                else
                {
                    return [];
                }
            }
            else
            {
                return [];
            }
        }

        return current;
    }

    private static int FindClose(string path, int open)
    {
        var inQuote = false;
        for (var j = open + 1; j < path.Length; j++)
        {
            if (path[j] is '"' or '\'') inQuote = !inQuote;
            else if (path[j] == ']' && !inQuote) return j;
        }

        return path.Length - 1;
    }

    private static Func<JsonNode?, IEnumerable<JsonNode?>> Filter(string expression)
    {
        // @.field=="value"
        var eq = expression.IndexOf("==", StringComparison.Ordinal);
        if (eq < 0 || !expression.StartsWith("@.", StringComparison.Ordinal)) return _ => [];
        var field = expression[2..eq].Trim();
        var value = expression[(eq + 2)..].Trim().Trim('"', '\'');
        return n => n is JsonArray a
            ? a.Where(e => e is JsonObject o && o[field] is JsonValue v && v.ToString() == value)
            : [];
    }
}
