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

    public override bool Equals(CtyType? other) => throw new NotImplementedException();

    public override int GetHashCode() => throw new NotImplementedException();

    public override string ToString() => throw new NotImplementedException();
}
