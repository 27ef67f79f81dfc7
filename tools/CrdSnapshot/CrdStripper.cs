using System.Text.Json.Nodes;

namespace CrdSnapshotTool;

/// <summary>
/// Reduces an upstream CustomResourceDefinition to what an API server acts on: names, scope, versions (served,
/// storage, deprecation), conversion, subresources, printer columns, selectable fields and the structural schema with
/// its types, formats, bounds, patterns, enums, defaults, list/map types and x-kubernetes-validations (CEL) rules.
/// Removed: documentation (schema <c>description</c>, <c>example</c>, <c>externalDocs</c>, <c>title</c>; printer
/// column <c>description</c>), the CRD's <c>status</c> and <c>metadata.creationTimestamp</c>. Key order is kept.
/// </summary>
internal static class CrdStripper
{
    /// <summary>Schema keywords that only document a field.</summary>
    private static readonly HashSet<string> Documentation = new(StringComparer.Ordinal) { "description", "example", "externalDocs", "title" };

    /// <summary>Keywords whose value maps names (field names, definition names) to schemas.</summary>
    private static readonly HashSet<string> SchemaMaps = new(StringComparer.Ordinal) { "properties", "patternProperties", "definitions" };

    /// <summary>Keywords whose value is a schema (or, for <c>additionalProperties</c>, a schema or a boolean).</summary>
    private static readonly HashSet<string> SchemaValues = new(StringComparer.Ordinal) { "additionalProperties", "additionalItems", "not" };

    /// <summary>Keywords whose value is a list of schemas.</summary>
    private static readonly HashSet<string> SchemaLists = new(StringComparer.Ordinal) { "allOf", "anyOf", "oneOf" };

    /// <summary>The stripped copy of a CRD object; throws <see cref="FormatException"/> when it is not a CRD.</summary>
    public static JsonObject Strip(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        if ((string?)crd["kind"] != "CustomResourceDefinition" || crd["spec"] is not JsonObject)
        {
            throw new FormatException($"not a CustomResourceDefinition (kind '{(string?)crd["kind"]}')");
        }

        var result = new JsonObject();
        foreach (var (key, value) in crd)
        {
            switch (key)
            {
                case "status":
                    break;
                case "metadata" when value is JsonObject meta:
                    result[key] = Without(meta, "creationTimestamp");
                    break;
                case "spec" when value is JsonObject spec:
                    result[key] = StripSpec(spec);
                    break;
                default:
                    result[key] = value?.DeepClone();
                    break;
            }
        }

        return result;
    }

    private static JsonObject StripSpec(JsonObject spec)
    {
        var result = new JsonObject();
        foreach (var (key, value) in spec)
        {
            if (key == "versions" && value is JsonArray versions)
            {
                result[key] = new JsonArray(versions.Select(v => v is JsonObject o ? StripVersion(o) : v?.DeepClone()).ToArray());
            }
            else if (key == "validation" && value is JsonObject validation)
            {
                // apiextensions v1beta1's top-level schema, in case a source still carries it.
                result[key] = StripSchemaHolder(validation);
            }
            else
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    private static JsonObject StripVersion(JsonObject version)
    {
        var result = new JsonObject();
        foreach (var (key, value) in version)
        {
            result[key] = key switch
            {
                "schema" when value is JsonObject holder => StripSchemaHolder(holder),
                "additionalPrinterColumns" when value is JsonArray columns =>
                    new JsonArray(columns.Select(c => c is JsonObject o ? Without(o, "description") : c?.DeepClone()).ToArray()),
                _ => value?.DeepClone(),
            };
        }

        return result;
    }

    private static JsonObject StripSchemaHolder(JsonObject holder)
    {
        var result = new JsonObject();
        foreach (var (key, value) in holder)
        {
            result[key] = key == "openAPIV3Schema" && value is JsonObject schema ? StripSchema(schema) : value?.DeepClone();
        }

        return result;
    }

    /// <summary>
    /// The schema without its documentation keywords, recursing only through keywords that hold schemas — so a field
    /// named <c>description</c> under <c>properties</c>, or a <c>description</c> key inside a <c>default</c> or
    /// <c>enum</c> value, is kept.
    /// </summary>
    internal static JsonObject StripSchema(JsonObject schema)
    {
        var result = new JsonObject();
        foreach (var (key, value) in schema)
        {
            if (Documentation.Contains(key))
            {
                continue;
            }

            result[key] = value switch
            {
                JsonObject map when SchemaMaps.Contains(key) => new JsonObject(map.Select(p =>
                    KeyValuePair.Create(p.Key, p.Value is JsonObject child ? (JsonNode?)StripSchema(child) : p.Value?.DeepClone()))),
                JsonObject child when SchemaValues.Contains(key) || key == "items" => StripSchema(child),
                JsonArray list when SchemaLists.Contains(key) || key == "items" =>
                    new JsonArray(list.Select(s => s is JsonObject child ? (JsonNode?)StripSchema(child) : s?.DeepClone()).ToArray()),
                _ => value?.DeepClone(),
            };
        }

        return result;
    }

    private static JsonObject Without(JsonObject source, string name)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (key != name)
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }
}
