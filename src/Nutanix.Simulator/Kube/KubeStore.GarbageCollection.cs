using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Deletion as the apiserver and its garbage collector do it: finalizers and deletionTimestamp, propagation policies
/// (Background, Foreground with the foregroundDeletion finalizer and blocking dependents, Orphan), collection of
/// dependents through ownerReferences, and terminating namespaces.
/// </summary>
public sealed partial class KubeStore
{
    /// <summary>
    /// Deletes an object. Without finalizers (and not Foreground) it is removed at once and its dependents are
    /// garbage-collected (Background) or orphaned (Orphan: their ownerReferences to it are dropped). With
    /// finalizers, or Foreground (which adds the <c>foregroundDeletion</c> finalizer and deletes dependents first),
    /// <c>deletionTimestamp</c> is set and the object stays until its finalizers are gone.
    /// Returns the object's last state; <c>metadata.deletionTimestamp</c> tells whether it is still present.
    /// </summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, DeleteOptions? options = null)
    {
        options ??= DeleteOptions.Default;
        lock (_gate)
        {
            var current = Find(type, ns, name) ?? throw KubeApiException.NotFound(type, name);
            var meta = current["metadata"]!.AsObject();
            if (options.PreconditionUid is { } uid && uid != (string?)meta["uid"])
            {
                throw new KubeApiException(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": Precondition failed: UID in precondition: {uid}, UID in object meta: {meta["uid"]}");
            }

            if (options.PreconditionResourceVersion is { } prv && prv != (string?)meta["resourceVersion"])
            {
                throw new KubeApiException(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": Precondition failed: ResourceVersion in precondition: {prv}, ResourceVersion in object meta: {meta["resourceVersion"]}");
            }

            if (options.DryRun) return current.DeepClone().AsObject();
            var result = DeleteLocked(type, current, options.Propagation ?? PropagationPolicy.Background);
            Settle();
            return (Find(type, ns, name) ?? result).DeepClone().AsObject();
        }
    }

    private JsonObject DeleteLocked(ResourceType type, JsonObject current, PropagationPolicy policy)
    {
        var meta = current["metadata"]!.AsObject();
        var uid = (string)meta["uid"]!;
        if (meta["deletionTimestamp"] is not null) return current;
        if (policy == PropagationPolicy.Orphan) Orphan(uid);

        var finalizers = Finalizers(current);
        if (policy == PropagationPolicy.Foreground && !finalizers.Contains(ForegroundFinalizer)) finalizers.Add(ForegroundFinalizer);
        var isNamespace = type.Group == "" && type.Plural == "namespaces";
        if (finalizers.Count == 0 && !isNamespace)
        {
            RemoveLocked(type, current, policy);
            return current;
        }

        var next = current.DeepClone().AsObject();
        var nmeta = next["metadata"]!.AsObject();
        nmeta["deletionTimestamp"] = Now();
        nmeta["deletionGracePeriodSeconds"] = 0;
        if (finalizers.Count > 0) nmeta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        if (TracksGeneration(type)) nmeta["generation"] = (JsonNumbers.Int64(nmeta["generation"]) ?? 0) + 1;
        NormalizeBuiltIn(type, next);
        if (IsCrdType(type)) next["status"] = CrdStatus(next, next["status"] as JsonObject, conflict: null);
        nmeta["resourceVersion"] = NextResourceVersion();
        Store(type, next, WatchEvent.Modified);

        if (IsCrdType(type)) DeleteCrdInstances(next);
        if (policy == PropagationPolicy.Foreground) CollectDependents(uid);
        if (isNamespace)
        {
            var name = (string)meta["name"]!;
            foreach (var (t, objects) in _data.Where(d => d.Key.Namespaced).ToList())
            {
                foreach (var o in objects.Values.Where(o => (string?)o["metadata"]!["namespace"] == name).ToList())
                {
                    DeleteLocked(t, o, PropagationPolicy.Background);
                }
            }
        }

        return next;
    }

    private void RemoveLocked(ResourceType type, JsonObject obj, PropagationPolicy policy)
    {
        var meta = obj["metadata"]!.AsObject();
        var ns = (string?)meta["namespace"];
        var name = (string)meta["name"]!;
        if (!_data[type].Remove(Key(ns, name))) return;
        if (_deleting.TryGetValue(type, out var deleting)) deleting.Remove(Key(ns, name));
        var final = obj.DeepClone().AsObject();
        final["metadata"]!["resourceVersion"] = NextResourceVersion();
        _persistence?.Remove(type, ns, name);
        if (IsCrdType(type)) OnCrdRemoved(obj);
        Publish(new WatchEvent(WatchEvent.Deleted, type, final));
        if (policy != PropagationPolicy.Orphan) CollectDependents((string)meta["uid"]!);
    }

    private IEnumerable<(ResourceType Type, JsonObject Obj)> Dependents(string uid) =>
        _data.SelectMany(d => d.Value.Values.Select(o => (d.Key, o)))
            .Where(x => x.o["metadata"]?["ownerReferences"] is JsonArray refs && refs.Any(r => (string?)r?["uid"] == uid))
            .ToList();

    /// <summary>Garbage collection after an owner goes away: dependents lose that ownerReference; those left with none are deleted.</summary>
    private void CollectDependents(string uid)
    {
        foreach (var (t, o) in Dependents(uid))
        {
            var current = Find(t, (string?)o["metadata"]!["namespace"], (string)o["metadata"]!["name"]!);
            if (current is null) continue;
            var refs = current["metadata"]!["ownerReferences"]!.AsArray();
            if (refs.All(r => (string?)r?["uid"] == uid) || OwnerIsGone(refs, uid))
            {
                DeleteLocked(t, current, PropagationPolicy.Background);
            }
        }
    }

    private bool OwnerIsGone(JsonArray refs, string deletedUid) =>
        refs.All(r => (string?)r?["uid"] == deletedUid || !_data.Values.Any(d => d.Values.Any(o => (string?)o["metadata"]!["uid"] == (string?)r?["uid"])));

    private void Orphan(string uid)
    {
        foreach (var (t, o) in Dependents(uid))
        {
            var next = o.DeepClone().AsObject();
            var refs = next["metadata"]!["ownerReferences"]!.AsArray();
            foreach (var r in refs.Where(r => (string?)r?["uid"] == uid).ToList()) refs.Remove(r);
            if (refs.Count == 0) next["metadata"]!.AsObject().Remove("ownerReferences");
            next["metadata"]!["resourceVersion"] = NextResourceVersion();
            Store(t, next, WatchEvent.Modified);
        }
    }

    /// <summary>Releases foreground owners whose blocking dependents are gone and terminating namespaces that are empty.</summary>
    private void TrackDeleting(ResourceType type, string key, JsonObject obj)
    {
        if (obj["metadata"]?["deletionTimestamp"] is not null)
        {
            if (!_deleting.TryGetValue(type, out var keys)) _deleting[type] = keys = new SortedSet<string>(StringComparer.Ordinal);
            keys.Add(key);
        }
        else if (_deleting.TryGetValue(type, out var keys))
        {
            keys.Remove(key);
        }
    }

    /// <summary>
    /// The system's own finalizer released from a terminating object: the object goes when no finalizer is left,
    /// else it is stored without it (MODIFIED).
    /// </summary>
    private void ReleaseFinalizer(ResourceType type, JsonObject obj, List<string> finalizers, string finalizer)
    {
        finalizers.Remove(finalizer);
        var next = obj.DeepClone().AsObject();
        if (finalizers.Count == 0)
        {
            next["metadata"]!.AsObject().Remove("finalizers");
            RemoveLocked(type, next, PropagationPolicy.Background);
        }
        else
        {
            next["metadata"]!["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
            next["metadata"]!["resourceVersion"] = NextResourceVersion();
            Store(type, next, WatchEvent.Modified);
        }
    }

    private void Settle()
    {
        bool progress;
        do
        {
            progress = false;
            foreach (var (t, objects) in _data.ToList())
            {
                if (!_deleting.TryGetValue(t, out var deleting) || deleting.Count == 0) continue;
                var snapshot = deleting.Select(k => objects.GetValueOrDefault(k)).OfType<JsonObject>().ToList();
                foreach (var o in snapshot)
                {
                    var meta = o["metadata"]!;
                    var finalizers = Finalizers(o);
                    var uid = (string)meta["uid"]!;
                    if (finalizers.Contains(ForegroundFinalizer) && !Dependents(uid).Any(d => Blocks(d.Obj, uid)))
                    {
                        ReleaseFinalizer(t, o, finalizers, ForegroundFinalizer);
                        progress = true;
                    }
                    else if (IsCrdType(t) && SettleCrd(o))
                    {
                        progress = true;
                    }
                    else if (t.Group == "" && t.Plural == "namespaces" && finalizers.Count == 0)
                    {
                        var name = (string)meta["name"]!;
                        if (!_data.Any(d => d.Key.Namespaced && d.Value.Values.Any(x => (string?)x["metadata"]!["namespace"] == name)))
                        {
                            RemoveLocked(t, o, PropagationPolicy.Background);
                            progress = true;
                        }
                    }
                }
            }
        }
        while (progress);
    }

    private static bool Blocks(JsonObject dependent, string ownerUid) =>
        dependent["metadata"]?["ownerReferences"] is JsonArray refs
        && refs.Any(r => (string?)r?["uid"] == ownerUid && r?["blockOwnerDeletion"]?.GetValue<bool>() == true);
}
