namespace Terraform.Plugin.Values;

/// <summary>A cty type: primitive, collection, structural or the dynamic pseudo-type.</summary>
public abstract class CtyType : IEquatable<CtyType>
{
    private protected CtyType()
    {
    }

    public static CtyType String => throw new NotImplementedException();

    public static CtyType Number => throw new NotImplementedException();

    public static CtyType Bool => throw new NotImplementedException();

    public static CtyType Dynamic => throw new NotImplementedException();

    public abstract CtyTypeKind Kind { get; }

    public virtual CtyType ElementType => throw new NotImplementedException();

    public static CtyType List(CtyType element) => throw new NotImplementedException();

    public static CtyType Set(CtyType element) => throw new NotImplementedException();

    public static CtyType Map(CtyType element) => throw new NotImplementedException();

    public static CtyType Tuple(params CtyType[] elements) => throw new NotImplementedException();

    public static ObjectType Object(
        IEnumerable<KeyValuePair<string, CtyType>> attributes,
        IEnumerable<string>? optionalAttributes = null) => throw new NotImplementedException();

    public byte[] ToJson() => throw new NotImplementedException();

    public static CtyType FromJson(ReadOnlySpan<byte> json) => throw new NotImplementedException();

    public abstract bool Equals(CtyType? other);

    public override bool Equals(object? obj) => obj is CtyType other && Equals(other);

    public abstract override int GetHashCode();

    public abstract override string ToString();

    public static bool operator ==(CtyType? left, CtyType? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(CtyType? left, CtyType? right) => !(left == right);
}
