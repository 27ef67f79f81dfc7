using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

/// <summary>How a nested block appears in configuration.</summary>
public enum BlockNesting
{
    /// <summary>At most one block; null when absent.</summary>
    Single,
    List,
    Set,
    /// <summary>Labelled blocks (<c>name "label" { }</c>) keyed by label.</summary>
    Map,
    /// <summary>Exactly one block, synthesised with null attributes when absent.</summary>
    Group,
}

/// <summary>A nested block type (<c>name { ... }</c> in HCL).</summary>
public sealed class Block : IAttributeContainer
{
    private ObjectType? _objectType;

    public BlockNesting Nesting { get; init; } = BlockNesting.List;

    public IReadOnlyDictionary<string, Attribute> Attributes { get; init; } = new Dictionary<string, Attribute>();

    public IReadOnlyDictionary<string, Block> Blocks { get; init; } = new Dictionary<string, Block>();

    /// <summary>List/Set: minimum number of blocks (0 = none required).</summary>
    public int MinItems { get; init; }

    /// <summary>List/Set: maximum number of blocks (0 = unlimited).</summary>
    public int MaxItems { get; init; }

    public string? Description { get; init; }

    public string? MarkdownDescription { get; init; }

    public string? DeprecationMessage { get; init; }

    /// <summary>Type of one block's object.</summary>
    public ObjectType ObjectType => _objectType ??= SchemaTypes.ObjectOf(this);

    /// <summary>Type of the block's value in its parent object.</summary>
    public CtyType Type => Nesting switch
    {
        BlockNesting.Single or BlockNesting.Group => ObjectType,
        BlockNesting.List => CtyType.List(ObjectType),
        BlockNesting.Set => CtyType.Set(ObjectType),
        _ => CtyType.Map(ObjectType),
    };
}
