using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// A set of field paths as tracked by server-side apply (FieldsV1). Members are leaf paths: scalar fields,
/// lists (treated as atomic: the simulator does not merge associative lists element by element) and empty maps.
/// </summary>
internal sealed class FieldSet
{
    private const char Separator = '\u001f';
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public int Count => _paths.Count;

    public IEnumerable<string[]> Paths => _paths.Select(p => p.Split(Separator));

    public static string Key(IEnumerable<string> path) => string.Join(Separator, path);

    public void Add(IEnumerable<string> path) => _paths.Add(Key(path));

    public bool Remove(string key) => _paths.Remove(key);

    public bool ContainsKey(string key) => _paths.Contains(key);

    public IEnumerable<string> Keys => _paths;

    public static string[] Split(string key) => key.Split(Separator);

    /// <summary>Apiserver path notation: <c>.spec.replicas</c>.</summary>
    public static string Display(string key) => string.Concat(Split(key).Select(s => "." + s));

    /// <summary>True when one path equals the other or is a prefix of it.</summary>
    public static bool Overlaps(string a, string b) =>
        a == b || (a.Length < b.Length ? b.StartsWith(a + Separator, StringComparison.Ordinal) : a.StartsWith(b + Separator, StringComparison.Ordinal));

    /// <summary>Leaf paths of an object, skipping identity/server-owned metadata and optionally status.</summary>
    public static FieldSet FromObject(JsonObject obj, FieldScope scope)
    {
        var set = new FieldSet();
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind") continue;
            if (key == "status" && scope == FieldScope.Main) continue;
            if (key != "status" && scope == FieldScope.Status && key != "metadata") continue;
            if (key == "metadata")
            {
                if (value is not JsonObject meta || scope == FieldScope.Status) continue;
                foreach (var (mk, mv) in meta)
                {
                    if (mk is "labels" or "annotations" or "finalizers" or "ownerReferences")
                    {
                        Walk(set, ["metadata", mk], mv);
                    }
                }

                continue;
            }

            Walk(set, [key], value);
        }

        return set;
    }

    private static void Walk(FieldSet set, List<string> path, JsonNode? node)
    {
        if (node is JsonObject o && o.Count > 0)
        {
            foreach (var (k, v) in o)
            {
                path.Add(k);
                Walk(set, path, v);
                path.RemoveAt(path.Count - 1);
            }
        }
        else
        {
            set.Add(path);
        }
    }

    /// <summary>Value at a path of an object, or null when absent.</summary>
    public static JsonNode? ValueAt(JsonObject obj, string key, out bool found)
    {
        JsonNode? node = obj;
        foreach (var seg in Split(key))
        {
            if (node is JsonObject o && o.TryGetPropertyValue(seg, out var child))
            {
                node = child;
            }
            else
            {
                found = false;
                return null;
            }
        }

        found = true;
        return node;
    }

    /// <summary>Removes the field at a path, pruning maps that become empty.</summary>
    public static void RemoveAt(JsonObject obj, string key)
    {
        var segs = Split(key);
        var chain = new List<JsonObject> { obj };
        JsonNode? node = obj;
        for (var i = 0; i < segs.Length - 1; i++)
        {
            if (node is not JsonObject o || o[segs[i]] is not JsonObject next) return;
            chain.Add(next);
            node = next;
        }

        chain[^1].Remove(segs[^1]);
        for (var i = chain.Count - 1; i > 0; i--)
        {
            if (chain[i].Count != 0) break;
            chain[i - 1].Remove(segs[i - 1]);
        }
    }

    /// <summary>The FieldsV1 tree: <c>{"f:spec":{"f:replicas":{}}}</c>; <c>"."</c> marks a member that has members below.</summary>
    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in _paths.Order(StringComparer.Ordinal).Select(Split))
        {
            var node = root;
            foreach (var seg in path)
            {
                var name = "f:" + seg;
                if (node[name] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[name] = child;
                }

                node = child;
            }

            if (node.Count > 0) node["."] = new JsonObject();
        }

        MarkParents(root, []);
        return root;
    }

    private void MarkParents(JsonObject node, List<string> path)
    {
        foreach (var (k, v) in node.ToList())
        {
            if (k == "." || v is not JsonObject child) continue;
            path.Add(k[2..]);
            if (child.Count > 0 && _paths.Contains(Key(path)) && !child.ContainsKey(".")) child["."] = new JsonObject();
            MarkParents(child, path);
            path.RemoveAt(path.Count - 1);
        }
    }

    public static FieldSet FromFieldsV1(JsonObject? tree)
    {
        var set = new FieldSet();
        if (tree is not null) Read(set, [], tree);
        return set;
    }

    private static void Read(FieldSet set, List<string> path, JsonObject node)
    {
        if (node.Count == 0 && path.Count > 0)
        {
            set.Add(path);
            return;
        }

        foreach (var (k, v) in node)
        {
            if (k == ".")
            {
                set.Add(path);
                continue;
            }

            path.Add(k.Length > 2 && k[1] == ':' && k[0] == 'f' ? k[2..] : k);
            if (v is JsonObject child) Read(set, path, child);
            path.RemoveAt(path.Count - 1);
        }
    }
}

/// <summary>Which part of an object a write manages: the main resource (not status) or the status subresource.</summary>
internal enum FieldScope
{
    Main,
    Status,
    All,
}
