using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Terraform.Plugin.Values;

/// <summary>
/// An arbitrary-precision decimal number (cty number): a <see cref="BigInteger"/> mantissa and a base-10 scale, or
/// ±infinity. Never rounds. The representation is canonical (integers have scale 0; fractions have no trailing zero
/// digit), so equality and hashing are by value.
/// </summary>
public readonly struct CtyNumber : IEquatable<CtyNumber>, IComparable<CtyNumber>
{
    private const int MaxExponent = 100_000;

    private static readonly BigInteger Ten = 10;
    private static readonly BigInteger LongMin = long.MinValue;
    private static readonly BigInteger LongMax = long.MaxValue;

    // value = _mantissa * 10^-_scale, _scale >= 0; _infinity is -1/+1 for -Inf/+Inf (then mantissa and scale are 0).
    private readonly BigInteger _mantissa;
    private readonly int _scale;
    private readonly sbyte _infinity;

    private CtyNumber(BigInteger mantissa, int scale, sbyte infinity)
    {
        _mantissa = mantissa;
        _scale = scale;
        _infinity = infinity;
    }

    public static CtyNumber Zero => default;

    public static CtyNumber PositiveInfinity => new(BigInteger.Zero, 0, 1);

    public static CtyNumber NegativeInfinity => new(BigInteger.Zero, 0, -1);

    /// <summary>True for an integral finite number.</summary>
    public bool IsInteger => _infinity == 0 && _scale == 0;

    public bool IsInfinity => _infinity != 0;

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => _infinity != 0 ? _infinity : _mantissa.Sign;

    /// <summary>Parses decimal text: <c>[+-]digits[.digits][(e|E)[+-]digits]</c>, or <c>[+-]Inf</c>.</summary>
    /// <exception cref="FormatException">The text is not a number.</exception>
    public static CtyNumber Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s.AsSpan(), out var value) ? value : throw new FormatException($"\"{Truncate(s)}\" is not a valid number");
    }

    public static bool TryParse([NotNullWhen(true)] string? s, out CtyNumber value)
    {
        if (s is null)
        {
            value = default;
            return false;
        }

        return TryParse(s.AsSpan(), out value);
    }

    public static bool TryParse(ReadOnlySpan<char> s, out CtyNumber value)
    {
        value = default;
        int i = 0;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        var rest = s[i..];
        if (rest.SequenceEqual("Inf") || rest.SequenceEqual("inf"))
        {
            value = negative ? NegativeInfinity : PositiveInfinity;
            return true;
        }

        int intStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        var intDigits = s[intStart..i];
        ReadOnlySpan<char> fracDigits = default;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int fracStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            fracDigits = s[fracStart..i];
        }

        if (intDigits.Length == 0 && fracDigits.Length == 0)
        {
            return false;
        }

        long exponent = 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            bool expNegative = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                expNegative = s[i] == '-';
                i++;
            }

            int expStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (exponent < MaxExponent * 10L)
                {
                    exponent = (exponent * 10) + (s[i] - '0');
                }

                i++;
            }

            if (i == expStart || exponent > MaxExponent)
            {
                return false;
            }

            if (expNegative)
            {
                exponent = -exponent;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        BigInteger mantissa;
        int totalDigits = intDigits.Length + fracDigits.Length;
        if (totalDigits <= 18)
        {
            long m = 0;
            foreach (char c in intDigits)
            {
                m = (m * 10) + (c - '0');
            }

            foreach (char c in fracDigits)
            {
                m = (m * 10) + (c - '0');
            }

            mantissa = m;
        }
        else
        {
            var digits = new StringBuilder(totalDigits);
            digits.Append(intDigits).Append(fracDigits);
            mantissa = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        }

        if (negative)
        {
            mantissa = -mantissa;
        }

        long scale = fracDigits.Length - exponent;
        value = Create(mantissa, scale);
        return true;
    }

    public static CtyNumber FromInt64(long value) => new(value, 0, 0);

    public static CtyNumber FromUInt64(ulong value) => new(value, 0, 0);

    /// <summary>The exact value of a binary double (e.g. 0.1 becomes 0.1000000000000000055511151231257827021181583404541015625).</summary>
    /// <exception cref="ArgumentException">NaN.</exception>
    public static CtyNumber FromDouble(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN is not a number", nameof(value));
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? PositiveInfinity : NegativeInfinity;
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 9.2e18)
        {
            return new CtyNumber((long)value, 0, 0);
        }

        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            fraction |= 1L << 52;
        }

        exponent -= 1075; // value = fraction * 2^exponent
        while (exponent < 0 && (fraction & 1) == 0)
        {
            fraction >>= 1;
            exponent++;
        }

        BigInteger mantissa = fraction;
        if (negative)
        {
            mantissa = -mantissa;
        }

        if (exponent >= 0)
        {
            return new CtyNumber(mantissa << exponent, 0, 0);
        }

        // m / 2^k == m * 5^k / 10^k
        int k = -exponent;
        return Create(mantissa * BigInteger.Pow(5, k), k);
    }

    public static CtyNumber FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var low = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        int scale = (bits[3] >> 16) & 0xFF;
        if (bits[3] < 0)
        {
            low = -low;
        }

        return Create(low, scale);
    }

    public static implicit operator CtyNumber(long value) => FromInt64(value);

    /// <summary>The value as an int64 if it is an integer in range.</summary>
    public bool TryGetInt64(out long value)
    {
        if (_infinity == 0 && _scale == 0 && _mantissa >= LongMin && _mantissa <= LongMax)
        {
            value = (long)_mantissa;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The nearest double (round half to even); ±infinity beyond the double range.</summary>
    public double ToDouble()
    {
        if (_infinity != 0)
        {
            return _infinity > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        }

        if (_scale == 0 && _mantissa >= -(1L << 53) && _mantissa <= (1L << 53))
        {
            return (double)(long)_mantissa;
        }

        return double.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>True if a double holds exactly this value (infinities included).</summary>
    public bool TryGetExactDouble(out double value)
    {
        value = ToDouble();
        if (_infinity != 0)
        {
            return true;
        }

        if (double.IsInfinity(value))
        {
            return false;
        }

        return FromDouble(value).Equals(this);
    }

    /// <summary>Canonical decimal text without exponent, e.g. <c>18446744073709551616</c>, <c>0.5</c>, <c>-3</c>; <c>+Inf</c>/<c>-Inf</c>.</summary>
    public override string ToString()
    {
        if (_infinity != 0)
        {
            return _infinity > 0 ? "+Inf" : "-Inf";
        }

        if (_scale == 0)
        {
            return _mantissa.ToString(CultureInfo.InvariantCulture);
        }

        string digits = BigInteger.Abs(_mantissa).ToString(CultureInfo.InvariantCulture);
        if (digits.Length <= _scale)
        {
            digits = new string('0', _scale - digits.Length + 1) + digits;
        }

        int point = digits.Length - _scale;
        return string.Concat(_mantissa.Sign < 0 ? "-" : string.Empty, digits.AsSpan(0, point), ".", digits.AsSpan(point));
    }

    public bool Equals(CtyNumber other) =>
        _infinity == other._infinity && _scale == other._scale && _mantissa.Equals(other._mantissa);

    public override bool Equals(object? obj) => obj is CtyNumber other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_mantissa, _scale, _infinity);

    public int CompareTo(CtyNumber other)
    {
        if (_infinity != 0 || other._infinity != 0)
        {
            int a = _infinity != 0 ? _infinity * 2 : 0;
            int b = other._infinity != 0 ? other._infinity * 2 : 0;
            if (a != b)
            {
                return a.CompareTo(b);
            }

            if (a != 0)
            {
                return 0;
            }
        }

        if (_scale == other._scale)
        {
            return _mantissa.CompareTo(other._mantissa);
        }

        if (_scale < other._scale)
        {
            return (_mantissa * BigInteger.Pow(Ten, other._scale - _scale)).CompareTo(other._mantissa);
        }

        return _mantissa.CompareTo(other._mantissa * BigInteger.Pow(Ten, _scale - other._scale));
    }

    public static bool operator ==(CtyNumber left, CtyNumber right) => left.Equals(right);

    public static bool operator !=(CtyNumber left, CtyNumber right) => !left.Equals(right);

    public static bool operator <(CtyNumber left, CtyNumber right) => left.CompareTo(right) < 0;

    public static bool operator >(CtyNumber left, CtyNumber right) => left.CompareTo(right) > 0;

    public static bool operator <=(CtyNumber left, CtyNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >=(CtyNumber left, CtyNumber right) => left.CompareTo(right) >= 0;

    private static CtyNumber Create(BigInteger mantissa, long scale)
    {
        if (mantissa.IsZero)
        {
            return default;
        }

        if (scale <= 0)
        {
            return new CtyNumber(scale == 0 ? mantissa : mantissa * BigInteger.Pow(Ten, (int)-scale), 0, 0);
        }

        while (scale > 0)
        {
            var quotient = BigInteger.DivRem(mantissa, Ten, out var remainder);
            if (!remainder.IsZero)
            {
                break;
            }

            mantissa = quotient;
            scale--;
        }

        return new CtyNumber(mantissa, (int)scale, 0);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
