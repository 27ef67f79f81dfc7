namespace Terraform.Plugin.Values;

/// <summary>The cty object type: named attributes, each with its own type.</summary>
public sealed class ObjectType : CtyType
{
    internal ObjectType()
    {
    }

    public override CtyTypeKind Kind => CtyTypeKind.Object;

    /// <summary>Attribute types, ordered by attribute name (ordinal).</summary>
    public IReadOnlyDictionary<string, CtyType> AttributeTypes => throw new NotImplementedException();

    /// <summary>Names of the attributes marked optional (type constraints only).</summary>
    public IReadOnlySet<string> OptionalAttributes => throw new NotImplementedException();

    public override bool Equals(CtyType? other) => throw new NotImplementedException();

    public override int GetHashCode() => throw new NotImplementedException();

    public override string ToString() => throw new NotImplementedException();
}
