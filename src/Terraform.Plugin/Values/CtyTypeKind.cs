namespace Terraform.Plugin.Values;

/// <summary>The kinds of cty type.</summary>
public enum CtyTypeKind
{
    String,
    Number,
    Bool,
    List,
    Set,
    Map,
    Object,
    Tuple,
    Dynamic,
}
