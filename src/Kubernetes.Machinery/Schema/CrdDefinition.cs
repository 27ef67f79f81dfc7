using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubernetes.Machinery.Schema;

/// <summary>A CustomResourceDefinition (apiextensions.k8s.io/v1) with its names, scope and versions.</summary>
public sealed class CrdDefinition
{
    private CrdDefinition(JsonObject source, string name, string group, string kind, string listKind, string plural, string singular,
        IReadOnlyList<string> shortNames, IReadOnlyList<string> categories, bool namespaced, IReadOnlyList<CrdVersion> versions)
    {
        Source = source;
        Name = name;
        Group = group;
        Kind = kind;
        ListKind = listKind;
        Plural = plural;
        Singular = singular;
        ShortNames = shortNames;
        Categories = categories;
        Namespaced = namespaced;
        Versions = versions;
    }

    /// <summary>The CRD object as read (do not mutate).</summary>
    public JsonObject Source { get; }

    /// <summary>metadata.name, e.g. <c>clusters.cluster.x-k8s.io</c>.</summary>
    public string Name { get; }

    public string Group { get; }

    public string Kind { get; }

    public string ListKind { get; }

    public string Plural { get; }

    public string Singular { get; }

    public IReadOnlyList<string> ShortNames { get; }

    public IReadOnlyList<string> Categories { get; }

    /// <summary>True for <c>scope: Namespaced</c>, false for <c>Cluster</c>.</summary>
    public bool Namespaced { get; }

    /// <summary>Versions in CRD order.</summary>
    public IReadOnlyList<CrdVersion> Versions { get; }

    /// <summary>The storage version (exactly one in a valid CRD).</summary>
    public CrdVersion StorageVersion => Versions.FirstOrDefault(v => v.Storage) ?? Versions[0];

    /// <summary>The version with the given name, or null.</summary>
    public CrdVersion? Version(string name) => Versions.FirstOrDefault(v => v.Name == name);

    /// <summary>Parses a CRD object; throws <see cref="FormatException"/> when it is not a CRD or lacks required parts.</summary>
    public static CrdDefinition FromJson(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        if (Text(crd["kind"]) != "CustomResourceDefinition")
        {
            throw new FormatException($"expected kind CustomResourceDefinition, got '{Text(crd["kind"])}'");
        }

        var spec = crd["spec"] as JsonObject ?? throw new FormatException("CRD has no spec");
        var names = spec["names"] as JsonObject ?? throw new FormatException("CRD has no spec.names");
        var group = Text(spec["group"]) ?? throw new FormatException("CRD has no spec.group");
        var kind = Text(names["kind"]) ?? throw new FormatException("CRD has no spec.names.kind");
        var plural = Text(names["plural"]) ?? throw new FormatException("CRD has no spec.names.plural");
        var versions = (spec["versions"] as JsonArray ?? throw new FormatException("CRD has no spec.versions"))
            .OfType<JsonObject>().Select(CrdVersion.FromJson).ToList();
        if (versions.Count == 0)
        {
            throw new FormatException("CRD has no versions");
        }

        return new CrdDefinition(
            crd,
            Text(crd["metadata"]?["name"]) ?? $"{plural}.{group}",
            group,
            kind,
            Text(names["listKind"]) ?? kind + "List",
            plural,
            Text(names["singular"]) ?? kind.ToLowerInvariant(),
            Strings(names["shortNames"]),
            Strings(names["categories"]),
            Text(spec["scope"]) != "Cluster",
            versions);
    }

    internal static string? Text(JsonNode? node) => JsonNumbers.GetString(node);

    internal static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(Text).OfType<string>().ToList() : [];
}

/// <summary>One entry of a CRD's <c>spec.versions</c>.</summary>
public sealed class CrdVersion
{
    private CrdVersion(JsonObject source) => Source = source;

    public JsonObject Source { get; }

    public string Name { get; private init; } = string.Empty;

    public bool Served { get; private init; }

    public bool Storage { get; private init; }

    public bool Deprecated { get; private init; }

    public string? DeprecationWarning { get; private init; }

    /// <summary>The compiled openAPIV3Schema, or null when the version has none.</summary>
    public SchemaNode? Schema { get; private init; }

    /// <summary>True when the status subresource is enabled.</summary>
    public bool HasStatusSubresource { get; private init; }

    /// <summary>The scale subresource, or null.</summary>
    public CrdScaleSubresource? Scale { get; private init; }

    public IReadOnlyList<CrdPrinterColumn> PrinterColumns { get; private init; } = [];

    internal static CrdVersion FromJson(JsonObject v)
    {
        var sub = v["subresources"] as JsonObject;
        var scale = sub?["scale"] as JsonObject;
        return new CrdVersion(v)
        {
            Name = CrdDefinition.Text(v["name"]) ?? throw new FormatException("CRD version without name"),
            Served = v["served"] is JsonValue s && s.GetValueKind() == JsonValueKind.True,
            Storage = v["storage"] is JsonValue st && st.GetValueKind() == JsonValueKind.True,
            Deprecated = v["deprecated"] is JsonValue d && d.GetValueKind() == JsonValueKind.True,
            DeprecationWarning = CrdDefinition.Text(v["deprecationWarning"]),
            Schema = v["schema"]?["openAPIV3Schema"] is JsonObject schema ? SchemaNode.Compile(schema) : null,
            HasStatusSubresource = sub?["status"] is JsonObject,
            Scale = scale is null ? null : new CrdScaleSubresource(
                CrdDefinition.Text(scale["specReplicasPath"]) ?? ".spec.replicas",
                CrdDefinition.Text(scale["statusReplicasPath"]) ?? ".status.replicas",
                CrdDefinition.Text(scale["labelSelectorPath"])),
            PrinterColumns = v["additionalPrinterColumns"] is JsonArray cols
                ? cols.OfType<JsonObject>().Select(c => new CrdPrinterColumn(
                    CrdDefinition.Text(c["name"]) ?? string.Empty,
                    CrdDefinition.Text(c["type"]) ?? "string",
                    CrdDefinition.Text(c["format"]),
                    CrdDefinition.Text(c["description"]),
                    JsonNumbers.TryGetLong(c["priority"], out var p) ? (int)p : 0,
                    CrdDefinition.Text(c["jsonPath"]) ?? string.Empty)).ToList()
                : [],
        };
    }
}

/// <summary>The scale subresource paths (JSON paths such as <c>.spec.replicas</c>).</summary>
public sealed record CrdScaleSubresource(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);

/// <summary>An additionalPrinterColumns entry.</summary>
public sealed record CrdPrinterColumn(string Name, string Type, string? Format, string? Description, int Priority, string JsonPath);
