using System.Numerics;
using System.Text;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Values;

/// <summary>Seeded generator of random cty types and values for round-trip property tests.</summary>
internal sealed class CtyRandom(int seed)
{
    private static readonly string[] Names = ["a", "b", "id", "name", "_", "B", "z9", "é", "😀", "\uE000", "", "x-y", "<&>"];

    private readonly Random _rng = new(seed);

    public CtyType Type(int depth, bool allowDynamic = true)
    {
        int roll = _rng.Next(depth <= 0 ? 4 : 10);
        switch (roll)
        {
            case 0: return CtyType.String;
            case 1: return CtyType.Number;
            case 2: return CtyType.Bool;
            case 3: return allowDynamic && _rng.Next(2) == 0 ? CtyType.Dynamic : CtyType.String;
            case 4: return CtyType.List(Type(depth - 1, allowDynamic));
            case 5: return CtyType.Set(Type(depth - 1, allowDynamic));
            case 6: return CtyType.Map(Type(depth - 1, allowDynamic));
            case 7:
            case 8:
                var names = Names.OrderBy(_ => _rng.Next()).Take(_rng.Next(6)).ToArray();
                return CtyType.Object(names.Select(n => new KeyValuePair<string, CtyType>(n, Type(depth - 1, allowDynamic))));
            default:
                return CtyType.Tuple(Enumerable.Range(0, _rng.Next(4)).Select(_ => Type(depth - 1, allowDynamic)).ToArray());
        }
    }

    public CtyValue Value(CtyType type, int depth, bool allowUnknown)
    {
        int roll = _rng.Next(100);
        if (roll < 7)
        {
            return CtyValue.Null(type);
        }

        if (allowUnknown && roll < 14)
        {
            return CtyValue.Unknown(type);
        }

        switch (type)
        {
            case DynamicType:
                return Value(Type(2, allowDynamic: false), depth, allowUnknown);
            case PrimitiveType when type.Kind == CtyTypeKind.String:
                return CtyValue.String(String());
            case PrimitiveType when type.Kind == CtyTypeKind.Number:
                return CtyValue.Number(Number(allowInfinity: allowUnknown));
            case PrimitiveType:
                return CtyValue.Bool(_rng.Next(2) == 0);
            case ListType:
                return CtyValue.List(type.ElementType, Items(type.ElementType, depth, allowUnknown));
            case SetType:
                return CtyValue.Set(type.ElementType, Items(type.ElementType, depth, allowUnknown));
            case MapType:
                var keys = Enumerable.Range(0, _rng.Next(5)).Select(_ => String(maxLength: 6)).Distinct(StringComparer.Ordinal).ToArray();
                return CtyValue.Map(type.ElementType, keys.Select(k => new KeyValuePair<string, CtyValue>(k, Value(type.ElementType, depth - 1, allowUnknown))));
            case ObjectType o:
                return CtyValue.Object(o, o.AttributeTypes.Select(kv => new KeyValuePair<string, CtyValue>(kv.Key, Value(kv.Value, depth - 1, allowUnknown))));
            case TupleType t:
                return CtyValue.Tuple(t, t.ElementTypes.Select(e => Value(e, depth - 1, allowUnknown)));
            default:
                throw new InvalidOperationException(type.ToString());
        }
    }

    private List<CtyValue> Items(CtyType elementType, int depth, bool allowUnknown) =>
        Enumerable.Range(0, _rng.Next(5)).Select(_ => Value(elementType, depth - 1, allowUnknown)).ToList();

    public string String(int maxLength = 40)
    {
        int length = _rng.Next(20) == 0 ? _rng.Next(200, 400) : _rng.Next(maxLength + 1);
        var sb = new StringBuilder(length);
        while (sb.Length < length)
        {
            switch (_rng.Next(10))
            {
                case 0: sb.Append((char)_rng.Next(0, 0x20)); break;
                case 1: sb.Append("<>&\"\\"[_rng.Next(5)]); break;
                case 2: sb.Append((char)_rng.Next(0xA0, 0x800)); break;
                case 3: sb.Append((char)_rng.Next(0x4E00, 0x9FFF)); break;
                case 4: sb.Append(char.ConvertFromUtf32(_rng.Next(0x1F300, 0x1FAFF))); break;
                case 5: sb.Append((char)_rng.Next(0xE000, 0xFFFE)); break;
                case 6: sb.Append(_rng.Next(2) == 0 ? '\u2028' : '\u2029'); break;
                default: sb.Append((char)_rng.Next(0x20, 0x7F)); break;
            }
        }

        return sb.ToString();
    }

    public CtyNumber Number(bool allowInfinity)
    {
        switch (_rng.Next(allowInfinity ? 9 : 8))
        {
            case 0: return CtyNumber.FromInt64(_rng.Next(-300, 300));
            case 1: return CtyNumber.FromInt64(_rng.NextInt64(long.MinValue, long.MaxValue));
            case 2: return CtyNumber.FromUInt64((ulong)_rng.NextInt64() * 2 + (ulong)_rng.Next(2));
            case 3:
                double d;
                do
                {
                    d = BitConverter.Int64BitsToDouble(_rng.NextInt64(long.MinValue, long.MaxValue));
                }
                while (double.IsNaN(d) || double.IsInfinity(d));
                return CtyNumber.FromDouble(d);
            case 4: return CtyNumber.FromDouble(_rng.NextDouble() * 1000 - 500);
            case 5:
                var digits = new StringBuilder();
                int count = _rng.Next(1, 60);
                for (int i = 0; i < count; i++)
                {
                    digits.Append((char)('0' + _rng.Next(10)));
                }

                int point = _rng.Next(count + 1);
                digits.Insert(point, '.');
                return CtyNumber.Parse((_rng.Next(2) == 0 ? "-" : string.Empty) + digits.ToString().TrimEnd('.').TrimStart('.') switch
                {
                    "" => "0",
                    var s => s,
                });
            case 6: return CtyNumber.Parse($"{_rng.Next(1, 10)}e{_rng.Next(-400, 400)}");
            case 7: return CtyNumber.Parse(((BigInteger)1 << _rng.Next(60, 70)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            default: return _rng.Next(2) == 0 ? CtyNumber.PositiveInfinity : CtyNumber.NegativeInfinity;
        }
    }
}
