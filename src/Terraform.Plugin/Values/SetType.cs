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

    public override bool Equals(CtyType? other) => throw new NotImplementedException();

    public override int GetHashCode() => throw new NotImplementedException();

    public override string ToString() => throw new NotImplementedException();
}
