using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kubernetes.Machinery.Schema;

/// <summary>
/// A compiled node of a CRD structural schema (openAPIV3Schema). Built once per CRD version from the raw schema
/// JSON; immutable afterwards.
/// </summary>
public sealed class SchemaNode
{
    private static readonly Dictionary<string, SchemaNode> NoProperties = new(StringComparer.Ordinal);

    private SchemaNode(JsonObject raw)
    {
        Raw = raw;
    }

    /// <summary>The raw schema JSON this node was compiled from.</summary>
    public JsonObject Raw { get; }

    /// <summary>object, array, string, integer, number, boolean, or empty when unspecified.</summary>
    public string Type { get; private init; } = string.Empty;

    public bool Nullable { get; private init; }

    public IReadOnlyList<string> Required { get; private init; } = [];

    public IReadOnlyDictionary<string, SchemaNode> Properties { get; private init; } = NoProperties;

    /// <summary>Schema for values of keys not in <see cref="Properties"/> (additionalProperties: {schema}).</summary>
    public SchemaNode? AdditionalProperties { get; private init; }

    /// <summary>additionalProperties: true (any value accepted and preserved).</summary>
    public bool AdditionalPropertiesAllowed { get; private init; }

    public SchemaNode? Items { get; private init; }

    public IReadOnlyList<JsonNode?>? Enum { get; private init; }

    public double? Minimum { get; private init; }

    public double? Maximum { get; private init; }

    public bool ExclusiveMinimum { get; private init; }

    public bool ExclusiveMaximum { get; private init; }

    public double? MultipleOf { get; private init; }

    public long? MinLength { get; private init; }

    public long? MaxLength { get; private init; }

    public string? Pattern { get; private init; }

    internal Regex? PatternRegex { get; private init; }

    public string? Format { get; private init; }

    public long? MinItems { get; private init; }

    public long? MaxItems { get; private init; }

    public bool UniqueItems { get; private init; }

    public long? MinProperties { get; private init; }

    public long? MaxProperties { get; private init; }

    public bool IntOrString { get; private init; }

    public bool PreserveUnknownFields { get; private init; }

    public bool EmbeddedResource { get; private init; }

    /// <summary>x-kubernetes-list-type: atomic, set or map (null when unset).</summary>
    public string? ListType { get; private init; }

    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];

    /// <summary>x-kubernetes-map-type: atomic or granular (null when unset).</summary>
    public string? MapType { get; private init; }

    /// <summary>The <c>default:</c> value, or null when none.</summary>
    public JsonNode? Default { get; private init; }

    public bool HasDefault { get; private init; }

    public IReadOnlyList<SchemaNode> AllOf { get; private init; } = [];

    public IReadOnlyList<SchemaNode> AnyOf { get; private init; } = [];

    public IReadOnlyList<SchemaNode> OneOf { get; private init; } = [];

    public SchemaNode? Not { get; private init; }

    /// <summary>x-kubernetes-validations (CEL) rules of this node.</summary>
    public IReadOnlyList<ValidationRule> Validations { get; private init; } = [];

    /// <summary>Compiles a raw openAPIV3Schema object.</summary>
    public static SchemaNode Compile(JsonObject raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var properties = NoProperties;
        if (raw["properties"] is JsonObject props)
        {
            properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var (name, value) in props)
            {
                if (value is JsonObject p)
                {
                    properties[name] = Compile(p);
                }
            }
        }

        SchemaNode? additional = null;
        var additionalAllowed = false;
        switch (raw["additionalProperties"])
        {
            case JsonObject a:
                additional = Compile(a);
                break;
            case JsonValue b when b.GetValueKind() == JsonValueKind.True:
                additionalAllowed = true;
                break;
        }

        var pattern = Str(raw, "pattern");
        var node = new SchemaNode(raw)
        {
            Type = Str(raw, "type") ?? string.Empty,
            Nullable = Bool(raw, "nullable"),
            Required = Strings(raw, "required"),
            Properties = properties,
            AdditionalProperties = additional,
            AdditionalPropertiesAllowed = additionalAllowed,
            Items = raw["items"] is JsonObject items ? Compile(items) : null,
            Enum = raw["enum"] is JsonArray e ? e.Select(x => x?.DeepClone()).ToList() : null,
            Minimum = Num(raw, "minimum"),
            Maximum = Num(raw, "maximum"),
            ExclusiveMinimum = Bool(raw, "exclusiveMinimum"),
            ExclusiveMaximum = Bool(raw, "exclusiveMaximum"),
            MultipleOf = Num(raw, "multipleOf"),
            MinLength = Long(raw, "minLength"),
            MaxLength = Long(raw, "maxLength"),
            Pattern = pattern,
            PatternRegex = pattern is null ? null : TryRegex(pattern),
            Format = Str(raw, "format") is { Length: > 0 } f ? f : null,
            MinItems = Long(raw, "minItems"),
            MaxItems = Long(raw, "maxItems"),
            UniqueItems = Bool(raw, "uniqueItems"),
            MinProperties = Long(raw, "minProperties"),
            MaxProperties = Long(raw, "maxProperties"),
            IntOrString = Bool(raw, "x-kubernetes-int-or-string"),
            PreserveUnknownFields = Bool(raw, "x-kubernetes-preserve-unknown-fields"),
            EmbeddedResource = Bool(raw, "x-kubernetes-embedded-resource"),
            ListType = Str(raw, "x-kubernetes-list-type"),
            ListMapKeys = Strings(raw, "x-kubernetes-list-map-keys"),
            MapType = Str(raw, "x-kubernetes-map-type"),
            Default = raw["default"]?.DeepClone(),
            HasDefault = raw.ContainsKey("default"),
            AllOf = Schemas(raw, "allOf"),
            AnyOf = Schemas(raw, "anyOf"),
            OneOf = Schemas(raw, "oneOf"),
            Not = raw["not"] is JsonObject not ? Compile(not) : null,
            Validations = Rules(raw),
        };
        return node;
    }

    /// <summary>The schema that applies to the named child of an object value (property or additionalProperties).</summary>
    public SchemaNode? ChildFor(string key) =>
        Properties.TryGetValue(key, out var child) ? child : AdditionalProperties;

    /// <summary>RE2 patterns are almost always valid .NET patterns; one that is not is left unchecked rather than failing the CRD.</summary>
    private static Regex? TryRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static IReadOnlyList<ValidationRule> Rules(JsonObject raw)
    {
        if (raw["x-kubernetes-validations"] is not JsonArray list)
        {
            return [];
        }

        var rules = new List<ValidationRule>();
        foreach (var item in list.OfType<JsonObject>())
        {
            var rule = Str(item, "rule");
            if (rule is not null)
            {
                rules.Add(new ValidationRule(rule, Str(item, "message"), Str(item, "messageExpression"), Str(item, "fieldPath"), Str(item, "reason")));
            }
        }

        return rules;
    }

    private static IReadOnlyList<SchemaNode> Schemas(JsonObject raw, string name) =>
        raw[name] is JsonArray a ? a.OfType<JsonObject>().Select(Compile).ToList() : [];

    private static string? Str(JsonObject raw, string name) => JsonNumbers.GetString(raw[name]);

    private static bool Bool(JsonObject raw, string name) =>
        raw[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static double? Num(JsonObject raw, string name) =>
        JsonNumbers.TryGetDouble(raw[name], out var d) ? d : null;

    private static long? Long(JsonObject raw, string name) =>
        JsonNumbers.TryGetDouble(raw[name], out var d) ? (long)d : null;

    private static IReadOnlyList<string> Strings(JsonObject raw, string name) =>
        raw[name] is JsonArray a
            ? a.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
            : [];
}

/// <summary>One x-kubernetes-validations entry.</summary>
public sealed record ValidationRule(string Rule, string? Message, string? MessageExpression, string? FieldPath, string? Reason);
