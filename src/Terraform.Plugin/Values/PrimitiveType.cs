using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>One of the primitive cty types: string, number, bool. There is one instance of each.</summary>
public sealed class PrimitiveType : CtyType
{
    internal PrimitiveType(CtyTypeKind kind)
    {
        Kind = kind;
    }

    public override CtyTypeKind Kind { get; }

    public override bool HasDynamic => false;

    public override bool Equals(CtyType? other) => ReferenceEquals(this, other);

    internal override void AppendTo(StringBuilder sb) => sb.Append(Name);

    internal string Name => Kind switch
    {
        CtyTypeKind.String => "string",
        CtyTypeKind.Number => "number",
        _ => "bool",
    };

    private protected override int ComputeHash() => (int)Kind + 1;
}
