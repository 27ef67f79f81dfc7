namespace Terraform.Plugin.Values;

/// <summary>One of the primitive cty types: string, number, bool.</summary>
public sealed class PrimitiveType : CtyType
{
    internal PrimitiveType(CtyTypeKind kind)
    {
        Kind = kind;
    }

    public override CtyTypeKind Kind { get; }

    public override bool Equals(CtyType? other) => throw new NotImplementedException();

    public override int GetHashCode() => throw new NotImplementedException();

    public override string ToString() => throw new NotImplementedException();
}
