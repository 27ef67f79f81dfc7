using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

internal static class SchemaTypes
{
    public static ObjectType ObjectOf(IAttributeContainer container)
    {
        var attributes = new List<KeyValuePair<string, CtyType>>(container.Attributes.Count + container.Blocks.Count);
        foreach (var (name, attribute) in container.Attributes) attributes.Add(new(name, attribute.Type));
        foreach (var (name, block) in container.Blocks) attributes.Add(new(name, block.Type));
        return CtyType.Object(attributes);
    }
}
