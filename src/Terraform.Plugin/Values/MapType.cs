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

    public override bool Equals(CtyType? other) => throw new NotImplementedException();

    public override int GetHashCode() => throw new NotImplementedException();

    public override string ToString() => throw new NotImplementedException();
}
