namespace Terraform.Plugin.Values;

/// <summary>The dynamic pseudo-type: a placeholder for any type, decided by the value.</summary>
public sealed class DynamicType : CtyType
{
    internal DynamicType()
    {
    }

    public override CtyTypeKind Kind => CtyTypeKind.Dynamic;

    public override bool Equals(CtyType? other) => throw new NotImplementedException();

    public override int GetHashCode() => throw new NotImplementedException();

    public override string ToString() => throw new NotImplementedException();
}
