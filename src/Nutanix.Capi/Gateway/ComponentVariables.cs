using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nutanix.Capi.Gateway;

/// <summary>
/// Variable substitution in component files with clusterctl's rules (its "simple processor", which runs the
/// <c>drone/envsubst</c> parser):
/// <list type="bullet">
/// <item><c>${V}</c> is the value of V; <c>${V:=d}</c>, <c>${V:-d}</c>, <c>${V=d}</c> (and <c>${V:?d}</c>, <c>${V:+d}</c>,
/// which envsubst treats the same way) give <c>d</c> when V is unset <em>or empty</em>; a default may contain
/// <c>${OTHER}</c>.</item>
/// <item>A variable is required when its first occurrence in the file has no default (or an empty one, as in
/// <c>${V:=}</c>) and no value is given: the whole file is refused, naming every such variable.</item>
/// <item><c>${ V }</c> is read as <c>${V}</c>; <c>$$</c> outside <c>${…}</c> is a literal <c>$</c>; a bare <c>$V</c> is text.</item>
/// <item>Forms envsubst cannot parse (such as <c>${V-d}</c>, which fails in clusterctl with "missing closing brace")
/// and string functions no provider file uses (<c>${V:1:2}</c>, <c>${V^^}</c>, <c>${#V}</c>, <c>${V/a/b}</c>,
/// <c>${V%x}</c>) are refused with the line and a fix.</item>
/// </list>
/// </summary>
public static partial class ComponentVariables
{
    /// <summary>One variable a file uses: its name, the default of its first occurrence (null when none) and the line of that occurrence.</summary>
    public sealed record Variable(string Name, string? Default, int Line)
    {
        public bool Required => string.IsNullOrEmpty(Default);
    }

    /// <summary>The variables <paramref name="text"/> uses, in order of first occurrence.</summary>
    /// <exception cref="ComponentInstallException">The text has a substitution envsubst cannot parse.</exception>
    public static IReadOnlyList<Variable> Inspect(string text, string file)
    {
        var nodes = new Parser(ConvertLegacy(text), file).ParseAll();
        var seen = new Dictionary<string, Variable>(StringComparer.Ordinal);
        var order = new List<Variable>();
        foreach (var node in nodes.OfType<Reference>())
        {
            if (!seen.ContainsKey(node.Name))
            {
                var variable = new Variable(node.Name, node.Default is null ? null : Render(node.Default), node.Line);
                seen[node.Name] = variable;
                order.Add(variable);
            }
        }

        return order;
    }

    /// <summary>
    /// Substitutes every variable; <paramref name="lookup"/> returns a variable's value, or null when it is not set.
    /// </summary>
    /// <exception cref="ComponentInstallException">A required variable has no value (all of them are named), or a substitution cannot be parsed.</exception>
    public static string Substitute(string text, string file, Func<string, string?> lookup, string howToSet)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var nodes = new Parser(ConvertLegacy(text), file).ParseAll();
        var missing = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var first = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes.OfType<Reference>())
        {
            // Only a variable's first occurrence decides whether it is required (as clusterctl inspects them).
            if (first.Add(node.Name) && lookup(node.Name) is null && (node.Default is null || Render(node.Default).Length == 0))
            {
                missing[node.Name] = node.Line;
            }
        }

        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Keys);
            var lines = string.Join(", ", missing.Select(m => $"{m.Key} (line {m.Value.ToString(CultureInfo.InvariantCulture)})"));
            throw new ComponentInstallException(
                $"{file} needs a value for {(missing.Count == 1 ? "variable" : "variables")} {names}: {(missing.Count == 1 ? "it has" : "they have")} no default in the file ({lines}), " +
                $"and clusterctl refuses such a file too (\"value for variables [{names}] is not set\"). {howToSet}", attribute: "variables");
        }

        var output = new StringBuilder(text.Length);
        foreach (var node in nodes)
        {
            Evaluate(node, lookup, output);
        }

        return output.ToString();
    }

    private static void Evaluate(Node node, Func<string, string?> lookup, StringBuilder output)
    {
        switch (node)
        {
            case Text t:
                output.Append(t.Value);
                break;
            case Reference r:
                var value = lookup(r.Name) ?? string.Empty;
                if (value.Length == 0 && r.Default is { Count: > 0 } defaults)
                {
                    foreach (var d in defaults)
                    {
                        Evaluate(d, lookup, output);
                    }
                }
                else
                {
                    output.Append(value);
                }

                break;
        }
    }

    /// <summary>A default as clusterctl records it: text as written, nested references as <c>${NAME}</c>.</summary>
    private static string Render(IReadOnlyList<Node> nodes) =>
        string.Concat(nodes.Select(n => n switch
        {
            Text t => t.Value,
            Reference r => "${" + r.Name + "}",
            _ => string.Empty,
        }));

    /// <summary><c>${ V}</c>, <c>${V }</c>, <c>${ V }</c> become <c>${V}</c>, as clusterctl does before parsing.</summary>
    private static string ConvertLegacy(string text) =>
        LegacyVariable().Replace(text, m => Whitespace().Replace(m.Value, string.Empty));

    [GeneratedRegex(@"(\$\{(\s+([A-Za-z0-9_$]+)\s+)\})|(\$\{(\s+([A-Za-z0-9_$]+))\})|(\$\{(([A-Za-z0-9_$]+)\s+)\})")]
    private static partial Regex LegacyVariable();

    [GeneratedRegex(@"\s")]
    private static partial Regex Whitespace();

    private abstract record Node;

    private sealed record Text(string Value) : Node;

    /// <summary><c>${Name}</c> (Default null) or <c>${Name:=…}</c> and friends (Default the parsed default).</summary>
    private sealed record Reference(string Name, IReadOnlyList<Node>? Default, int Line) : Node;

    private sealed class Parser(string text, string file)
    {
        private int _pos;

        public List<Node> ParseAll()
        {
            var nodes = new List<Node>();
            var literal = new StringBuilder();
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (c == '$' && Peek(1) == '{')
                {
                    Flush(literal, nodes);
                    nodes.Add(ParseReference());
                    continue;
                }

                if (c == '$' && Peek(1) == '$')
                {
                    // envsubst's escape: "$$" is one literal "$".
                    literal.Append('$');
                    _pos += 2;
                    continue;
                }

                literal.Append(c);
                _pos++;
            }

            Flush(literal, nodes);
            return nodes;
        }

        private static void Flush(StringBuilder literal, List<Node> nodes)
        {
            if (literal.Length > 0)
            {
                nodes.Add(new Text(literal.ToString()));
                literal.Clear();
            }
        }

        private char Peek(int offset) => _pos + offset < text.Length ? text[_pos + offset] : '\0';

        private int Line(int position)
        {
            var line = 1;
            for (var i = 0; i < position && i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                }
            }

            return line;
        }

        /// <summary>At <c>${</c>: parses one reference (with a default, possibly nested).</summary>
        private Reference ParseReference()
        {
            var start = _pos;
            _pos += 2;
            var nameStart = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            var name = text[nameStart.._pos];
            if (name.Length == 0)
            {
                throw Refuse(start, "has no variable name", "write ${NAME}, ${NAME:=default} or ${NAME:-default}");
            }

            var next = Peek(0);
            if (next == '}')
            {
                _pos++;
                return new Reference(name, null, Line(start));
            }

            var isDefault = next == '=' || (next == ':' && Peek(1) is '=' or '-' or '?' or '+');
            if (!isDefault)
            {
                var why = next switch
                {
                    '-' => $"is not a form clusterctl's envsubst parses (clusterctl stops with \"missing closing brace\"); write ${{{name}:-default}} or ${{{name}:=default}}",
                    ':' or ',' or '^' or '/' or '#' or '%' => "uses a string function (substring, case, pattern) that no provider file uses and this installer does not support; substitute the value in the file instead",
                    '\0' => "is not closed by }",
                    _ => $"is not a variable reference clusterctl parses; write ${{{name}}}, ${{{name}:=default}} or ${{{name}:-default}}",
                };
                throw Refuse(start, why, null);
            }

            _pos += next == '=' ? 1 : 2;
            var parts = new List<Node>();
            var literal = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    throw Refuse(start, "is not closed by }", null);
                }

                var c = text[_pos];
                if (c == '}')
                {
                    _pos++;
                    break;
                }

                if (c == '$' && Peek(1) == '{')
                {
                    Flush(literal, parts);
                    parts.Add(ParseReference());
                    continue;
                }

                literal.Append(c);
                _pos++;
            }

            Flush(literal, parts);
            return new Reference(name, parts, Line(start));
        }

        private ComponentInstallException Refuse(int start, string why, string? fix)
        {
            var end = text.IndexOf('}', start);
            var shown = end < 0 || end - start > 60 ? text.Substring(start, Math.Min(40, text.Length - start)) + "…" : text[start..(end + 1)];
            return new ComponentInstallException(
                $"{file} line {Line(start).ToString(CultureInfo.InvariantCulture)}: {shown} {why}{(fix is null ? "." : "; " + fix + ".")}");
        }
    }
}
