using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>The dynamic pseudo-type: a placeholder for any type, decided by the value. There is one instance.</summary>
public sealed class DynamicType : CtyType
{
    internal DynamicType()
    {
    }

    public override CtyTypeKind Kind => CtyTypeKind.Dynamic;

    public override bool HasDynamic => true;

    public override bool Equals(CtyType? other) => ReferenceEquals(this, other);

    internal override void AppendTo(StringBuilder sb) => sb.Append("dynamic");

    private protected override int ComputeHash() => 97;
}
