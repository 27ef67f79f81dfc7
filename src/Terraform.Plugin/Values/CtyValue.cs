using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>
/// An immutable cty value: null, unknown, or known content of a type. A container's <see cref="Type"/> is the type it
/// was built (or decoded) with; where that type says <c>dynamic</c>, the element is any value of a concrete type.
/// The sensitive mark travels with the value but is ignored by equality and by the codecs.
/// </summary>
public sealed class CtyValue : IEquatable<CtyValue>
{
    private static readonly CtyValue[] NoValues = [];
    private static readonly CtyValue TrueValue = new(CtyType.Bool, Flags.WhollyKnown | Flags.True, null, default);
    private static readonly CtyValue FalseValue = new(CtyType.Bool, Flags.WhollyKnown, null, default);

    private readonly Flags _flags;

    // string (string), CtyValue[] (list, set, tuple; object attributes parallel to ObjectType.Names),
    // SortedEntries<CtyValue> (map), null for null/unknown/bool/number.
    private readonly object? _payload;
    private readonly CtyNumber _number;

    private CtyValue(CtyType type, Flags flags, object? payload, CtyNumber number)
    {
        Type = type;
        _flags = flags;
        _payload = payload;
        _number = number;
    }

    [Flags]
    private enum Flags : byte
    {
        None = 0,
        Null = 1,
        Unknown = 2,
        Sensitive = 4,
        WhollyKnown = 8,
        True = 16,
        RefinedNotNull = 32,
    }

    public CtyType Type { get; }

    public bool IsNull => (_flags & Flags.Null) != 0;

    public bool IsKnown => (_flags & Flags.Unknown) == 0;

    public bool IsSensitive => (_flags & Flags.Sensitive) != 0;

    /// <summary>Known, and no unknown value anywhere inside.</summary>
    public bool IsWhollyKnown => (_flags & Flags.WhollyKnown) != 0;

    /// <summary>For an unknown decoded from a refined unknown: Terraform promised it will not be null.</summary>
    public bool IsRefinedNotNull => (_flags & Flags.RefinedNotNull) != 0;

    public static CtyValue Null(CtyType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new CtyValue(type, Flags.Null | Flags.WhollyKnown, null, default);
    }

    public static CtyValue Unknown(CtyType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new CtyValue(type, Flags.Unknown, null, default);
    }

    internal static CtyValue UnknownNotNull(CtyType type) => new(type, Flags.Unknown | Flags.RefinedNotNull, null, default);

    public static CtyValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new CtyValue(CtyType.String, Flags.WhollyKnown, value, default);
    }

    public static CtyValue Number(CtyNumber value) => new(CtyType.Number, Flags.WhollyKnown, null, value);

    public static CtyValue Number(long value) => Number(CtyNumber.FromInt64(value));

    public static CtyValue Bool(bool value) => value ? TrueValue : FalseValue;

    /// <summary>A list of the given element type. Each item must be of that type (or the type must be dynamic).</summary>
    public static CtyValue List(CtyType elementType, IEnumerable<CtyValue> items)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = ConformElement(array[i], elementType, i);
        }

        return CreateList(CtyType.List(elementType), array);
    }

    /// <summary>A set of the given element type. Duplicate known elements collapse; primitive elements are ordered.</summary>
    public static CtyValue Set(CtyType elementType, IEnumerable<CtyValue> items)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = ConformElement(array[i], elementType, i);
        }

        return CreateSet(CtyType.Set(elementType), array);
    }

    /// <summary>A map of the given element type. Keys must be unique.</summary>
    public static CtyValue Map(CtyType elementType, IEnumerable<KeyValuePair<string, CtyValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<KeyValuePair<string, CtyValue>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kv in entries)
        {
            ArgumentNullException.ThrowIfNull(kv.Key, nameof(entries));
            if (!seen.Add(kv.Key))
            {
                throw new ArgumentException($"duplicate map key \"{kv.Key}\"", nameof(entries));
            }

            list.Add(new KeyValuePair<string, CtyValue>(kv.Key, ConformElement(kv.Value, elementType, kv.Key)));
        }

        list.Sort((a, b) => CtyOrdering.Instance.Compare(a.Key, b.Key));
        var keys = new string[list.Count];
        var values = new CtyValue[list.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = list[i].Key;
            values[i] = list[i].Value;
        }

        return CreateMap(CtyType.Map(elementType), keys, values);
    }

    /// <summary>An object of the given type. Every attribute of the type must be given exactly once (optional ones may be omitted: null).</summary>
    public static CtyValue Object(ObjectType type, IEnumerable<KeyValuePair<string, CtyValue>> attributes)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(attributes);
        var values = new CtyValue?[type.Names.Length];
        foreach (var kv in attributes)
        {
            int i = kv.Key is null ? -1 : type.IndexOf(kv.Key);
            if (i < 0)
            {
                throw new ArgumentException($"{type} has no attribute \"{kv.Key}\"", nameof(attributes));
            }

            if (values[i] is not null)
            {
                throw new ArgumentException($"attribute \"{kv.Key}\" given twice", nameof(attributes));
            }

            values[i] = ConformElement(kv.Value, type.Types[i], kv.Key!);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                if (!type.OptionalAttributes.Contains(type.Names[i]))
                {
                    throw new ArgumentException($"attribute \"{type.Names[i]}\" is required by {type}", nameof(attributes));
                }

                values[i] = Null(type.Types[i]);
            }
        }

        return CreateObject(type, values!);
    }

    /// <summary>An object whose type is inferred from the attribute values' types.</summary>
    public static CtyValue Object(IEnumerable<KeyValuePair<string, CtyValue>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var list = attributes.ToList();
        var type = CtyType.Object(list.Select(kv => new KeyValuePair<string, CtyType>(kv.Key, kv.Value.Type)));
        return Object(type, list);
    }

    public static CtyValue Tuple(TupleType type, IEnumerable<CtyValue> items)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        if (array.Length != type.Elements.Length)
        {
            throw new ArgumentException($"{type} needs {type.Elements.Length} elements, got {array.Length}", nameof(items));
        }

        for (int i = 0; i < array.Length; i++)
        {
            array[i] = ConformElement(array[i], type.Elements[i], i);
        }

        return CreateTuple(type, array);
    }

    /// <summary>A tuple whose type is inferred from the items' types.</summary>
    public static CtyValue Tuple(IEnumerable<CtyValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        return Tuple(new TupleType(array.Select(v => v.Type)), array);
    }

    public string AsString()
    {
        RequireKnown(CtyTypeKind.String);
        return (string)_payload!;
    }

    public CtyNumber AsNumber()
    {
        RequireKnown(CtyTypeKind.Number);
        return _number;
    }

    /// <summary>The number as an int64; throws if it is not a known integer within range.</summary>
    public long AsInt64()
    {
        RequireKnown(CtyTypeKind.Number);
        return _number.TryGetInt64(out long value)
            ? value
            : throw new InvalidOperationException($"{_number} is not an integer within the int64 range");
    }

    public bool AsBool()
    {
        RequireKnown(CtyTypeKind.Bool);
        return (_flags & Flags.True) != 0;
    }

    /// <summary>Elements of a known list, set or tuple.</summary>
    public IReadOnlyList<CtyValue> Elements
    {
        get
        {
            if (!IsKnown || IsNull || Type.Kind is not (CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Tuple))
            {
                throw new InvalidOperationException($"{Describe()} has no elements (a known list, set or tuple is required)");
            }

            return new ReadOnlyCollection<CtyValue>((CtyValue[])_payload!);
        }
    }

    /// <summary>Entries of a known map, or attributes of a known object, in ordinal key order.</summary>
    public IReadOnlyDictionary<string, CtyValue> Entries
    {
        get
        {
            if (!IsKnown || IsNull)
            {
                throw new InvalidOperationException($"{Describe()} has no entries (a known map or object is required)");
            }

            return Type switch
            {
                MapType => (SortedEntries<CtyValue>)_payload!,
                ObjectType o => new SortedEntries<CtyValue>(o.Names, (CtyValue[])_payload!, o.Index),
                _ => throw new InvalidOperationException($"{Describe()} has no entries (a known map or object is required)"),
            };
        }
    }

    /// <summary>Number of elements, entries or attributes of a known collection or structure.</summary>
    public int Count => Type.Kind switch
    {
        CtyTypeKind.Map when IsKnown && !IsNull => ((SortedEntries<CtyValue>)_payload!).Count,
        CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Tuple or CtyTypeKind.Object when IsKnown && !IsNull => ((CtyValue[])_payload!).Length,
        _ => throw new InvalidOperationException($"{Describe()} has no length (a known collection or structure is required)"),
    };

    /// <summary>An object attribute or a map element.</summary>
    /// <exception cref="KeyNotFoundException">No such attribute or key.</exception>
    public CtyValue this[string attributeOrKey] =>
        TryGetValue(attributeOrKey, out var value)
            ? value
            : throw new KeyNotFoundException($"{Describe()} has no {(Type is ObjectType ? "attribute" : "element")} \"{attributeOrKey}\"");

    /// <summary>Looks up an object attribute or a map element of a known object or map.</summary>
    public bool TryGetValue(string attributeOrKey, [NotNullWhen(true)] out CtyValue? value)
    {
        ArgumentNullException.ThrowIfNull(attributeOrKey);
        value = null;
        if (!IsKnown || IsNull)
        {
            throw new InvalidOperationException($"cannot index {Describe()}");
        }

        switch (Type)
        {
            case ObjectType o:
                int i = o.IndexOf(attributeOrKey);
                if (i < 0)
                {
                    return false;
                }

                value = ((CtyValue[])_payload!)[i];
                return true;
            case MapType:
                return ((SortedEntries<CtyValue>)_payload!).TryGetValue(attributeOrKey, out value);
            default:
                throw new InvalidOperationException($"cannot index {Describe()} by name");
        }
    }

    public CtyValue WithSensitive(bool sensitive = true)
    {
        if (sensitive == IsSensitive)
        {
            return this;
        }

        var flags = sensitive ? _flags | Flags.Sensitive : _flags & ~Flags.Sensitive;
        return new CtyValue(Type, flags, _payload, _number);
    }

    /// <summary>A copy of this known object with one attribute replaced.</summary>
    public CtyValue WithAttribute(string name, CtyValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (Type is not ObjectType o || !IsKnown || IsNull)
        {
            throw new InvalidOperationException($"WithAttribute needs a known object, not {Describe()}");
        }

        int i = o.IndexOf(name);
        if (i < 0)
        {
            throw new ArgumentException($"{o} has no attribute \"{name}\"", nameof(name));
        }

        var values = (CtyValue[])((CtyValue[])_payload!).Clone();
        values[i] = ConformElement(value, o.Types[i], name);
        var result = CreateObject(o, values);
        return IsSensitive ? result.WithSensitive() : result;
    }

    /// <summary>Structural equality: type, nullness, knownness and content (sets ignore order). Marks are ignored.</summary>
    public bool Equals(CtyValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || !Type.Equals(other.Type))
        {
            return false;
        }

        const Flags shape = Flags.Null | Flags.Unknown;
        if ((_flags & shape) != (other._flags & shape))
        {
            return false;
        }

        if (IsNull || !IsKnown)
        {
            return true;
        }

        switch (Type.Kind)
        {
            case CtyTypeKind.String:
                return string.Equals((string)_payload!, (string)other._payload!, StringComparison.Ordinal);
            case CtyTypeKind.Number:
                return _number.Equals(other._number);
            case CtyTypeKind.Bool:
                return (_flags & Flags.True) == (other._flags & Flags.True);
            case CtyTypeKind.List:
            case CtyTypeKind.Tuple:
            case CtyTypeKind.Object:
                return SequenceEquals((CtyValue[])_payload!, (CtyValue[])other._payload!);
            case CtyTypeKind.Set:
                return SetEquals((CtyValue[])_payload!, (CtyValue[])other._payload!);
            case CtyTypeKind.Map:
                var a = (SortedEntries<CtyValue>)_payload!;
                var b = (SortedEntries<CtyValue>)other._payload!;
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (int i = 0; i < a.Count; i++)
                {
                    if (!string.Equals(a.KeyArray[i], b.KeyArray[i], StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return SequenceEquals(a.ValueArray, b.ValueArray);
            default:
                return false;
        }
    }

    public override bool Equals(object? obj) => obj is CtyValue other && Equals(other);

    public override int GetHashCode()
    {
        if (IsNull)
        {
            return HashCode.Combine(Type.GetHashCode(), 1);
        }

        if (!IsKnown)
        {
            return HashCode.Combine(Type.GetHashCode(), 2);
        }

        switch (Type.Kind)
        {
            case CtyTypeKind.String:
                return StringComparer.Ordinal.GetHashCode((string)_payload!);
            case CtyTypeKind.Number:
                return _number.GetHashCode();
            case CtyTypeKind.Bool:
                return (_flags & Flags.True) != 0 ? 3 : 4;
            case CtyTypeKind.Set:
                int sum = 5;
                foreach (var e in (CtyValue[])_payload!)
                {
                    sum += e.GetHashCode();
                }

                return sum;
            case CtyTypeKind.Map:
                var entries = (SortedEntries<CtyValue>)_payload!;
                var hm = new HashCode();
                for (int i = 0; i < entries.Count; i++)
                {
                    hm.Add(entries.KeyArray[i]);
                    hm.Add(entries.ValueArray[i].GetHashCode());
                }

                return hm.ToHashCode();
            default:
                var h = new HashCode();
                h.Add(Type.Kind);
                foreach (var e in (CtyValue[])_payload!)
                {
                    h.Add(e.GetHashCode());
                }

                return h.ToHashCode();
        }
    }

    /// <summary>A diagnostic rendering, e.g. <c>{a = "x", b = (unknown number)}</c>. Sensitive values are redacted.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    internal CtyValue[] ElementArray => (CtyValue[])_payload!;

    internal SortedEntries<CtyValue> MapEntries => (SortedEntries<CtyValue>)_payload!;

    internal string RawString => (string)_payload!;

    internal CtyNumber RawNumber => _number;

    internal bool RawBool => (_flags & Flags.True) != 0;

    internal static CtyValue CreateList(CtyType type, CtyValue[] items) =>
        new(type, AllKnown(items), items.Length == 0 ? NoValues : items, default);

    internal static CtyValue CreateTuple(TupleType type, CtyValue[] items) =>
        new(type, AllKnown(items), items.Length == 0 ? NoValues : items, default);

    internal static CtyValue CreateObject(ObjectType type, CtyValue[] values) =>
        new(type, AllKnown(values), values.Length == 0 ? NoValues : values, default);

    internal static CtyValue CreateMap(CtyType type, string[] keys, CtyValue[] values) =>
        new(type, AllKnown(values), new SortedEntries<CtyValue>(keys, values, null), default);

    /// <summary>Builds a set: collapses duplicate wholly-known elements, orders primitive elements like cty.</summary>
    internal static CtyValue CreateSet(CtyType type, CtyValue[] items)
    {
        if (items.Length > 1 && !IsCanonicalPrimitiveSet(type, items))
        {
            var unique = new List<CtyValue>(items.Length);
            var seen = new HashSet<CtyValue>();
            foreach (var item in items)
            {
                if (!item.IsWhollyKnown || seen.Add(item))
                {
                    unique.Add(item);
                }
            }

            items = unique.ToArray();
            if (type.ElementType.IsPrimitive)
            {
                // Stable: known values by value, then nulls, then unknowns.
                var keyed = items.Select((v, i) => (v, i)).ToArray();
                Array.Sort(keyed, (x, y) =>
                {
                    int c = ComparePrimitive(x.v, y.v);
                    return c != 0 ? c : x.i.CompareTo(y.i);
                });
                items = keyed.Select(k => k.v).ToArray();
            }
        }

        return new(type, AllKnown(items), items.Length == 0 ? NoValues : items, default);
    }

    /// <summary>Strictly ascending known primitives are already unique and ordered (the usual case when decoding).</summary>
    private static bool IsCanonicalPrimitiveSet(CtyType type, CtyValue[] items)
    {
        if (!type.ElementType.IsPrimitive)
        {
            return false;
        }

        for (int i = 0; i < items.Length; i++)
        {
            if (items[i].IsNull || !items[i].IsKnown || (i > 0 && ComparePrimitive(items[i - 1], items[i]) >= 0))
            {
                return false;
            }
        }

        return true;
    }

    private static int ComparePrimitive(CtyValue a, CtyValue b)
    {
        int ra = Rank(a);
        int rb = Rank(b);
        if (ra != rb || ra != 0)
        {
            return ra.CompareTo(rb);
        }

        return a.Type.Kind switch
        {
            CtyTypeKind.String => CtyOrdering.Instance.Compare(a.RawString, b.RawString),
            CtyTypeKind.Number => a._number.CompareTo(b._number),
            CtyTypeKind.Bool => a.RawBool.CompareTo(b.RawBool),
            _ => 0,
        };

        static int Rank(CtyValue v) => !v.IsKnown ? 2 : v.IsNull ? 1 : 0;
    }

    private static Flags AllKnown(CtyValue[] items)
    {
        foreach (var item in items)
        {
            if ((item._flags & Flags.WhollyKnown) == 0)
            {
                return Flags.None;
            }
        }

        return Flags.WhollyKnown;
    }

    private static bool SequenceEquals(CtyValue[] a, CtyValue[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SetEquals(CtyValue[] a, CtyValue[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        if (SequenceEquals(a, b))
        {
            return true;
        }

        var used = new bool[b.Length];
        foreach (var x in a)
        {
            bool found = false;
            for (int j = 0; j < b.Length; j++)
            {
                if (!used[j] && x.Equals(b[j]))
                {
                    used[j] = true;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Checks that a value may stand where <paramref name="declared"/> is expected: any value under dynamic; the same
    /// type; a null/unknown of dynamic type (retyped); or a type equal to the declared one apart from dynamic placeholders.
    /// </summary>
    private static CtyValue ConformElement(CtyValue? value, CtyType declared, object where)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value), $"element {where} is null; use CtyValue.Null(type)");
        }

        if (ReferenceEquals(value.Type, declared) || declared is DynamicType || value.Type.Equals(declared))
        {
            return value;
        }

        if (value.Type is DynamicType && (value.IsNull || !value.IsKnown))
        {
            var retyped = new CtyValue(declared, value._flags, null, default);
            return retyped;
        }

        if (Conforms(value.Type, declared))
        {
            return value;
        }

        throw new ArgumentException($"element {where}: {declared} required, got {value.Type}");
    }

    /// <summary>True if <paramref name="actual"/> equals <paramref name="declared"/> where dynamic in the declared type matches anything.</summary>
    internal static bool Conforms(CtyType actual, CtyType declared)
    {
        if (declared is DynamicType || ReferenceEquals(actual, declared))
        {
            return true;
        }

        switch (declared)
        {
            case ListType or SetType or MapType:
                return actual.Kind == declared.Kind && Conforms(actual.ElementType, declared.ElementType);
            case TupleType dt:
                if (actual is not TupleType at || at.Elements.Length != dt.Elements.Length)
                {
                    return false;
                }

                for (int i = 0; i < dt.Elements.Length; i++)
                {
                    if (!Conforms(at.Elements[i], dt.Elements[i]))
                    {
                        return false;
                    }
                }

                return true;
            case ObjectType dobj:
                if (actual is not ObjectType aobj || aobj.Names.Length != dobj.Names.Length)
                {
                    return false;
                }

                for (int i = 0; i < dobj.Names.Length; i++)
                {
                    if (!string.Equals(aobj.Names[i], dobj.Names[i], StringComparison.Ordinal) || !Conforms(aobj.Types[i], dobj.Types[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return actual.Equals(declared);
        }
    }

    private void RequireKnown(CtyTypeKind kind)
    {
        if (Type.Kind != kind || IsNull || !IsKnown)
        {
            throw new InvalidOperationException($"{Describe()} is not a known {kind.ToString().ToLowerInvariant()}");
        }
    }

    private string Describe() => IsNull ? $"null {Type}" : !IsKnown ? $"unknown {Type}" : $"a {Type} value";

    private void AppendTo(StringBuilder sb)
    {
        if (IsSensitive)
        {
            sb.Append("(sensitive)");
            return;
        }

        if (IsNull)
        {
            sb.Append("null");
            return;
        }

        if (!IsKnown)
        {
            sb.Append("(unknown ").Append(Type).Append(')');
            return;
        }

        switch (Type.Kind)
        {
            case CtyTypeKind.String:
                sb.Append('"').Append(RawString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case CtyTypeKind.Number:
                sb.Append(_number.ToString());
                break;
            case CtyTypeKind.Bool:
                sb.Append(RawBool ? "true" : "false");
                break;
            case CtyTypeKind.List:
            case CtyTypeKind.Set:
            case CtyTypeKind.Tuple:
                sb.Append('[');
                var items = ElementArray;
                for (int i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    items[i].AppendTo(sb);
                }

                sb.Append(']');
                break;
            default:
                sb.Append('{');
                bool first = true;
                foreach (var kv in Entries)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    sb.Append(kv.Key).Append(" = ");
                    kv.Value.AppendTo(sb);
                }

                sb.Append('}');
                break;
        }
    }
}
