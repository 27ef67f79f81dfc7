using System.Text.Json.Nodes;

namespace TerraformDocs;

/// <summary>
/// Finds the parts of a provider schema that the generated documentation would show bare: the provider, resources,
/// data sources, ephemeral resources, attributes (including those nested in <c>nested_type</c>) and blocks without a description.
/// </summary>
public static class SchemaLint
{
    /// <summary>
    /// One line per undocumented element, e.g. <c>resource nutanix_cluster: worker_pools.replicas</c>,
    /// <c>data source nutanix_image: uuid</c>, <c>provider: (description)</c>; empty when everything is described.
    /// </summary>
    public static IReadOnlyList<string> Undocumented(JsonObject providerSchema)
    {
        ArgumentNullException.ThrowIfNull(providerSchema);
        var found = new List<string>();
        if (providerSchema["provider"] is JsonObject provider) Block("provider", provider["block"] as JsonObject, found);
        foreach (var (kind, key) in new[] { ("resource", "resource_schemas"), ("data source", "data_source_schemas"), ("ephemeral resource", "ephemeral_resource_schemas") })
        {
            if (providerSchema[key] is not JsonObject schemas) continue;
            foreach (var (type, node) in schemas.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                Block($"{kind} {type}", (node as JsonObject)?["block"] as JsonObject, found);
            }
        }

        return found;
    }

    private static void Block(string owner, JsonObject? block, List<string> found)
    {
        if (block is null) return;
        if (IsBlank(block["description"])) found.Add($"{owner}: (description)");
        Members(owner, null, block, found);
    }

    private static void Members(string owner, string? parent, JsonObject container, List<string> found)
    {
        var members = new SortedDictionary<string, (JsonNode? Description, JsonObject? Nested)>(StringComparer.Ordinal);
        if (container["attributes"] is JsonObject attributes)
        {
            foreach (var (name, node) in attributes)
            {
                if (node is JsonObject a) members[name] = (a["description"], a["nested_type"] as JsonObject);
            }
        }

        if (container["block_types"] is JsonObject blockTypes)
        {
            foreach (var (name, node) in blockTypes)
            {
                if ((node as JsonObject)?["block"] is JsonObject b) members[name] = (b["description"], b);
            }
        }

        foreach (var (name, (description, nested)) in members)
        {
            var path = parent is null ? name : parent + "." + name;
            if (IsBlank(description)) found.Add($"{owner}: {path}");
            if (nested is not null) Members(owner, path, nested, found);
        }
    }

    private static bool IsBlank(JsonNode? description) => string.IsNullOrWhiteSpace((string?)description);
}
