using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Decodes the Kubernetes protobuf wire format (<c>application/vnd.kubernetes.protobuf</c>: the "k8s\0" magic, then
/// a runtime.Unknown envelope) into JSON for the few request bodies typed clients such as kubectl send that way:
/// Namespace, ConfigMap, Secret (kubectl create namespace/configmap/secret) and DeleteOptions. Other kinds are
/// refused with 415 so the caller can retry with JSON.
/// </summary>
internal static class KubeProtobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4 || !body[..4].SequenceEqual(Magic)) throw Unsupported("missing protobuf envelope");
        string? apiVersion = null, kind = null;
        byte[]? raw = null;
        foreach (var (field, value) in Fields(body[4..].ToArray()))
        {
            if (field == 1)
            {
                foreach (var (f, v) in Fields(value.Bytes!))
                {
                    if (f == 1) apiVersion = v.Text;
                    else if (f == 2) kind = v.Text;
                }
            }
            else if (field == 2)
            {
                raw = value.Bytes;
            }
        }

        raw ??= [];
        var obj = kind switch
        {
            "Namespace" => Namespace(raw),
            "ConfigMap" => ConfigMap(raw),
            "Secret" => Secret(raw),
            "DeleteOptions" => DeleteOptions(raw),
            _ => throw Unsupported($"protobuf bodies of kind {kind} are not supported; send application/json"),
        };
        obj["apiVersion"] = apiVersion ?? "v1";
        obj["kind"] = kind;
        return obj;
    }

    private static KubeApiException Unsupported(string why) => new(415, "UnsupportedMediaType", why);

    private static JsonObject Namespace(byte[] raw)
    {
        var o = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            if (f == 1) o["metadata"] = Meta(v.Bytes!);
        }

        return o;
    }

    private static JsonObject ConfigMap(byte[] raw)
    {
        var o = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            switch (f)
            {
                case 1: o["metadata"] = Meta(v.Bytes!); break;
                case 2: AddEntry(o, "data", v.Bytes!, asBase64: false); break;
                case 3: AddEntry(o, "binaryData", v.Bytes!, asBase64: true); break;
                case 4: o["immutable"] = v.Varint != 0; break;
            }
        }

        return o;
    }

    private static JsonObject Secret(byte[] raw)
    {
        var o = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            switch (f)
            {
                case 1: o["metadata"] = Meta(v.Bytes!); break;
                case 2: AddEntry(o, "data", v.Bytes!, asBase64: true); break;
                case 3: o["type"] = v.Text; break;
                case 4: AddEntry(o, "stringData", v.Bytes!, asBase64: false); break;
                case 5: o["immutable"] = v.Varint != 0; break;
            }
        }

        return o;
    }

    private static JsonObject DeleteOptions(byte[] raw)
    {
        var o = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            switch (f)
            {
                case 1: o["gracePeriodSeconds"] = (long)v.Varint; break;
                case 2:
                    var pre = new JsonObject();
                    foreach (var (pf, pv) in Fields(v.Bytes!))
                    {
                        if (pf == 1) pre["uid"] = pv.Text;
                        else if (pf == 2) pre["resourceVersion"] = pv.Text;
                    }

                    o["preconditions"] = pre;
                    break;
                case 3: o["orphanDependents"] = v.Varint != 0; break;
                case 4: o["propagationPolicy"] = v.Text; break;
                case 5:
                    var dry = o["dryRun"] as JsonArray ?? new JsonArray();
                    dry.Add((JsonNode?)JsonValue.Create(v.Text));
                    o["dryRun"] = dry;
                    break;
            }
        }

        return o;
    }

    private static JsonObject Meta(byte[] raw)
    {
        var m = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            switch (f)
            {
                case 1: m["name"] = v.Text; break;
                case 2: m["generateName"] = v.Text; break;
                case 3: m["namespace"] = v.Text; break;
                case 6: m["resourceVersion"] = v.Text; break;
                case 11: AddEntry(m, "labels", v.Bytes!, asBase64: false); break;
                case 12: AddEntry(m, "annotations", v.Bytes!, asBase64: false); break;
                case 13:
                    var refs = m["ownerReferences"] as JsonArray ?? new JsonArray();
                    refs.Add((JsonNode)OwnerReference(v.Bytes!));
                    m["ownerReferences"] = refs;
                    break;
                case 14:
                    var fin = m["finalizers"] as JsonArray ?? new JsonArray();
                    fin.Add((JsonNode?)JsonValue.Create(v.Text));
                    m["finalizers"] = fin;
                    break;
            }
        }

        return m;
    }

    private static JsonObject OwnerReference(byte[] raw)
    {
        var r = new JsonObject();
        foreach (var (f, v) in Fields(raw))
        {
            switch (f)
            {
                case 1: r["kind"] = v.Text; break;
                case 3: r["name"] = v.Text; break;
                case 4: r["uid"] = v.Text; break;
                case 5: r["apiVersion"] = v.Text; break;
                case 6: r["controller"] = v.Varint != 0; break;
                case 7: r["blockOwnerDeletion"] = v.Varint != 0; break;
            }
        }

        return r;
    }

    private static void AddEntry(JsonObject target, string name, byte[] entry, bool asBase64)
    {
        string? key = null;
        JsonNode? value = "";
        foreach (var (f, v) in Fields(entry))
        {
            if (f == 1) key = v.Text;
            else if (f == 2) value = asBase64 ? Convert.ToBase64String(v.Bytes!) : v.Text;
        }

        if (key is null) return;
        var map = target[name] as JsonObject ?? new JsonObject();
        map[key] = value;
        target[name] = map;
    }

    private readonly record struct Value(ulong Varint, byte[]? Bytes)
    {
        public string Text => Bytes is null ? "" : Encoding.UTF8.GetString(Bytes);
    }

    private static List<(int Field, Value Value)> Fields(byte[] data)
    {
        var result = new List<(int, Value)>();
        var i = 0;
        while (i < data.Length)
        {
            var tag = ReadVarint(data, ref i);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    result.Add((field, new Value(ReadVarint(data, ref i), null)));
                    break;
                case 2:
                    var len = (int)ReadVarint(data, ref i);
                    if (len < 0 || i + len > data.Length) throw Unsupported("truncated protobuf body");
                    result.Add((field, new Value(0, data[i..(i + len)])));
                    i += len;
                    break;
                case 1:
                    i += 8;
                    break;
                case 5:
                    i += 4;
                    break;
                default:
                    throw Unsupported("malformed protobuf body");
            }
        }

        return result;
    }

    private static ulong ReadVarint(byte[] data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (i >= data.Length) throw Unsupported("truncated protobuf body");
            var b = data[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }

        throw Unsupported("malformed protobuf varint");
    }
}
