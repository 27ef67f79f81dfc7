namespace Terraform.Plugin.Values;

/// <summary>The kind of one step in a path into a cty value.</summary>
public enum CtyPathStepKind
{
    /// <summary>An object attribute: <c>.name</c>.</summary>
    Attribute,

    /// <summary>A map element: <c>["key"]</c>.</summary>
    Key,

    /// <summary>A list, set or tuple element: <c>[0]</c>.</summary>
    Index,
}

/// <summary>One step in a path into a cty value (maps onto tfplugin6 <c>AttributePath.Step</c>).</summary>
public readonly record struct CtyPathStep(CtyPathStepKind Kind, string? Name, long Index)
{
    public static CtyPathStep Attribute(string name) => new(CtyPathStepKind.Attribute, name, 0);

    public static CtyPathStep Key(string key) => new(CtyPathStepKind.Key, key, 0);

    public static CtyPathStep ElementIndex(long index) => new(CtyPathStepKind.Index, null, index);

    public override string ToString() => Kind switch
    {
        CtyPathStepKind.Attribute => "." + Name,
        CtyPathStepKind.Key => "[\"" + Name!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]",
        _ => "[" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]",
    };
}
