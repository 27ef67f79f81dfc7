using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kubernetes.Machinery.Yaml;

/// <summary>
/// YAML &lt;-&gt; <see cref="JsonNode"/> conversion built on YamlDotNet's low-level event parser/emitter only
/// (AOT/trim safe). Reading resolves scalars the way Kubernetes does (unquoted <c>true</c>/<c>yes</c>/<c>on</c>,
/// ints incl. hex/octal, floats, <c>null</c>/<c>~</c>; quoted scalars stay strings), expands anchors/aliases and
/// <c>&lt;&lt;</c> merge keys, and rejects duplicate mapping keys. Writing produces deterministic kubectl-style
/// block YAML.
/// </summary>
public static partial class YamlJson
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>
    /// Reads every document of a YAML stream. Documents with no content (e.g. a trailing <c>---</c>) are skipped;
    /// a document whose content is an explicit null (<c>null</c>, <c>~</c>) yields a null entry. The read is bounded
    /// by <see cref="YamlReadLimits.Default"/>: deeper nesting or more alias expansion is a
    /// <see cref="YamlJsonException"/>, never unbounded memory or a stack overflow.
    /// </summary>
    public static IReadOnlyList<JsonNode?> ReadDocuments(string yaml) => ReadDocuments(yaml, YamlReadLimits.Default);

    /// <inheritdoc cref="ReadDocuments(string)"/>
    public static IReadOnlyList<JsonNode?> ReadDocuments(string yaml, YamlReadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        using var reader = new StringReader(yaml);
        return ReadDocuments(reader, limits);
    }

    /// <inheritdoc cref="ReadDocuments(string)"/>
    public static IReadOnlyList<JsonNode?> ReadDocuments(TextReader reader) => ReadDocuments(reader, YamlReadLimits.Default);

    /// <inheritdoc cref="ReadDocuments(string)"/>
    public static IReadOnlyList<JsonNode?> ReadDocuments(TextReader reader, YamlReadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(limits);
        var result = new List<JsonNode?>();
        try
        {
            var parser = new Parser(reader);
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var isEmpty = parser.Accept<Scalar>(out var rootScalar) && IsEmptyPlain(rootScalar);
                var node = new DocumentReader(parser, limits).Read();
                parser.Consume<DocumentEnd>();
                if (!isEmpty)
                {
                    result.Add(node);
                }
            }
        }
        catch (YamlException ex)
        {
            throw new YamlJsonException(ex.Message, ex.Start.Line, ex.Start.Column, ex) { Detail = "syntax error" };
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner reports some malformed input this way.
            throw new YamlJsonException("malformed YAML: " + ex.Message, 0, 0, ex) { Detail = "syntax error" };
        }

        return result;
    }

    /// <summary>
    /// Reads a YAML text that must hold at most one document. Returns null for an empty text or null document.
    /// Throws <see cref="YamlJsonException"/> when the text holds more than one document.
    /// </summary>
    public static JsonNode? ReadDocument(string yaml) => ReadDocument(yaml, YamlReadLimits.Default);

    /// <inheritdoc cref="ReadDocument(string)"/>
    public static JsonNode? ReadDocument(string yaml, YamlReadLimits limits)
    {
        var docs = ReadDocuments(yaml, limits);
        return docs.Count switch
        {
            0 => null,
            1 => docs[0],
            _ => throw new YamlJsonException($"expected a single document, found {docs.Count}", 0, 0) { Detail = "more than one document" },
        };
    }

    /// <summary>Writes documents as a <c>---</c>-separated kubectl-style block YAML stream.</summary>
    /// <param name="documents">The documents; a null entry is written as <c>null</c>.</param>
    /// <param name="sortKeys">Sort mapping keys ordinally (as <c>kubectl get -o yaml</c>); otherwise keep insertion order.</param>
    public static string Write(IEnumerable<JsonNode?> documents, bool sortKeys = false)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var sb = new StringBuilder();
        var first = true;
        foreach (var doc in documents)
        {
            if (!first)
            {
                sb.Append("---\n");
            }

            first = false;
            sb.Append(Write(doc, sortKeys));
        }

        return sb.ToString();
    }

    /// <summary>Writes a single document (no leading <c>---</c>).</summary>
    public static string Write(JsonNode? document, bool sortKeys = false)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, 2, int.MaxValue, false);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        EmitNode(emitter, document, sortKeys);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        var text = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith('\n') ? text : text + "\n";
    }

    private static bool IsEmptyPlain(Scalar s) =>
        s.Style == ScalarStyle.Plain && s.Value.Length == 0 && s.Tag.IsEmpty && s.Anchor.IsEmpty;

    internal static YamlJsonException Error(ParsingEvent at, string message, string detail) =>
        new(message, at.Start.Line, at.Start.Column) { Detail = detail };

    internal static JsonNode? ResolveScalar(Scalar scalar)
    {
        Exception Fail(string message) => Error(scalar, message, "invalid scalar");
        var text = scalar.Value;
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            var tag = scalar.Tag.Value;
            var shortTag = tag.StartsWith(TagPrefix, StringComparison.Ordinal) ? tag[TagPrefix.Length..] : tag;
            switch (shortTag)
            {
                case "str":
                case "binary":
                case "timestamp":
                    return JsonValue.Create(text);
                case "null":
                    return null;
                case "bool":
                    return YamlScalars.Classify(text) == YamlScalars.Kind.Bool
                        ? YamlScalars.ResolvePlain(text, Fail)
                        : throw Fail($"cannot decode !!str `{text}` as a !!bool");
                case "int":
                    return YamlScalars.Classify(text) == YamlScalars.Kind.Int
                        ? YamlScalars.ParseInt(text, Fail)
                        : throw Fail($"cannot decode !!str `{text}` as a !!int");
                case "float":
                    return YamlScalars.Classify(text) is YamlScalars.Kind.Int or YamlScalars.Kind.Float
                        ? YamlScalars.ParseFloat(text, Fail)
                        : throw Fail($"cannot decode !!str `{text}` as a !!float");
                default:
                    // Application tags are ignored (Kubernetes does the same): resolve by content.
                    break;
            }
        }

        if (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific)
        {
            return JsonValue.Create(text);
        }

        return YamlScalars.ResolvePlain(text, Fail);
    }

    private static void EmitNode(IEmitter emitter, JsonNode? node, bool sortKeys)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                if (obj.Count == 0)
                {
                    emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Flow));
                    emitter.Emit(new MappingEnd());
                    break;
                }

                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
                IEnumerable<KeyValuePair<string, JsonNode?>> props = obj;
                if (sortKeys)
                {
                    props = obj.OrderBy(p => p.Key, StringComparer.Ordinal);
                }

                foreach (var (key, value) in props)
                {
                    EmitString(emitter, key, allowLiteral: false);
                    EmitNode(emitter, value, sortKeys);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                if (array.Count == 0)
                {
                    emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow));
                    emitter.Emit(new SequenceEnd());
                    break;
                }

                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    EmitNode(emitter, item, sortKeys);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        EmitString(emitter, value.GetValue<string>(), allowLiteral: true);
                        break;
                    case JsonValueKind.True:
                        EmitPlain(emitter, "true");
                        break;
                    case JsonValueKind.False:
                        EmitPlain(emitter, "false");
                        break;
                    case JsonValueKind.Null:
                        EmitPlain(emitter, "null");
                        break;
                    case JsonValueKind.Number:
                        EmitPlain(emitter, value.ToJsonString());
                        break;
                    default:
                        throw new InvalidOperationException($"unsupported JSON value kind {value.GetValueKind()}");
                }

                break;
        }
    }

    private static void EmitPlain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false));

    private static void EmitString(IEmitter emitter, string text, bool allowLiteral)
    {
        ScalarStyle style;
        if (allowLiteral && text.Contains('\n', StringComparison.Ordinal) && IsLiteralSafe(text))
        {
            style = ScalarStyle.Literal;
        }
        else if (text.Contains('\n', StringComparison.Ordinal) || YamlScalars.NeedsQuoting(text) || HasSpecial(text))
        {
            style = ScalarStyle.DoubleQuoted;
        }
        else
        {
            style = ScalarStyle.Plain;
        }

        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, style == ScalarStyle.Plain, style != ScalarStyle.Plain));
    }

    private static bool IsLiteralSafe(string text)
    {
        // Literal blocks cannot carry trailing spaces on a line, tabs-only indentation quirks, or control chars.
        foreach (var line in text.Split('\n'))
        {
            if (line.EndsWith(' ') || line.EndsWith('\t') || line.Any(c => char.IsControl(c) && c != '\t'))
            {
                return false;
            }
        }

        return !text.StartsWith(' ');
    }

    private static bool HasSpecial(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }

        if ("-?:,[]{}#&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal))
        {
            return true;
        }

        return text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal)
            || text.EndsWith(':') || text.Any(c => char.IsControl(c) || c > '\u007e');
    }
}
