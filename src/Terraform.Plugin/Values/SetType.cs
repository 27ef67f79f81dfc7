using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>The cty set type: set(T).</summary>
public sealed class SetType : CtyType
{
    internal SetType(CtyType element)
    {
        ElementType = element;
    }

    public override CtyTypeKind Kind => CtyTypeKind.Set;

    public override CtyType ElementType { get; }

    public override bool HasDynamic => ElementType.HasDynamic;

    public override bool Equals(CtyType? other) =>
        ReferenceEquals(this, other) || (other is SetType o && ElementType.Equals(o.ElementType));

    internal override void AppendTo(StringBuilder sb)
    {
        sb.Append("set(");
        ElementType.AppendTo(sb);
        sb.Append(')');
    }

    private protected override int ComputeHash() => HashCode.Combine(CtyTypeKind.Set, ElementType.GetHashCode());
}
