namespace Terraform.Plugin.Schemas;

/// <summary>Something that holds attributes and nested blocks: a schema, a block, a nested attribute's object.</summary>
public interface IAttributeContainer
{
    IReadOnlyDictionary<string, Attribute> Attributes { get; }

    IReadOnlyDictionary<string, Block> Blocks { get; }
}
