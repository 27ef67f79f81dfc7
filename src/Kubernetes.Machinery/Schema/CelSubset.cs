using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kubernetes.Machinery.Schema;

/// <summary>
/// A small interpreter for the subset of CEL that CRD validation rules use (see <c>CrdRegistry.RulesNotEvaluated</c>):
/// literals (string, int, double, bool, null, lists), <c>self</c> and field selection, <c>has()</c>, <c>! &amp;&amp; || ?: == != &lt; &lt;= &gt; &gt;= in + -</c>,
/// <c>size()</c>, string <c>contains/startsWith/endsWith/matches</c>, and the list macros
/// <c>all/exists/exists_one/filter/map</c>. Anything else fails to compile and the rule is reported as not evaluated.
/// </summary>
internal sealed class CelSubset
{
    private readonly Func<Scope, object?> _eval;

    private CelSubset(Func<Scope, object?> eval) => _eval = eval;

    /// <summary>Compiles a rule; returns null (with a reason) when the rule uses unsupported syntax.</summary>
    public static CelSubset? TryCompile(string rule, out string? error)
    {
        try
        {
            var parser = new CelParser(rule);
            var fn = parser.ParseAll();
            error = null;
            return new CelSubset(fn);
        }
        catch (CelException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Evaluates the rule with <c>self</c> bound to <paramref name="self"/>; throws <see cref="CelException"/> on evaluation errors.</summary>
    public bool Evaluate(JsonNode? self)
    {
        var result = _eval(new Scope("self", FromJson(self), null));
        return result is bool b ? b : throw new CelException("rule did not evaluate to a bool");
    }

    internal static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o,
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => JsonNumbers.TryGetLong(v, out var l) && !v.ToJsonString().Contains('.', StringComparison.Ordinal) ? (object)l : JsonNumbers.TryGetDouble(v, out var d) ? d : 0.0,
            _ => null,
        },
        _ => null,
    };

    internal sealed class Scope(string name, object? value, Scope? parent)
    {
        public object? Lookup(string id) =>
            id == name ? value : parent is not null ? parent.Lookup(id) : throw new CelException($"undeclared reference to '{id}'");
    }

    private sealed class CelParser
    {
        private readonly List<string> _tokens;
        private int _pos;

        public CelParser(string text) => _tokens = Tokenize(text);

        public Func<Scope, object?> ParseAll()
        {
            var e = Expr();
            if (_pos != _tokens.Count)
            {
                throw new CelException($"unexpected token '{_tokens[_pos]}'");
            }

            return e;
        }

        private string? Peek => _pos < _tokens.Count ? _tokens[_pos] : null;

        private bool Take(string t)
        {
            if (Peek == t)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void Expect(string t)
        {
            if (!Take(t))
            {
                throw new CelException($"expected '{t}' but found '{Peek ?? "end"}'");
            }
        }

        private Func<Scope, object?> Expr()
        {
            var cond = Or();
            if (!Take("?"))
            {
                return cond;
            }

            var a = Expr();
            Expect(":");
            var b = Expr();
            return s => AsBool(cond(s)) ? a(s) : b(s);
        }

        private Func<Scope, object?> Or()
        {
            var left = And();
            while (Take("||"))
            {
                var l = left;
                var r = And();
                left = s => AsBool(l(s)) || AsBool(r(s));
            }

            return left;
        }

        private Func<Scope, object?> And()
        {
            var left = Rel();
            while (Take("&&"))
            {
                var l = left;
                var r = Rel();
                left = s => AsBool(l(s)) && AsBool(r(s));
            }

            return left;
        }

        private Func<Scope, object?> Rel()
        {
            var left = Add();
            var op = Peek;
            if (op is "==" or "!=" or "<" or "<=" or ">" or ">=" or "in")
            {
                _pos++;
                var right = Add();
                return op switch
                {
                    "==" => s => CelEquals(left(s), right(s)),
                    "!=" => s => !CelEquals(left(s), right(s)),
                    "in" => s => right(s) switch
                    {
                        List<object?> list => list.Any(x => CelEquals(x, left(s))),
                        JsonObject map => left(s) is string k && map.ContainsKey(k),
                        _ => throw new CelException("'in' requires a list or map"),
                    },
                    _ => s => Compare(op, left(s), right(s)),
                };
            }

            return left;
        }

        private Func<Scope, object?> Add()
        {
            var left = Unary();
            while (Peek is "+" or "-")
            {
                var op = _tokens[_pos++];
                var l = left;
                var r = Unary();
                left = s => Arith(op, l(s), r(s));
            }

            return left;
        }

        private Func<Scope, object?> Unary()
        {
            if (Take("!"))
            {
                var e = Unary();
                return s => !AsBool(e(s));
            }

            if (Take("-"))
            {
                var e = Unary();
                return s => e(s) switch
                {
                    long l => -l,
                    double d => -d,
                    _ => throw new CelException("no such overload for '-'"),
                };
            }

            return Postfix();
        }

        private Func<Scope, object?> Postfix()
        {
            var target = Primary();
            while (true)
            {
                if (Take("."))
                {
                    var name = Ident();
                    if (Take("("))
                    {
                        target = Method(target, name);
                    }
                    else
                    {
                        var t = target;
                        target = s => Select(t(s), name);
                    }
                }
                else if (Take("["))
                {
                    var t = target;
                    var index = Expr();
                    Expect("]");
                    target = s => Index(t(s), index(s));
                }
                else
                {
                    return target;
                }
            }
        }

        private Func<Scope, object?> Method(Func<Scope, object?> target, string name)
        {
            if (name is "all" or "exists" or "exists_one" or "filter" or "map")
            {
                var variable = Ident();
                Expect(",");
                var body = Expr();
                Expect(")");
                return s =>
                {
                    var items = target(s) switch
                    {
                        List<object?> list => list,
                        JsonObject map => map.Select(p => (object?)p.Key).ToList(),
                        _ => throw new CelException($"no such overload for '{name}'"),
                    };
                    bool Pred(object? x) => AsBool(body(new Scope(variable, x, s)));
                    return name switch
                    {
                        "all" => items.All(Pred),
                        "exists" => items.Any(Pred),
                        "exists_one" => items.Count(Pred) == 1,
                        "filter" => items.Where(Pred).ToList(),
                        _ => (object)items.Select(x => body(new Scope(variable, x, s))).ToList(),
                    };
                };
            }

            var args = Args();
            return (name, args.Count) switch
            {
                ("size", 0) => s => Size(target(s)),
                ("contains", 1) => s => Str(target(s)).Contains(Str(args[0](s)), StringComparison.Ordinal),
                ("startsWith", 1) => s => Str(target(s)).StartsWith(Str(args[0](s)), StringComparison.Ordinal),
                ("endsWith", 1) => s => Str(target(s)).EndsWith(Str(args[0](s)), StringComparison.Ordinal),
                ("matches", 1) => s => Regex.IsMatch(Str(target(s)), Str(args[0](s)), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
                _ => throw new CelException($"unsupported function '{name}'"),
            };
        }

        private List<Func<Scope, object?>> Args()
        {
            var args = new List<Func<Scope, object?>>();
            if (Take(")"))
            {
                return args;
            }

            do
            {
                args.Add(Expr());
            }
            while (Take(","));
            Expect(")");
            return args;
        }

        private Func<Scope, object?> Primary()
        {
            var tok = Peek ?? throw new CelException("unexpected end of rule");
            _pos++;
            if (tok == "(")
            {
                var e = Expr();
                Expect(")");
                return e;
            }

            if (tok == "[")
            {
                var items = new List<Func<Scope, object?>>();
                if (!Take("]"))
                {
                    do
                    {
                        items.Add(Expr());
                    }
                    while (Take(","));
                    Expect("]");
                }

                return s => items.Select(i => i(s)).ToList();
            }

            if (tok[0] is '\'' or '"')
            {
                var value = tok[1..^1].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
                return _ => value;
            }

            if (char.IsAsciiDigit(tok[0]))
            {
                if (tok.Contains('.', StringComparison.Ordinal) || tok.Contains('e', StringComparison.OrdinalIgnoreCase))
                {
                    var d = double.Parse(tok, CultureInfo.InvariantCulture);
                    return _ => d;
                }

                var l = long.Parse(tok.TrimEnd('u'), CultureInfo.InvariantCulture);
                return _ => l;
            }

            switch (tok)
            {
                case "true":
                    return _ => true;
                case "false":
                    return _ => false;
                case "null":
                    return _ => null;
            }

            if (!IsIdent(tok))
            {
                throw new CelException($"unexpected token '{tok}'");
            }

            if (Take("("))
            {
                if (tok == "has")
                {
                    return HasMacro();
                }

                var args = Args();
                return (tok, args.Count) switch
                {
                    ("size", 1) => s => Size(args[0](s)),
                    _ => throw new CelException($"unsupported function '{tok}'"),
                };
            }

            return s => s.Lookup(tok);
        }

        // has(a.b.c): evaluate a.b, then test presence of c.
        private Func<Scope, object?> HasMacro()
        {
            var operand = Primary();
            string? field = null;
            while (Take("."))
            {
                var name = Ident();
                if (field is not null)
                {
                    var o = operand;
                    var f = field;
                    operand = s => Select(o(s), f);
                }

                field = name;
            }

            Expect(")");
            if (field is null)
            {
                throw new CelException("has() requires a field selection");
            }

            return s => operand(s) switch
            {
                JsonObject o => o.TryGetPropertyValue(field, out var v) && v is not null,
                _ => throw new CelException("has() requires a map or object"),
            };
        }

        private string Ident()
        {
            var tok = Peek;
            if (tok is null || !IsIdent(tok))
            {
                throw new CelException($"expected identifier but found '{tok ?? "end"}'");
            }

            _pos++;
            return tok;
        }

        private static bool IsIdent(string tok) => (char.IsLetter(tok[0]) || tok[0] == '_') && tok.All(c => char.IsLetterOrDigit(c) || c == '_');

        private static List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                if (c is '\'' or '"')
                {
                    var sb = new StringBuilder().Append(c);
                    i++;
                    while (i < text.Length && text[i] != c)
                    {
                        if (text[i] == '\\' && i + 1 < text.Length)
                        {
                            sb.Append(text[i]);
                            i++;
                        }

                        sb.Append(text[i]);
                        i++;
                    }

                    if (i >= text.Length)
                    {
                        throw new CelException("unterminated string literal");
                    }

                    sb.Append(c);
                    i++;
                    tokens.Add(sb.ToString());
                    continue;
                }

                if (char.IsLetterOrDigit(c) || c == '_')
                {
                    var start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || (char.IsAsciiDigit(text[start]) && text[i] == '.')))
                    {
                        i++;
                    }

                    tokens.Add(text[start..i]);
                    continue;
                }

                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||")
                {
                    tokens.Add(two);
                    i += 2;
                    continue;
                }

                if ("()[]{}.,?:!<>+-*/%".Contains(c, StringComparison.Ordinal))
                {
                    tokens.Add(c.ToString());
                    i++;
                    continue;
                }

                throw new CelException($"unexpected character '{c}'");
            }

            return tokens;
        }
    }

    private static bool AsBool(object? v) => v is bool b ? b : throw new CelException("no matching overload: expected bool");

    private static string Str(object? v) => v as string ?? throw new CelException("no matching overload: expected string");

    private static long Size(object? v) => v switch
    {
        string s => s.EnumerateRunes().Count(),
        List<object?> l => l.Count,
        JsonObject o => o.Count,
        _ => throw new CelException("no matching overload for 'size'"),
    };

    private static object? Select(object? target, string name) => target switch
    {
        JsonObject o when o.TryGetPropertyValue(name, out var v) => FromJson(v),
        JsonObject => throw new CelException($"no such key: {name}"),
        _ => throw new CelException($"no such key: {name}"),
    };

    private static object? Index(object? target, object? index) => (target, index) switch
    {
        (List<object?> l, long i) when i >= 0 && i < l.Count => l[(int)i],
        (JsonObject o, string k) when o.TryGetPropertyValue(k, out var v) => FromJson(v),
        _ => throw new CelException("invalid index"),
    };

    private static bool CelEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => CelEquals(p.First, p.Second)),
        (JsonObject x, JsonObject y) => JsonNode.DeepEquals(x, y),
        _ => Equals(a, b),
    };

    private static bool Compare(string op, object? a, object? b)
    {
        int c = (a, b) switch
        {
            (long x, long y) => x.CompareTo(y),
            (double x, double y) => x.CompareTo(y),
            (long x, double y) => ((double)x).CompareTo(y),
            (double x, long y) => x.CompareTo(y),
            (string x, string y) => string.CompareOrdinal(x, y),
            _ => throw new CelException($"no matching overload for '{op}'"),
        };
        return op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 };
    }

    private static object? Arith(string op, object? a, object? b) => (op, a, b) switch
    {
        ("+", long x, long y) => x + y,
        ("-", long x, long y) => x - y,
        ("+", double x, double y) => x + y,
        ("-", double x, double y) => x - y,
        ("+", string x, string y) => x + y,
        ("+", List<object?> x, List<object?> y) => x.Concat(y).ToList(),
        _ => throw new CelException($"no matching overload for '{op}'"),
    };
}

/// <summary>A CEL compile or evaluation error.</summary>
internal sealed class CelException(string message) : Exception(message);
