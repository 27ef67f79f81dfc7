using System.Globalization;

namespace Nutanix.Prism;

/// <summary>The oldest Prism Central and Prism Element one CAPX minor version supports.</summary>
/// <param name="Capx">CAPX minor version, e.g. <c>1.10</c>.</param>
/// <param name="MinimumPrismCentral">e.g. <c>7.5</c>, or <c>pc.2024.1</c> for the calendar-versioned releases.</param>
/// <param name="MinimumPrismElement">AOS version, e.g. <c>7.5</c>.</param>
public sealed record CapxRequirement(string Capx, string MinimumPrismCentral, string MinimumPrismElement);

/// <summary>
/// CAPX's compatibility table ("Compatibility with Prism Central &amp; Prism Element" in the
/// cluster-api-provider-nutanix README): the minimum Prism Central and Prism Element versions per CAPX minor release.
/// </summary>
public static class CapxCompatibility
{
    /// <summary>The table, oldest CAPX first.</summary>
    public static IReadOnlyList<CapxRequirement> Table { get; } =
    [
        new("1.5", "pc.2024.1", "6.5"),
        new("1.6", "pc.2024.2", "6.5"),
        new("1.7", "pc.2024.3", "6.5"),
        new("1.8", "7.3", "7.3"),
        new("1.9", "7.5", "7.5"),
        new("1.10", "7.5", "7.5"),
    ];

    /// <summary>
    /// The requirement of CAPX <paramref name="capxVersion"/> (<c>v1.10.3</c>, <c>1.10.0-beta.1</c>); a CAPX newer
    /// than the table gets the newest row (requirements only ever rose); null for an older or unparsable version.
    /// </summary>
    public static CapxRequirement? For(string? capxVersion)
    {
        if (MinorOf(capxVersion) is not { } minor)
        {
            return null;
        }

        var exact = Table.FirstOrDefault(r => MinorOf(r.Capx) == minor);
        if (exact is not null)
        {
            return exact;
        }

        return MinorOf(Table[^1].Capx)!.Value.CompareTo(minor) < 0 ? Table[^1] : null;
    }

    private static (int Major, int Minor)? MinorOf(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var parts = version.Trim().TrimStart('v', 'V').Split('.', '-', '+');
        return parts.Length >= 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }
}
