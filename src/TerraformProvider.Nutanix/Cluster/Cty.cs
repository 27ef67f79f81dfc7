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
