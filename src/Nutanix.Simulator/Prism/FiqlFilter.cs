using Nutanix.Simulator.Inventory;

namespace Nutanix.Simulator.Prism;

/// <summary>
/// The subset of FIQL that Prism v3 list calls use: <c>attr==value</c>, <c>attr!=value</c>, OR with <c>,</c> and AND
/// with <c>;</c> (AND binds tighter, as in FIQL). Values compare case-sensitively; a value may end with <c>.*</c>
/// to match a prefix. An unknown attribute is refused (400 INVALID_REQUEST).
/// </summary>
public sealed class FiqlFilter
{
    private readonly List<List<(string Attribute, bool Negated, string Value)>> _alternatives;

    private FiqlFilter(List<List<(string, bool, string)>> alternatives) => _alternatives = alternatives;

    /// <summary>Parses <paramref name="text"/>; null or blank means "match everything".</summary>
    public static FiqlFilter? Parse(string? text, IReadOnlyCollection<string> knownAttributes)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var alternatives = new List<List<(string, bool, string)>>();
        foreach (var orPart in text.Split(','))
        {
            var conjunction = new List<(string, bool, string)>();
            foreach (var term in orPart.Split(';'))
            {
                var negated = false;
                var idx = term.IndexOf("==", StringComparison.Ordinal);
                var neg = term.IndexOf("!=", StringComparison.Ordinal);
                if (idx < 0 || (neg >= 0 && neg < idx))
                {
                    idx = neg;
                    negated = true;
                }
                if (idx <= 0) throw new PrismApiException(400, "INVALID_REQUEST", $"filter term '{term}' is not of the form attribute==value");
                var attribute = term[..idx].Trim();
                var value = Uri.UnescapeDataString(term[(idx + 2)..]);
                if (!knownAttributes.Contains(attribute))
                {
                    throw new PrismApiException(400, "INVALID_REQUEST", $"filter attribute '{attribute}' is not supported (supported: {string.Join(", ", knownAttributes)})");
                }
                conjunction.Add((attribute, negated, value));
            }
            alternatives.Add(conjunction);
        }
        return new FiqlFilter(alternatives);
    }

    public bool Matches(Func<string, string?> attributeValue) =>
        _alternatives.Any(all => all.All(t => ValueMatches(attributeValue(t.Attribute), t.Value) != t.Negated));

    private static bool ValueMatches(string? actual, string expected)
    {
        if (actual is null) return false;
        if (expected.EndsWith(".*", StringComparison.Ordinal)) return actual.StartsWith(expected[..^2], StringComparison.Ordinal);
        return actual == expected;
    }
}
