namespace Terraform.Plugin.Values;

/// <summary>The cty tuple type: a fixed sequence of element types.</summary>
public sealed class TupleType : CtyType
{
    internal TupleType()
    {
    }

    public override CtyTypeKind Kind => CtyTypeKind.Tuple;

    public IReadOnlyList<CtyType> ElementTypes => throw new NotImplementedException();

    public override bool Equals(CtyType? other) => throw new NotImplementedException();

    public override int GetHashCode() => throw new NotImplementedException();

    public override string ToString() => throw new NotImplementedException();
}
