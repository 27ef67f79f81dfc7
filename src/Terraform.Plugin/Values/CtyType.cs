using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>A cty type: primitive, collection, structural or the dynamic pseudo-type. Immutable, structurally equal.</summary>
public abstract class CtyType : IEquatable<CtyType>
{
    private static readonly PrimitiveType StringType = new(CtyTypeKind.String);
    private static readonly PrimitiveType NumberType = new(CtyTypeKind.Number);
    private static readonly PrimitiveType BoolType = new(CtyTypeKind.Bool);
    private static readonly DynamicType DynamicPseudoType = new();

    private byte[]? _json;
    private int _hash;

    private protected CtyType()
    {
    }

    /// <summary>The primitive string type.</summary>
    public static CtyType String => StringType;

    /// <summary>The primitive number type.</summary>
    public static CtyType Number => NumberType;

    /// <summary>The primitive bool type.</summary>
    public static CtyType Bool => BoolType;

    /// <summary>The dynamic pseudo-type ("any type").</summary>
    public static CtyType Dynamic => DynamicPseudoType;

    public abstract CtyTypeKind Kind { get; }

    /// <summary>The element type of a list, set or map type.</summary>
    /// <exception cref="InvalidOperationException">The type is not a collection type.</exception>
    public virtual CtyType ElementType =>
        throw new InvalidOperationException($"{this} is not a list, set or map type and has no element type");

    /// <summary>True for string, number and bool.</summary>
    public bool IsPrimitive => Kind is CtyTypeKind.String or CtyTypeKind.Number or CtyTypeKind.Bool;

    /// <summary>True for list, set and map.</summary>
    public bool IsCollection => Kind is CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Map;

    /// <summary>True if the dynamic pseudo-type appears anywhere in this type.</summary>
    public abstract bool HasDynamic { get; }

    public static CtyType List(CtyType element) => new ListType(element ?? throw new ArgumentNullException(nameof(element)));

    public static CtyType Set(CtyType element) => new SetType(element ?? throw new ArgumentNullException(nameof(element)));

    public static CtyType Map(CtyType element) => new MapType(element ?? throw new ArgumentNullException(nameof(element)));

    public static CtyType Tuple(params CtyType[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return new TupleType(elements);
    }

    /// <summary>An object type. Attribute names must be unique; optional attributes must be among them.</summary>
    public static ObjectType Object(
        IEnumerable<KeyValuePair<string, CtyType>> attributes,
        IEnumerable<string>? optionalAttributes = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return new ObjectType(attributes, optionalAttributes);
    }

    /// <summary>The cty type JSON (as used in Schema.Attribute.type and the dynamic wrapper), compact.</summary>
    public byte[] ToJson() => (byte[])JsonBytes.Clone();

    /// <summary>Parses cty type JSON. Whitespace is tolerated; anything that is not a cty type is a <see cref="FormatException"/>.</summary>
    public static CtyType FromJson(ReadOnlySpan<byte> json) => CtyTypeJson.Parse(json);

    internal byte[] JsonBytes => _json ??= CtyTypeJson.Write(this);

    public abstract bool Equals(CtyType? other);

    public override bool Equals(object? obj) => obj is CtyType other && Equals(other);

    public sealed override int GetHashCode()
    {
        int h = _hash;
        if (h == 0)
        {
            h = ComputeHash();
            if (h == 0)
            {
                h = 1;
            }

            _hash = h;
        }

        return h;
    }

    /// <summary>Friendly name, e.g. <c>list(string)</c>, <c>object({a=string})</c>.</summary>
    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    internal abstract void AppendTo(StringBuilder sb);

    private protected abstract int ComputeHash();

    public static bool operator ==(CtyType? left, CtyType? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(CtyType? left, CtyType? right) => !(left == right);
}
