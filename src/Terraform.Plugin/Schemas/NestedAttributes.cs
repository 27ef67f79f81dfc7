using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

/// <summary>How a nested attribute holds its objects.</summary>
public enum NestingMode
{
    Single,
    List,
    Set,
    Map,
}

/// <summary>
/// An attribute whose value is one or many objects whose own attributes carry flags, validators and plan
/// modifiers (the modern alternative to blocks).
/// </summary>
public abstract class NestedAttribute : Attribute, IAttributeContainer
{
    private CtyType? _type;

    private protected NestedAttribute()
    {
    }

    public required IReadOnlyDictionary<string, Attribute> Attributes { get; init; }

    IReadOnlyDictionary<string, Block> IAttributeContainer.Blocks { get; } = new Dictionary<string, Block>();

    public abstract NestingMode Nesting { get; }

    /// <summary>Type of one nested object.</summary>
    public ObjectType ObjectType => _objectType ??= SchemaTypes.ObjectOf(this);

    private ObjectType? _objectType;

    public override CtyType Type => _type ??= Nesting switch
    {
        NestingMode.Single => ObjectType,
        NestingMode.List => CtyType.List(ObjectType),
        NestingMode.Set => CtyType.Set(ObjectType),
        _ => CtyType.Map(ObjectType),
    };
}

/// <summary>One nested object.</summary>
public sealed class SingleNestedAttribute : NestedAttribute
{
    public override NestingMode Nesting => NestingMode.Single;
}

/// <summary>A list of nested objects.</summary>
public sealed class ListNestedAttribute : NestedAttribute
{
    public override NestingMode Nesting => NestingMode.List;
}

/// <summary>A set of nested objects.</summary>
public sealed class SetNestedAttribute : NestedAttribute
{
    public override NestingMode Nesting => NestingMode.Set;
}

/// <summary>A map of nested objects keyed by string.</summary>
public sealed class MapNestedAttribute : NestedAttribute
{
    public override NestingMode Nesting => NestingMode.Map;
}
