using System.Collections.ObjectModel;
using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>The cty tuple type: a fixed sequence of element types.</summary>
public sealed class TupleType : CtyType
{
    private readonly CtyType[] _elements;

    internal TupleType(IEnumerable<CtyType> elements)
    {
        _elements = elements.ToArray();
        foreach (var e in _elements)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(elements));
        }

        ElementTypes = new ReadOnlyCollection<CtyType>(_elements);
        HasDynamic = _elements.Any(e => e.HasDynamic);
    }

    public override CtyTypeKind Kind => CtyTypeKind.Tuple;

    public IReadOnlyList<CtyType> ElementTypes { get; }

    public override bool HasDynamic { get; }

    internal CtyType[] Elements => _elements;

    /// <summary>A tuple type with the given element types.</summary>
    public static TupleType Of(IEnumerable<CtyType> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return new TupleType(elements);
    }

    public override bool Equals(CtyType? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is not TupleType o || o._elements.Length != _elements.Length)
        {
            return false;
        }

        for (int i = 0; i < _elements.Length; i++)
        {
            if (!_elements[i].Equals(o._elements[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal override void AppendTo(StringBuilder sb)
    {
        sb.Append("tuple([");
        for (int i = 0; i < _elements.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            _elements[i].AppendTo(sb);
        }

        sb.Append("])");
    }

    private protected override int ComputeHash()
    {
        var h = new HashCode();
        h.Add(CtyTypeKind.Tuple);
        foreach (var e in _elements)
        {
            h.Add(e.GetHashCode());
        }

        return h.ToHashCode();
    }
}
