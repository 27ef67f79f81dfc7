using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// A parsed label selector in the apiserver's string syntax: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>,
/// <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c> (exists), <c>!a</c> (does not exist), comma-separated (AND).
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    /// <summary>Matches every object.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Parses a selector; throws <see cref="KubeApiException"/> (400) on syntax errors.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var reqs = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            reqs.Add(ParseRequirement(part.Trim(), text));
        }

        return new LabelSelector(reqs);
    }

    /// <summary>A selector requiring every given label to equal its value.</summary>
    public static LabelSelector FromLabels(IReadOnlyDictionary<string, string> labels) =>
        new(labels.Select(kv => new Requirement(kv.Key, Op.In, [kv.Value])).ToList());

    /// <summary>True when the labels satisfy every requirement.</summary>
    public bool Matches(JsonObject? labels)
    {
        foreach (var r in _requirements)
        {
            var present = labels is not null && labels.TryGetPropertyValue(r.Key, out var node) && node is not null;
            var value = present ? labels![r.Key]!.ToString() : null;
            var ok = r.Op switch
            {
                Op.Exists => present,
                Op.NotExists => !present,
                Op.In => present && r.Values.Contains(value!),
                Op.NotIn => !present || !r.Values.Contains(value!),
                _ => false,
            };
            if (!ok) return false;
        }

        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0) throw Bad(whole);
        if (part[0] == '!')
        {
            return new Requirement(CheckKey(part[1..].Trim(), whole), Op.NotExists, []);
        }

        var setMatch = part.IndexOf('(');
        if (setMatch > 0)
        {
            var head = part[..setMatch].Trim();
            var space = head.LastIndexOf(' ');
            if (space < 0 || !part.EndsWith(')')) throw Bad(whole);
            var key = CheckKey(head[..space].Trim(), whole);
            var op = head[(space + 1)..] switch
            {
                "in" => Op.In,
                "notin" => Op.NotIn,
                _ => throw Bad(whole),
            };
            var values = part[(setMatch + 1)..^1].Split(',').Select(v => v.Trim()).ToArray();
            return new Requirement(key, op, values);
        }

        foreach (var (token, op) in new[] { ("!=", Op.NotIn), ("==", Op.In), ("=", Op.In) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return new Requirement(CheckKey(part[..at].Trim(), whole), op, [part[(at + token.Length)..].Trim()]);
            }
        }

        return new Requirement(CheckKey(part, whole), Op.Exists, []);
    }

    private static string CheckKey(string key, string whole)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '=' or '!' or '(' or ')')) throw Bad(whole);
        return key;
    }

    private static KubeApiException Bad(string text) =>
        KubeApiException.BadRequest($"unable to parse requirement: found '{text}', expected: valid label selector");

    private enum Op
    {
        In,
        NotIn,
        Exists,
        NotExists,
    }

    private sealed record Requirement(string Key, Op Op, string[] Values);
}
