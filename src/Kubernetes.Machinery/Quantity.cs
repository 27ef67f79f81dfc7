using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kubernetes.Machinery;

/// <summary>
/// A Kubernetes resource quantity ("4Gi", "4096Mi", "40G", "1.5Gi", "500m"). Equality and ordering compare the
/// numeric value (so "4Gi" == "4096Mi"); <see cref="ToString"/> gives the canonical form the API server would print
/// (binary suffixes for binary input that divides evenly, otherwise decimal suffixes).
/// </summary>
public readonly partial struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    private static readonly string[] DecimalSuffixes = ["", "k", "M", "G", "T", "P", "E"];

    private Quantity(decimal value, bool binary)
    {
        // Drop trailing zeros of the decimal scale so 1.5 * 1024 prints as 1536, not 1536.0.
        Value = value / 1.0000000000000000000000000000m;
        IsBinary = binary;
    }

    /// <summary>The numeric value (bytes for memory/disk sizes).</summary>
    public decimal Value { get; }

    /// <summary>True when the quantity was written with a binary (Ki/Mi/Gi...) suffix.</summary>
    public bool IsBinary { get; }

    [GeneratedRegex(@"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    /// <summary>A quantity of <paramref name="bytes"/> in binary form.</summary>
    public static Quantity FromBytes(long bytes) => new(bytes, binary: true);

    /// <summary>Parses a quantity; throws <see cref="FormatException"/> for invalid text.</summary>
    public static Quantity Parse(string text)
    {
        if (!TryParse(text, out var q))
        {
            throw new FormatException($"quantity \"{text}\" must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        }

        return q;
    }

    /// <summary>Tries to parse a quantity.</summary>
    public static bool TryParse(string? text, out Quantity quantity)
    {
        quantity = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var m = Syntax().Match(text.Trim());
        if (!m.Success || !decimal.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var suffix = m.Groups[2].Value;
        try
        {
            var binaryIndex = Array.IndexOf(BinarySuffixes, suffix);
            if (suffix.Length > 0 && binaryIndex > 0)
            {
                quantity = new Quantity(number * Pow(1024, binaryIndex), binary: true);
                return true;
            }

            decimal factor = suffix switch
            {
                "" => 1m,
                "n" => 0.000000001m,
                "u" => 0.000001m,
                "m" => 0.001m,
                "k" => 1e3m,
                "M" => 1e6m,
                "G" => 1e9m,
                "T" => 1e12m,
                "P" => 1e15m,
                "E" => 1e18m,
                _ => PowerOfTen(int.Parse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            };
            quantity = new Quantity(number * factor, binary: false);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whole bytes (a fraction truncated) of a quantity field as an object holds it: a JSON number, or a string such as
    /// "4Gi" or "40G"; null when absent or not a quantity.
    /// </summary>
    public static long? Bytes(JsonNode? node)
    {
        if (JsonNumbers.Int64(node) is { } number) return number;
        if (!TryParse(JsonNumbers.GetString(node), out var q)) return null;
        try
        {
            return (long)decimal.Truncate(q.Value);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Whole mebibytes of <paramref name="bytes"/> (rounded down), the unit Prism Central sizes VMs in.</summary>
    public static long Mib(long bytes) => bytes / (1024 * 1024);

    /// <summary>Canonical text: "4Gi" for 4294967296 written in binary form, "40G" for decimal, "1536Mi", "500m".</summary>
    public override string ToString()
    {
        var v = Value;
        var sign = v < 0 ? "-" : string.Empty;
        v = Math.Abs(v);
        if (v == 0)
        {
            return "0";
        }

        if (v == decimal.Truncate(v))
        {
            if (IsBinary)
            {
                for (var i = BinarySuffixes.Length - 1; i >= 1; i--)
                {
                    var unit = Pow(1024, i);
                    if (v >= unit && v % unit == 0)
                    {
                        return sign + Normalize(v / unit).ToString(CultureInfo.InvariantCulture) + BinarySuffixes[i];
                    }
                }

                if (v < 1024)
                {
                    return sign + v.ToString(CultureInfo.InvariantCulture);
                }
            }

            for (var i = DecimalSuffixes.Length - 1; i >= 1; i--)
            {
                var unit = Pow(1000, i);
                if (v >= unit && v % unit == 0)
                {
                    return sign + Normalize(v / unit).ToString(CultureInfo.InvariantCulture) + DecimalSuffixes[i];
                }
            }

            return sign + v.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (suffix, unit) in new[] { ("m", 0.001m), ("u", 0.000001m), ("n", 0.000000001m) })
        {
            var scaled = v / unit;
            if (scaled == decimal.Truncate(scaled))
            {
                return sign + Normalize(scaled).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        // Finer than nano: Kubernetes rounds up to the nearest nano unit.
        return sign + decimal.Ceiling(v / 0.000000001m).ToString(CultureInfo.InvariantCulture) + "n";
    }

    /// <summary>The value rounded up to a whole number (e.g. bytes).</summary>
    public long ToInt64() => (long)decimal.Ceiling(Value);

    public bool Equals(Quantity other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is Quantity q && Equals(q);

    public override int GetHashCode() => Value.GetHashCode();

    public int CompareTo(Quantity other) => Value.CompareTo(other.Value);

    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    private static decimal Normalize(decimal d) => d / 1.0000000000000000000000000000m;

    private static decimal Pow(int b, int e)
    {
        var r = 1m;
        for (var i = 0; i < e; i++)
        {
            r *= b;
        }

        return r;
    }

    private static decimal PowerOfTen(int exponent)
    {
        if (exponent is > 28 or < -28)
        {
            throw new OverflowException();
        }

        return (decimal)BigInteger.Pow(10, Math.Abs(exponent)) is var p && exponent >= 0 ? p : 1m / p;
    }
}
