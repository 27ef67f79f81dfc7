using System.Globalization;
using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>Small helpers to build and read cty values of the cluster schema.</summary>
internal static class Cty
{
    /// <summary>An object of <paramref name="type"/>; attributes not given are null.</summary>
    public static CtyValue Object(ObjectType type, IReadOnlyDictionary<string, CtyValue> attributes)
    {
        var all = new List<KeyValuePair<string, CtyValue>>(type.AttributeTypes.Count);
        foreach (var (name, attributeType) in type.AttributeTypes)
        {
            all.Add(new(name, attributes.TryGetValue(name, out var v) ? v : CtyValue.Null(attributeType)));
        }

        return CtyValue.Object(type, all);
    }

    public static CtyValue String(string? value) => value is null ? CtyValue.Null(CtyType.String) : CtyValue.String(value);

    public static CtyValue Number(long? value) => value is { } n ? CtyValue.Number(n) : CtyValue.Null(CtyType.Number);

    public static CtyValue StringList(IReadOnlyList<string>? values) =>
        values is null ? CtyValue.Null(CtyType.List(CtyType.String)) : CtyValue.List(CtyType.String, values.Select(CtyValue.String));

    public static CtyValue StringMap(IReadOnlyDictionary<string, string>? values) =>
        values is null ? CtyValue.Null(CtyType.Map(CtyType.String))
            : CtyValue.Map(CtyType.String, values.Select(kv => new KeyValuePair<string, CtyValue>(kv.Key, CtyValue.String(kv.Value))));

    /// <summary>An object of <paramref name="type"/> holding each attribute's schema <c>Default</c> (null where it has none), with <paramref name="extra"/> on top.</summary>
    public static CtyValue DefaultsOf(ObjectType type, IReadOnlyDictionary<string, Terraform.Plugin.Schemas.Attribute> attributes, IReadOnlyDictionary<string, CtyValue>? extra = null)
    {
        var defaults = new Dictionary<string, CtyValue>(StringComparer.Ordinal);
        foreach (var (name, attribute) in attributes)
        {
            if (attribute.Default is { } value) defaults[name] = value;
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, CtyValue>()) defaults[name] = value;
        return Object(type, defaults);
    }

    /// <summary>
    /// The attribute when known and set, otherwise its schema <c>Default</c> (a value read before Terraform applied
    /// the defaults, e.g. a configuration being validated). Throws when the attribute declares no default.
    /// </summary>
    public static CtyValue OrDefault(CtyValue obj, IReadOnlyDictionary<string, Terraform.Plugin.Schemas.Attribute> attributes, string name) =>
        Attr(obj, name) is { IsKnown: true, IsNull: false } v ? v
            : attributes[name].Default ?? throw new InvalidOperationException($"attribute {name} declares no default");

    public static string StrOrDefault(CtyValue obj, IReadOnlyDictionary<string, Terraform.Plugin.Schemas.Attribute> attributes, string name) => OrDefault(obj, attributes, name).AsString();

    public static long LongOrDefault(CtyValue obj, IReadOnlyDictionary<string, Terraform.Plugin.Schemas.Attribute> attributes, string name) =>
        OrDefault(obj, attributes, name).AsNumber().TryGetInt64(out var n) ? n : throw new InvalidOperationException($"attribute {name} is not a whole number");

    public static bool BoolOrDefault(CtyValue obj, IReadOnlyDictionary<string, Terraform.Plugin.Schemas.Attribute> attributes, string name) => OrDefault(obj, attributes, name).AsBool();

    /// <summary>The nested object when known and set, otherwise the attribute's schema <c>Default</c> object.</summary>
    public static CtyValue ObjectOrDefault(CtyValue obj, IReadOnlyDictionary<string, Terraform.Plugin.Schemas.Attribute> attributes, string name) => OrDefault(obj, attributes, name);

    /// <summary>The attribute of a known object, or null when the object is null.</summary>
    public static CtyValue? Attr(CtyValue obj, string name) => obj.IsKnown && !obj.IsNull ? obj[name] : null;

    public static string? Str(CtyValue obj, string name) => Attr(obj, name) is { IsKnown: true, IsNull: false } v ? v.AsString() : null;

    public static long? Long(CtyValue obj, string name) =>
        Attr(obj, name) is { IsKnown: true, IsNull: false } v && v.AsNumber().TryGetInt64(out var n) ? n : null;

    public static bool? Bool(CtyValue obj, string name) => Attr(obj, name) is { IsKnown: true, IsNull: false } v ? v.AsBool() : null;

    public static IReadOnlyList<string>? Strings(CtyValue obj, string name) =>
        Attr(obj, name) is { IsKnown: true, IsNull: false } v ? v.Elements.Select(e => e.IsNull ? "" : e.AsString()).ToList() : null;

    public static IReadOnlyDictionary<string, string>? StringMapOf(CtyValue obj, string name) =>
        Attr(obj, name) is { IsKnown: true, IsNull: false } v
            ? v.Entries.ToDictionary(kv => kv.Key, kv => kv.Value.IsNull ? "" : kv.Value.AsString(), StringComparer.Ordinal)
            : null;

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
