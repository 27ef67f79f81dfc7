using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

/// <summary>
/// The configuration schema of a provider, resource or data source: attributes and nested blocks, plus the
/// schema version recorded in state (bump it and add an upgrader when the stored shape changes).
/// </summary>
public sealed class Schema : IAttributeContainer
{
    private ObjectType? _impliedType;

    public long Version { get; init; }

    public IReadOnlyDictionary<string, Attribute> Attributes { get; init; } = new Dictionary<string, Attribute>();

    public IReadOnlyDictionary<string, Block> Blocks { get; init; } = new Dictionary<string, Block>();

    /// <summary>Plain-text description.</summary>
    public string? Description { get; init; }

    /// <summary>Markdown description (preferred by documentation tooling when set).</summary>
    public string? MarkdownDescription { get; init; }

    /// <summary>When set, the whole resource is deprecated and this text tells users what to do instead.</summary>
    public string? DeprecationMessage { get; init; }

    /// <summary>The object type of values conforming to this schema (what travels in DynamicValue).</summary>
    public ObjectType ImpliedType => _impliedType ??= SchemaTypes.ObjectOf(this);

    /// <summary>An empty schema (provider without configuration).</summary>
    public static Schema Empty { get; } = new();
}
