using System.Globalization;

namespace Nutanix.Prism;

/// <summary>
/// A parsed Prism Central version. PC moved from calendar versions (<c>pc.2022.6</c>, <c>pc.2024.3.1</c>) to
/// <c>7.x</c> (<c>pc.7.3</c>) — every 7.x release is newer than every calendar release, so plain numeric or string
/// comparison is wrong. Ordering here: calendar versions first (numerically), then 7.x+ (numerically).
/// </summary>
public sealed record PrismCentralVersion : IComparable<PrismCentralVersion>
{
    private PrismCentralVersion(string raw, IReadOnlyList<int> parts)
    {
        Raw = raw;
        Parts = parts;
    }

    /// <summary>The version string as reported (e.g. <c>pc.2024.1.0.1</c>).</summary>
    public string Raw { get; }

    /// <summary>The numeric components (e.g. 2024, 1, 0, 1).</summary>
    public IReadOnlyList<int> Parts { get; }

    /// <summary>True for the calendar scheme (first component ≥ 2000).</summary>
    public bool IsCalendarVersion => Parts[0] >= 2000;

    /// <summary>Parses <c>pc.X.Y[.Z…]</c> or <c>X.Y[.Z…]</c>; returns null for anything else (e.g. <c>master</c>).</summary>
    public static PrismCentralVersion? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var body = trimmed.StartsWith("pc.", StringComparison.OrdinalIgnoreCase) ? trimmed[3..] : trimmed;
        var parts = new List<int>();
        foreach (var piece in body.Split('.'))
        {
            if (!int.TryParse(piece, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                break;
            }

            parts.Add(n);
        }

        return parts.Count == 0 ? null : new PrismCentralVersion(trimmed, parts);
    }

    /// <summary>True when this version is at least <paramref name="minimum"/> (e.g. <c>"7.3"</c>).</summary>
    public bool IsAtLeast(string minimum) =>
        CompareTo(TryParse(minimum) ?? throw new ArgumentException($"'{minimum}' is not a Prism Central version.", nameof(minimum))) >= 0;

    public int CompareTo(PrismCentralVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (IsCalendarVersion != other.IsCalendarVersion)
        {
            return IsCalendarVersion ? -1 : 1;
        }

        for (var i = 0; i < Math.Max(Parts.Count, other.Parts.Count); i++)
        {
            var a = i < Parts.Count ? Parts[i] : 0;
            var b = i < other.Parts.Count ? other.Parts[i] : 0;
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        return 0;
    }

    public bool Equals(PrismCentralVersion? other) => other is not null && CompareTo(other) == 0;

    public override int GetHashCode()
    {
        var significant = Parts.Count;
        while (significant > 1 && Parts[significant - 1] == 0)
        {
            significant--;
        }

        var hash = default(HashCode);
        for (var i = 0; i < significant; i++)
        {
            hash.Add(Parts[i]);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => Raw;
}
