using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>Read and edit helpers for the metadata and references of JSON Kubernetes objects.</summary>
internal static class ObjectMeta
{
    public static string Name(JsonObject obj) => (string)obj["metadata"]!["name"]!;

    public static string Namespace(JsonObject obj) => (string?)obj["metadata"]!["namespace"] ?? "";

    public static string Uid(JsonObject obj) => (string)obj["metadata"]!["uid"]!;

    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static string? CreationTimestamp(JsonObject obj) => (string?)obj["metadata"]?["creationTimestamp"];

    public static long Generation(JsonObject obj) => JsonNumbers.Long(obj["metadata"]?["generation"]) ?? 0;

    public static JsonObject Labels(JsonObject obj)
    {
        var meta = obj["metadata"]!.AsObject();
        if (meta["labels"] is not JsonObject labels)
        {
            labels = new JsonObject();
            meta["labels"] = labels;
        }

        return labels;
    }

    public static string? Label(JsonObject obj, string key) => (string?)obj["metadata"]?["labels"]?[key];

    public static bool HasLabel(JsonObject obj, string key) => obj["metadata"]?["labels"] is JsonObject l && l.ContainsKey(key);

    public static string? Annotation(JsonObject obj, string key) => (string?)obj["metadata"]?["annotations"]?[key];

    public static bool HasFinalizer(JsonObject obj, string finalizer) =>
        obj["metadata"]?["finalizers"] is JsonArray a && a.Any(f => (string?)f == finalizer);

    /// <summary>Adds a finalizer; returns true when it was missing.</summary>
    public static bool AddFinalizer(JsonObject obj, string finalizer)
    {
        if (HasFinalizer(obj, finalizer)) return false;
        var meta = obj["metadata"]!.AsObject();
        if (meta["finalizers"] is not JsonArray a)
        {
            a = [];
            meta["finalizers"] = a;
        }

        a.Add((JsonNode)JsonValue.Create(finalizer));
        return true;
    }

    /// <summary>Removes a finalizer; returns true when it was present.</summary>
    public static bool RemoveFinalizer(JsonObject obj, string finalizer)
    {
        if (obj["metadata"]?["finalizers"] is not JsonArray a) return false;
        var hits = a.Where(f => (string?)f == finalizer).ToList();
        foreach (var h in hits) a.Remove(h);
        if (a.Count == 0) obj["metadata"]!.AsObject().Remove("finalizers");
        return hits.Count > 0;
    }

    public static IEnumerable<JsonObject> OwnerReferences(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>() ?? [];

    /// <summary>The owner reference of the given kind (any apiVersion of that group), or null.</summary>
    public static JsonObject? Owner(JsonObject obj, string group, string kind) =>
        OwnerReferences(obj).FirstOrDefault(r => (string?)r["kind"] == kind && GroupOf((string?)r["apiVersion"]) == group);

    public static bool IsOwnedBy(JsonObject obj, JsonObject owner) =>
        OwnerReferences(obj).Any(r => (string?)r["uid"] == Uid(owner));

    /// <summary>An ownerReference to <paramref name="owner"/> (apiVersion/kind taken from the object).</summary>
    public static JsonObject Reference(JsonObject owner, bool controller)
    {
        var r = new JsonObject
        {
            ["apiVersion"] = (string?)owner["apiVersion"],
            ["kind"] = (string?)owner["kind"],
            ["name"] = Name(owner),
            ["uid"] = Uid(owner),
        };
        if (controller)
        {
            r["controller"] = true;
            r["blockOwnerDeletion"] = true;
        }

        return r;
    }

    /// <summary>Ensures an ownerReference to <paramref name="owner"/>; with <paramref name="controller"/>, other controller references are dropped. Returns true when changed.</summary>
    public static bool EnsureOwner(JsonObject obj, JsonObject owner, bool controller, Func<JsonObject, bool>? replace = null)
    {
        var meta = obj["metadata"]!.AsObject();
        if (meta["ownerReferences"] is not JsonArray refs)
        {
            refs = [];
            meta["ownerReferences"] = refs;
        }

        var changed = false;
        foreach (var r in refs.OfType<JsonObject>().Where(r => (string?)r["uid"] != Uid(owner) && (replace?.Invoke(r) ?? false)).ToList())
        {
            refs.Remove(r);
            changed = true;
        }

        var want = Reference(owner, controller);
        var existing = refs.OfType<JsonObject>().FirstOrDefault(r => (string?)r["uid"] == Uid(owner));
        if (existing is not null)
        {
            if (JsonNode.DeepEquals(existing, want)) return changed;
            refs.Remove(existing);
        }

        refs.Add((JsonNode)want);
        return true;
    }

    /// <summary>"cluster.x-k8s.io" from "cluster.x-k8s.io/v1beta2"; "" for "v1".</summary>
    public static string GroupOf(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion)) return "";
        var slash = apiVersion.IndexOf('/');
        return slash < 0 ? "" : apiVersion[..slash];
    }

    /// <summary>Reads an object reference in either shape: v1beta2 <c>{apiGroup, kind, name}</c> or v1beta1 <c>{apiVersion, kind, name}</c>.</summary>
    public static ObjectRef? Ref(JsonNode? node)
    {
        if (node is not JsonObject o) return null;
        var kind = (string?)o["kind"];
        var name = (string?)o["name"];
        if (string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name)) return null;
        var group = (string?)o["apiGroup"] ?? GroupOf((string?)o["apiVersion"]);
        return new ObjectRef(group, kind, name);
    }

    /// <summary>Deep copy of a JSON object.</summary>
    public static JsonObject Clone(JsonObject obj) => obj.DeepClone().AsObject();
}

/// <summary>A reference to an object in the same namespace: API group, kind, name.</summary>
internal sealed record ObjectRef(string Group, string Kind, string Name)
{
    /// <summary>The v1beta2 reference shape <c>{apiGroup, kind, name}</c>.</summary>
    public JsonObject ToContractReference() => new() { ["apiGroup"] = Group, ["kind"] = Kind, ["name"] = Name };
}
