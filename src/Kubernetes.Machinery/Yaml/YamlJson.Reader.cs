using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kubernetes.Machinery.Yaml;

public static partial class YamlJson
{
    /// <summary>
    /// Reads one document's node tree from the parser, counting nesting depth and the nodes alias references copy,
    /// and failing as soon as either passes its limit (before the parser reads further, so a deep or explosive
    /// document costs no more than the limit).
    /// </summary>
    private sealed class DocumentReader(IParser parser, YamlReadLimits limits)
    {
        private readonly Dictionary<string, (JsonNode? Node, long Size)> _anchors = new(StringComparer.Ordinal);
        private long _aliasNodes;

        public JsonNode? Read() => ReadNode(0).Node;

        private (JsonNode? Node, long Size) ReadNode(int depth)
        {
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw Error(alias, $"unknown anchor '{alias.Value.Value}' referenced", "unknown anchor");
                }

                _aliasNodes += target.Size;
                if (_aliasNodes > limits.MaxAliasNodes)
                {
                    throw Error(alias,
                        $"aliases expand to more than {limits.MaxAliasNodes} nodes (an alias bomb such as \"billion laughs\"?)",
                        $"aliases expand to more than {limits.MaxAliasNodes} nodes");
                }

                return (target.Node?.DeepClone(), target.Size);
            }

            if (parser.TryConsume<Scalar>(out var scalar))
            {
                var value = ResolveScalar(scalar);
                Remember(scalar.Anchor, value, 1);
                return (value, 1);
            }

            if (parser.Current is SequenceStart or MappingStart && depth >= limits.MaxDepth)
            {
                throw Error(parser.Current, $"nesting deeper than {limits.MaxDepth} levels", $"nesting deeper than {limits.MaxDepth} levels");
            }

            if (parser.TryConsume<SequenceStart>(out var seqStart))
            {
                var array = new JsonArray();
                long size = 1;
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var (item, itemSize) = ReadNode(depth + 1);
                    array.Add(item);
                    size += itemSize;
                }

                Remember(seqStart.Anchor, array, size);
                return (array, size);
            }

            if (parser.TryConsume<MappingStart>(out var mapStart))
            {
                var obj = new JsonObject();
                var merged = new List<JsonObject>();
                long size = 1;
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyEvent = parser.Current!;
                    var (keyNode, keySize) = ReadNode(depth + 1);
                    var isMerge = keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain } ks && ks.Tag.IsEmpty;
                    var (value, valueSize) = ReadNode(depth + 1);
                    size += keySize + valueSize;
                    if (isMerge)
                    {
                        CollectMerge(keyEvent, value, merged);
                        continue;
                    }

                    var key = KeyText(keyEvent, keyNode);
                    if (obj.ContainsKey(key))
                    {
                        throw Error(keyEvent, $"mapping key \"{key}\" already defined", "duplicate mapping key");
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

                Remember(mapStart.Anchor, obj, size);
                return (obj, size);
            }

            var unexpected = parser.Current;
            throw unexpected is null
                ? new YamlJsonException("unexpected end of stream", 0, 0) { Detail = "unexpected end of stream" }
                : Error(unexpected, $"unexpected {unexpected.GetType().Name}", "syntax error");
        }

        private void Remember(AnchorName anchor, JsonNode? value, long size)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (value, size);
            }
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
                        merged.Add(item as JsonObject ?? throw Error(at, "map merge requires map or sequence of maps as the value", "invalid merge key"));
                    }

                    break;
                default:
                    throw Error(at, "map merge requires map or sequence of maps as the value", "invalid merge key");
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
                    throw Error(keyEvent, "mapping keys must be scalars", "non-scalar mapping key");
            }
        }
    }
}
