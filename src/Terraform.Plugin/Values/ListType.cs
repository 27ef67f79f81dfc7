using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>The cty list type: list(T).</summary>
public sealed class ListType : CtyType
{
    internal ListType(CtyType element)
    {
        ElementType = element;
    }

    public override CtyTypeKind Kind => CtyTypeKind.List;

    public override CtyType ElementType { get; }

    public override bool HasDynamic => ElementType.HasDynamic;

    public override bool Equals(CtyType? other) =>
        ReferenceEquals(this, other) || (other is ListType o && ElementType.Equals(o.ElementType));

    internal override void AppendTo(StringBuilder sb)
    {
        sb.Append("list(");
        ElementType.AppendTo(sb);
        sb.Append(')');
    }

    private protected override int ComputeHash() => HashCode.Combine(CtyTypeKind.List, ElementType.GetHashCode());
}
