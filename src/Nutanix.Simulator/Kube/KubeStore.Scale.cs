using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>The scale subresource (autoscaling/v1 Scale) of resources that declare one, read and written through its JSON paths.</summary>
public sealed partial class KubeStore
{
    /// <summary>The autoscaling/v1 Scale of a resource with a scale subresource.</summary>
    public JsonObject GetScale(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            var obj = Find(type, ns, name) ?? throw KubeApiException.NotFound(type, name);
            return ToScale(type, obj);
        }
    }

    /// <summary>Sets spec replicas through the scale subresource; optional resourceVersion precondition (409 when stale).</summary>
    public JsonObject UpdateScale(ResourceType type, string? ns, string name, int replicas, string? resourceVersion = null, WriteOptions? options = null)
    {
        var scale = type.Scale ?? throw KubeApiException.NotFound(type, name);
        lock (_gate)
        {
            var old = Find(type, ns, name) ?? throw KubeApiException.NotFound(type, name);
            CheckResourceVersion(type, old, resourceVersion);
            var next = old.DeepClone().AsObject();
            SetPath(next, scale.SpecReplicasPath, JsonValue.Create(replicas));
            var stored = UpdateLocked(type, old, next, (options ?? WriteOptions.Default) with { Version = ShapeVersion(type, old, null) }, MainScope(type), "Update");
            return ToScale(type, stored);
        }
    }

    private static JsonObject ToScale(ResourceType type, JsonObject obj)
    {
        var scale = type.Scale!;
        var meta = obj["metadata"]!;
        var spec = new JsonObject();
        if (GetPath(obj, scale.SpecReplicasPath) is { } sr) spec["replicas"] = sr.DeepClone();
        var status = new JsonObject { ["replicas"] = GetPath(obj, scale.StatusReplicasPath)?.DeepClone() ?? 0 };
        string? selector = scale.LabelSelectorPath is null ? null : (string?)GetPath(obj, scale.LabelSelectorPath);
        if (selector is null && obj["spec"]?["selector"]?["matchLabels"] is JsonObject ml)
        {
            selector = string.Join(",", ml.Select(kv => $"{kv.Key}={kv.Value}"));
        }

        if (!string.IsNullOrEmpty(selector)) status["selector"] = selector;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta["name"]?.DeepClone(),
                ["namespace"] = meta["namespace"]?.DeepClone(),
                ["uid"] = meta["uid"]?.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    private static JsonNode? GetPath(JsonObject obj, string dotted)
    {
        JsonNode? node = obj;
        foreach (var seg in dotted.TrimStart('.').Split('.'))
        {
            node = node is JsonObject o ? o[seg] : null;
        }

        return node;
    }

    private static void SetPath(JsonObject obj, string dotted, JsonNode value)
    {
        var segs = dotted.TrimStart('.').Split('.');
        var node = obj;
        foreach (var seg in segs[..^1])
        {
            if (node[seg] is not JsonObject child)
            {
                child = new JsonObject();
                node[seg] = child;
            }

            node = child;
        }

        node[segs[^1]] = value;
    }
}
