using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nutanix.Capi.Yaml;

/// <summary>
/// YAML &lt;-&gt; <see cref="JsonNode"/> conversion built on YamlDotNet's low-level event parser/emitter only
/// (AOT/trim safe). Reading resolves scalars the way Kubernetes does (unquoted <c>true</c>/<c>yes</c>/<c>on</c>,
/// ints incl. hex/octal, floats, <c>null</c>/<c>~</c>; quoted scalars stay strings), expands anchors/aliases and
/// <c>&lt;&lt;</c> merge keys, and rejects duplicate mapping keys. Writing produces deterministic kubectl-style
/// block YAML.
/// </summary>
public static class YamlJson
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>
    /// Reads every document of a YAML stream. Documents with no content (e.g. a trailing <c>---</c>) are skipped;
    /// a document whose content is an explicit null (<c>null</c>, <c>~</c>) yields a null entry.
    /// </summary>
    public static IReadOnlyList<JsonNode?> ReadDocuments(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        using var reader = new StringReader(yaml);
        return ReadDocuments(reader);
    }

    /// <inheritdoc cref="ReadDocuments(string)"/>
    public static IReadOnlyList<JsonNode?> ReadDocuments(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new List<JsonNode?>();
        try
        {
            var parser = new Parser(reader);
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                var isEmpty = parser.Accept<Scalar>(out var rootScalar) && IsEmptyPlain(rootScalar);
                var node = ReadNode(parser, anchors);
                parser.Consume<DocumentEnd>();
                if (!isEmpty)
                {
                    result.Add(node);
                }
            }
        }
        catch (YamlException ex)
        {
            throw new YamlJsonException(ex.Message, ex.Start.Line, ex.Start.Column, ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner reports some malformed input this way.
            throw new YamlJsonException("malformed YAML: " + ex.Message, 0, 0, ex);
        }

        return result;
    }

    /// <summary>
    /// Reads a YAML text that must hold at most one document. Returns null for an empty text or null document.
    /// Throws <see cref="YamlJsonException"/> when the text holds more than one document.
    /// </summary>
    public static JsonNode? ReadDocument(string yaml)
    {
        var docs = ReadDocuments(yaml);
        return docs.Count switch
        {
            0 => null,
            1 => docs[0],
            _ => throw new YamlJsonException($"expected a single document, found {docs.Count}", 0, 0),
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

    private static YamlJsonException Error(ParsingEvent at, string message) =>
        new(message, at.Start.Line, at.Start.Column);

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw Error(alias, $"unknown anchor '{alias.Value.Value}' referenced");
            }

            return target?.DeepClone();
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var value = ResolveScalar(scalar);
            Remember(anchors, scalar.Anchor, value);
            return value;
        }

        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, anchors));
            }

            Remember(anchors, seqStart.Anchor, array);
            return array;
        }

        if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            var obj = new JsonObject();
            var merged = new List<JsonObject>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                var keyNode = ReadNode(parser, anchors);
                var isMerge = keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain } ks && ks.Tag.IsEmpty;
                var value = ReadNode(parser, anchors);
                if (isMerge)
                {
                    CollectMerge(keyEvent, value, merged);
                    continue;
                }

                var key = KeyText(keyEvent, keyNode);
                if (obj.ContainsKey(key))
                {
                    throw Error(keyEvent, $"mapping key \"{key}\" already defined");
                }

                obj[key] = value;
            }

            foreach (var source in merged)
            {
                foreach (var (k, v) in source)
                {
                    if (!obj.ContainsKey(k))
                    {
                        obj[k] = v?.DeepClone();
                    }
                }
            }

            Remember(anchors, mapStart.Anchor, obj);
            return obj;
        }

        var unexpected = parser.Current;
        throw unexpected is null
            ? new YamlJsonException("unexpected end of stream", 0, 0)
            : Error(unexpected, $"unexpected {unexpected.GetType().Name}");
    }

    private static void CollectMerge(ParsingEvent at, JsonNode? value, List<JsonObject> merged)
    {
        switch (value)
        {
            case JsonObject o:
                merged.Add(o);
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    merged.Add(item as JsonObject ?? throw Error(at, "map merge requires map or sequence of maps as the value"));
                }

                break;
            default:
                throw Error(at, "map merge requires map or sequence of maps as the value");
        }
    }

    private static string KeyText(ParsingEvent keyEvent, JsonNode? keyNode)
    {
        switch (keyNode)
        {
            case null:
                return "null";
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>();
            case JsonValue v:
                return v.ToJsonString();
            default:
                throw Error(keyEvent, "mapping keys must be scalars");
        }
    }

    private static void Remember(Dictionary<string, JsonNode?> anchors, AnchorName anchor, JsonNode? value)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = value;
        }
    }

    private static JsonNode? ResolveScalar(Scalar scalar)
    {
        Exception Fail(string message) => Error(scalar, message);
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
