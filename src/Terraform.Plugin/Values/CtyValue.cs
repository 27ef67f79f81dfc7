namespace Terraform.Plugin.Values;

/// <summary>An immutable cty value: null, unknown, or known content of a type.</summary>
public sealed class CtyValue : IEquatable<CtyValue>
{
    private CtyValue()
    {
    }

    public CtyType Type => throw new NotImplementedException();

    public bool IsNull => throw new NotImplementedException();

    public bool IsKnown => throw new NotImplementedException();

    public bool IsSensitive => throw new NotImplementedException();

    public bool IsWhollyKnown => throw new NotImplementedException();

    public bool IsRefinedNotNull => throw new NotImplementedException();

    public static CtyValue Null(CtyType type) => throw new NotImplementedException();

    public static CtyValue Unknown(CtyType type) => throw new NotImplementedException();

    public static CtyValue String(string value) => throw new NotImplementedException();

    public static CtyValue Number(CtyNumber value) => throw new NotImplementedException();

    public static CtyValue Number(long value) => throw new NotImplementedException();

    public static CtyValue Bool(bool value) => throw new NotImplementedException();

    public static CtyValue List(CtyType elementType, IEnumerable<CtyValue> items) => throw new NotImplementedException();

    public static CtyValue Set(CtyType elementType, IEnumerable<CtyValue> items) => throw new NotImplementedException();

    public static CtyValue Map(CtyType elementType, IEnumerable<KeyValuePair<string, CtyValue>> entries) => throw new NotImplementedException();

    public static CtyValue Object(ObjectType type, IEnumerable<KeyValuePair<string, CtyValue>> attributes) => throw new NotImplementedException();

    public static CtyValue Tuple(TupleType type, IEnumerable<CtyValue> items) => throw new NotImplementedException();

    public string AsString() => throw new NotImplementedException();

    public CtyNumber AsNumber() => throw new NotImplementedException();

    public bool AsBool() => throw new NotImplementedException();

    public IReadOnlyList<CtyValue> Elements => throw new NotImplementedException();

    public IReadOnlyDictionary<string, CtyValue> Entries => throw new NotImplementedException();

    public CtyValue this[string attributeOrKey] => throw new NotImplementedException();

    public CtyValue WithSensitive(bool sensitive = true) => throw new NotImplementedException();

    public CtyValue WithAttribute(string name, CtyValue value) => throw new NotImplementedException();

    public bool Equals(CtyValue? other) => throw new NotImplementedException();

    public override bool Equals(object? obj) => obj is CtyValue other && Equals(other);

    public override int GetHashCode() => throw new NotImplementedException();

    public override string ToString() => throw new NotImplementedException();
}
