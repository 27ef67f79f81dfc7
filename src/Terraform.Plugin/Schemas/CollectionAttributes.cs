using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

/// <summary>A list of values of <see cref="ElementType"/>.</summary>
public sealed class ListAttribute : Attribute
{
    public required CtyType ElementType { get; init; }

    public override CtyType Type => CtyType.List(ElementType);
}

/// <summary>A set of values of <see cref="ElementType"/>.</summary>
public sealed class SetAttribute : Attribute
{
    public required CtyType ElementType { get; init; }

    public override CtyType Type => CtyType.Set(ElementType);
}

/// <summary>A map from string keys to values of <see cref="ElementType"/>.</summary>
public sealed class MapAttribute : Attribute
{
    public required CtyType ElementType { get; init; }

    public override CtyType Type => CtyType.Map(ElementType);
}

/// <summary>An object with fixed attribute types (no per-attribute flags; use a nested attribute for those).</summary>
public sealed class ObjectAttribute : Attribute
{
    public required IReadOnlyDictionary<string, CtyType> AttributeTypes { get; init; }

    public override CtyType Type => CtyType.Object(AttributeTypes);
}
