using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>The cty object type: named attributes, each with its own type. Attributes are kept in ordinal name order.</summary>
public sealed class ObjectType : CtyType
{
    private static readonly HashSet<string> NoOptional = new(StringComparer.Ordinal);

    private readonly string[] _names;
    private readonly CtyType[] _types;
    private readonly Dictionary<string, int> _index;
    private readonly HashSet<string> _optional;
    private byte[][]? _utf8Names;

    internal ObjectType(IEnumerable<KeyValuePair<string, CtyType>> attributes, IEnumerable<string>? optionalAttributes)
    {
        var list = new List<KeyValuePair<string, CtyType>>();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var kv in attributes)
        {
            ArgumentNullException.ThrowIfNull(kv.Key, nameof(attributes));
            ArgumentNullException.ThrowIfNull(kv.Value, nameof(attributes));
            if (!_index.TryAdd(kv.Key, 0))
            {
                throw new ArgumentException($"duplicate object attribute \"{kv.Key}\"", nameof(attributes));
            }

            list.Add(kv);
        }

        list.Sort((a, b) => CtyOrdering.Instance.Compare(a.Key, b.Key));
        _names = new string[list.Count];
        _types = new CtyType[list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            _names[i] = list[i].Key;
            _types[i] = list[i].Value;
            _index[list[i].Key] = i;
        }

        _optional = NoOptional;
        if (optionalAttributes is not null)
        {
            var optional = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in optionalAttributes)
            {
                if (name is null || !_index.ContainsKey(name))
                {
                    throw new ArgumentException($"optional attribute \"{name}\" is not an attribute of the object type", nameof(optionalAttributes));
                }

                optional.Add(name);
            }

            if (optional.Count > 0)
            {
                _optional = optional;
            }
        }

        AttributeTypes = new SortedEntries<CtyType>(_names, _types, _index);
        HasDynamic = _types.Any(t => t.HasDynamic);
    }

    public override CtyTypeKind Kind => CtyTypeKind.Object;

    /// <summary>Attribute types, ordered by attribute name (ordinal).</summary>
    public IReadOnlyDictionary<string, CtyType> AttributeTypes { get; }

    /// <summary>Names of the attributes marked optional (a type-constraint notion; empty for ordinary objects).</summary>
    public IReadOnlySet<string> OptionalAttributes => _optional;

    public override bool HasDynamic { get; }

    /// <summary>Attribute names in order.</summary>
    internal string[] Names => _names;

    /// <summary>Attribute types, parallel to <see cref="Names"/>.</summary>
    internal CtyType[] Types => _types;

    internal Dictionary<string, int> Index => _index;

    /// <summary>Cache for the msgpack codec: each attribute name encoded as a msgpack string.</summary>
    internal byte[][]? MsgPackKeys { get; set; }

    /// <summary>UTF-8 bytes of each attribute name, parallel to <see cref="Names"/>.</summary>
    internal byte[][] Utf8Names => _utf8Names ??= _names.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Index of an attribute, or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out int i) ? i : -1;

    public override bool Equals(CtyType? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is not ObjectType o || o._names.Length != _names.Length || o._optional.Count != _optional.Count)
        {
            return false;
        }

        for (int i = 0; i < _names.Length; i++)
        {
            if (!string.Equals(_names[i], o._names[i], StringComparison.Ordinal) || !_types[i].Equals(o._types[i]))
            {
                return false;
            }
        }

        return _optional.SetEquals(o._optional);
    }

    internal override void AppendTo(StringBuilder sb)
    {
        sb.Append("object({");
        for (int i = 0; i < _names.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(_names[i]).Append('=');
            bool optional = _optional.Contains(_names[i]);
            if (optional)
            {
                sb.Append("optional(");
            }

            _types[i].AppendTo(sb);
            if (optional)
            {
                sb.Append(')');
            }
        }

        sb.Append("})");
    }

    private protected override int ComputeHash()
    {
        var h = new HashCode();
        h.Add(CtyTypeKind.Object);
        for (int i = 0; i < _names.Length; i++)
        {
            h.Add(_names[i]);
            h.Add(_types[i].GetHashCode());
        }

        h.Add(_optional.Count);
        return h.ToHashCode();
    }
}
