using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>The cty map type: map(T).</summary>
public sealed class MapType : CtyType
{
    internal MapType(CtyType element)
    {
        ElementType = element;
    }

    public override CtyTypeKind Kind => CtyTypeKind.Map;

    public override CtyType ElementType { get; }

    public override bool HasDynamic => ElementType.HasDynamic;

    public override bool Equals(CtyType? other) =>
        ReferenceEquals(this, other) || (other is MapType o && ElementType.Equals(o.ElementType));

    internal override void AppendTo(StringBuilder sb)
    {
        sb.Append("map(");
        ElementType.AppendTo(sb);
        sb.Append(')');
    }

    private protected override int ComputeHash() => HashCode.Combine(CtyTypeKind.Map, ElementType.GetHashCode());
}
