using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kubernetes.Machinery.Yaml;

/// <summary>
/// Resolves plain (unquoted, untagged) YAML scalars the way Kubernetes' sigs.k8s.io/yaml (go-yaml v2, YAML 1.1
/// flavoured) does: booleans include yes/no/on/off, ints accept 0x/0o/0b/leading-zero octal and underscores,
/// floats accept exponents and .inf/.nan, null is <c>null</c>, <c>~</c> or empty.
/// </summary>
internal static partial class YamlScalars
{
    internal enum Kind { String, Null, Bool, Int, Float }

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^[-+]?0[0-7_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalLegacy();

    [GeneratedRegex(@"^[-+]?0o[0-7_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Octal();

    [GeneratedRegex(@"^[-+]?0x[0-9a-fA-F_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex();

    [GeneratedRegex(@"^[-+]?0b[01_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Binary();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$", RegexOptions.CultureInvariant)]
    private static partial Regex SpecialFloat();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampLike();

    private static readonly HashSet<string> TrueWords = new(StringComparer.Ordinal)
    {
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    };

    private static readonly HashSet<string> FalseWords = new(StringComparer.Ordinal)
    {
        "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    };

    private static readonly HashSet<string> NullWords = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };

    /// <summary>True when the plain scalar text would not read back as the same string.</summary>
    internal static bool NeedsQuoting(string value)
    {
        if (Classify(value) != Kind.String)
        {
            return true;
        }

        if (TimestampLike().IsMatch(value) || value == "<<" || value == "=")
        {
            return true;
        }

        return value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]));
    }

    internal static Kind Classify(string text)
    {
        if (NullWords.Contains(text))
        {
            return Kind.Null;
        }

        if (TrueWords.Contains(text) || FalseWords.Contains(text))
        {
            return Kind.Bool;
        }

        if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.'))
        {
            return Kind.String;
        }

        if (DecimalInt().IsMatch(text) || OctalLegacy().IsMatch(text) || Octal().IsMatch(text) || Hex().IsMatch(text) || Binary().IsMatch(text))
        {
            return Kind.Int;
        }

        if (SpecialFloat().IsMatch(text))
        {
            return Kind.Float;
        }

        if (FloatPattern().IsMatch(text) && text.Any(char.IsAsciiDigit))
        {
            return Kind.Float;
        }

        return Kind.String;
    }

    /// <summary>Converts a plain scalar to its JSON value (null for YAML null).</summary>
    internal static JsonNode? ResolvePlain(string text, Func<string, Exception> error)
    {
        return Classify(text) switch
        {
            Kind.Null => null,
            Kind.Bool => JsonValue.Create(TrueWords.Contains(text)),
            Kind.Int => ParseInt(text, error),
            Kind.Float => ParseFloat(text, error),
            _ => JsonValue.Create(text),
        };
    }

    internal static JsonNode ParseInt(string text, Func<string, Exception> error)
    {
        var s = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = false;
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        BigInteger value;
        if (s.StartsWith("0x", StringComparison.Ordinal))
        {
            value = BigInteger.Parse("0" + s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else if (s.StartsWith("0b", StringComparison.Ordinal))
        {
            value = ParseRadix(s[2..], 2);
        }
        else if (s.StartsWith("0o", StringComparison.Ordinal))
        {
            value = ParseRadix(s[2..], 8);
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            value = ParseRadix(s[1..], 8);
        }
        else if (!BigInteger.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            throw error($"invalid integer {text}");
        }

        if (negative)
        {
            value = -value;
        }

        return NumberNode(value);
    }

    internal static JsonNode NumberNode(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            return JsonValue.Create((long)value);
        }

        if (value >= 0 && value <= ulong.MaxValue)
        {
            return JsonValue.Create((ulong)value);
        }

        // Beyond 64 bits: keep the exact digits as a raw JSON number.
        return JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;
    }

    private static BigInteger ParseRadix(string digits, int radix)
    {
        BigInteger v = BigInteger.Zero;
        foreach (var c in digits)
        {
            v = (v * radix) + (c - '0');
        }

        return v;
    }

    internal static JsonNode ParseFloat(string text, Func<string, Exception> error)
    {
        if (SpecialFloat().IsMatch(text))
        {
            throw error($"unsupported non-finite number {text} (JSON cannot represent it)");
        }

        var s = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (s.StartsWith('+'))
        {
            s = s[1..];
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            throw error($"invalid number {text}");
        }

        // Normalise to JSON number syntax (e.g. "1." or ".5") while keeping the digits given.
        var json = s;
        if (json.StartsWith('.'))
        {
            json = "0" + json;
        }
        else if (json.StartsWith("-.", StringComparison.Ordinal))
        {
            json = "-0" + json[1..];
        }

        json = json.Replace(".e", ".0e", StringComparison.OrdinalIgnoreCase);
        if (json.EndsWith('.'))
        {
            json += "0";
        }

        try
        {
            return JsonNode.Parse(json)!;
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(d);
        }
    }
}
