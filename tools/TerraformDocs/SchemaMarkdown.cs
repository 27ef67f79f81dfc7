using System.Text;
using System.Text.Json.Nodes;

namespace TerraformDocs;

/// <summary>
/// Renders one schema block of <c>terraform providers schema -json</c> as the Registry's "Schema" section:
/// Required / Optional / Read-Only lists, then one "Nested Schema for `path`" section per nested object, with
/// anchors so the parent entries link to them.
/// </summary>
internal static class SchemaMarkdown
{
    public static void Write(StringBuilder md, JsonObject block)
    {
        var pending = new List<(string Path, string Anchor, JsonObject Block)>();
        WriteBlock(md, block, parentPath: null, pending);
        for (var i = 0; i < pending.Count; i++)
        {
            var (path, anchor, nested) = pending[i];
            md.Append('\n').Append("<a id=\"").Append(anchor).Append("\"></a>\n");
            md.Append("### Nested Schema for `").Append(path).Append("`\n");
            WriteBlock(md, nested, path, pending);
        }
    }

    private static void WriteBlock(StringBuilder md, JsonObject block, string? parentPath, List<(string, string, JsonObject)> pending)
    {
        var entries = new List<Entry>();
        if (block["attributes"] is JsonObject attributes)
        {
            foreach (var (name, node) in attributes)
            {
                if (node is JsonObject a) entries.Add(Entry.FromAttribute(name, a));
            }
        }

        if (block["block_types"] is JsonObject blockTypes)
        {
            foreach (var (name, node) in blockTypes)
            {
                if (node is JsonObject b) entries.Add(Entry.FromBlock(name, b));
            }
        }

        entries.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        foreach (var (title, group) in new[] { ("Required", Group.Required), ("Optional", Group.Optional), ("Read-Only", Group.ReadOnly) })
        {
            var inGroup = entries.Where(e => e.Group == group).ToList();
            if (inGroup.Count == 0) continue;
            md.Append('\n').Append("### ").Append(title).Append("\n\n");
            foreach (var e in inGroup)
            {
                var path = parentPath is null ? e.Name : parentPath + "." + e.Name;
                md.Append("- `").Append(e.Name).Append("` (").Append(e.TypeLabel);
                foreach (var flag in e.Flags) md.Append(", ").Append(flag);
                md.Append(')');
                if (e.Deprecated) md.Append(" **Deprecated**");
                if (e.Description.Length > 0) md.Append(' ').Append(OneParagraph(e.Description));
                if (e.Nested is not null)
                {
                    var anchor = (e.IsBlock ? "nestedblock--" : "nestedatt--") + path.Replace('.', '-');
                    md.Append(" (see [below for nested schema](#").Append(anchor).Append("))");
                    pending.Add((path, anchor, e.Nested));
                }

                md.Append('\n');
            }
        }
    }

    /// <summary>Keeps a multi-line description inside its list item.</summary>
    private static string OneParagraph(string text) => text.Trim().ReplaceLineEndings("\n  ");

    private enum Group
    {
        Required,
        Optional,
        ReadOnly,
    }

    private sealed record Entry(string Name, string TypeLabel, Group Group, IReadOnlyList<string> Flags, bool Deprecated, string Description, JsonObject? Nested, bool IsBlock)
    {
        public static Entry FromAttribute(string name, JsonObject a)
        {
            var required = (bool?)a["required"] ?? false;
            var optional = (bool?)a["optional"] ?? false;
            var group = required ? Group.Required : optional ? Group.Optional : Group.ReadOnly;
            var flags = new List<string>();
            if ((bool?)a["sensitive"] ?? false) flags.Add("Sensitive");
            if ((bool?)a["write_only"] ?? false) flags.Add("Write-only");
            string label;
            JsonObject? nested = null;
            if (a["nested_type"] is JsonObject nestedType)
            {
                label = ((string?)nestedType["nesting_mode"]) switch
                {
                    "list" => "Attributes List",
                    "set" => "Attributes Set",
                    "map" => "Attributes Map",
                    _ => "Attributes",
                };
                nested = nestedType;
            }
            else
            {
                label = TypeLabelOf(a["type"]);
            }

            return new Entry(name, label, group, flags, (bool?)a["deprecated"] ?? false, (string?)a["description"] ?? "", nested, IsBlock: false);
        }

        public static Entry FromBlock(string name, JsonObject b)
        {
            var min = (int?)b["min_items"] ?? 0;
            var max = (int?)b["max_items"] ?? 0;
            var mode = (string?)b["nesting_mode"] ?? "single";
            var label = mode switch
            {
                "list" => "Block List",
                "set" => "Block Set",
                "map" => "Block Map",
                _ => "Block",
            };
            if (min > 0) label += $", Min: {min}";
            if (max > 0) label += $", Max: {max}";
            var block = b["block"] as JsonObject ?? new JsonObject();
            var group = min > 0 ? Group.Required : Group.Optional;
            return new Entry(name, label, group, [], (bool?)block["deprecated"] ?? false, (string?)block["description"] ?? "", block, IsBlock: true);
        }
    }

    /// <summary>cty type JSON (<c>"string"</c>, <c>["list","string"]</c>, <c>["object",{...}]</c>) as a label.</summary>
    public static string TypeLabelOf(JsonNode? type)
    {
        switch (type)
        {
            case JsonValue v when v.TryGetValue<string>(out var primitive):
                return primitive switch
                {
                    "string" => "String",
                    "number" => "Number",
                    "bool" => "Boolean",
                    "dynamic" => "Dynamic",
                    _ => primitive,
                };
            case JsonArray { Count: 2 } arr when arr[0] is JsonValue kindValue && kindValue.TryGetValue<string>(out var kind):
                return kind switch
                {
                    "list" => "List of " + TypeLabelOf(arr[1]),
                    "set" => "Set of " + TypeLabelOf(arr[1]),
                    "map" => "Map of " + TypeLabelOf(arr[1]),
                    "object" => "Object",
                    "tuple" => "Tuple",
                    _ => kind,
                };
            case JsonArray { Count: 3 } objectWithOptionals when (string?)objectWithOptionals[0] == "object":
                return "Object";
            default:
                return "Dynamic";
        }
    }
}
