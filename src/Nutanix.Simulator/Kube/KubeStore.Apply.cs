using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Server-side apply and managedFields: what each field manager owns (Update and Apply operations), the merge of an
/// applied configuration, removal of fields a manager stopped applying, and the 409 conflicts between managers.
/// </summary>
public sealed partial class KubeStore
{
    /// <summary>
    /// Server-side apply (PATCH application/apply-patch+yaml): merges <paramref name="configuration"/> owned by
    /// <paramref name="fieldManager"/>, removes fields the manager applied before but no longer does, and records
    /// managedFields (operation Apply). Fields owned by other managers with different values are conflicts:
    /// 409 listing them, unless <paramref name="force"/> takes ownership. Creates the object when absent.
    /// </summary>
    public JsonObject Apply(ResourceType type, string? ns, string name, JsonObject configuration, string fieldManager, bool force = false, bool status = false, WriteOptions? options = null)
    {
        options ??= WriteOptions.Default;
        if (string.IsNullOrEmpty(fieldManager))
        {
            throw KubeApiException.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var cfg = configuration.DeepClone().AsObject();
        var meta = cfg["metadata"] as JsonObject ?? new JsonObject();
        cfg["metadata"] = meta;
        if (meta["name"] is null) meta["name"] = name;
        if ((string?)meta["name"] != name) throw KubeApiException.BadRequest("the name of the object (" + meta["name"] + ") does not match the name on the URL (" + name + ")");
        if (type.Namespaced) meta["namespace"] ??= ns;
        var scope = status ? FieldScope.Status : MainScope(type);
        var subresource = status ? "status" : null;
        var applied = FieldSet.FromObject(cfg, scope);
        lock (_gate)
        {
            var old = Find(type, ns, name);
            options = options with { Version = status && old is not null ? ShapeVersion(type, old, null) : options.Version ?? ShapeVersion(type, cfg, old) };
            if (old is null)
            {
                if (status) throw KubeApiException.NotFound(type, name);
                var fresh = Strip(cfg);
                return CreateLocked(type, fresh, options, (fieldManager, "Apply", null, applied)).DeepClone().AsObject();
            }

            CheckResourceVersion(type, old, (string?)meta["resourceVersion"]);
            var entries = ManagedEntries(old);
            var self = entries.FirstOrDefault(e => e.Manager == fieldManager && e.Operation == "Apply" && e.Subresource == subresource);
            var conflicts = new List<(string Manager, string Key, ManagedEntry Entry)>();
            foreach (var e in entries)
            {
                if (ReferenceEquals(e, self)) continue;
                foreach (var key in applied.Keys)
                {
                    foreach (var owned in e.Fields.Keys.Where(k => FieldSet.Overlaps(k, key)).ToList())
                    {
                        var live = FieldSet.ValueAt(old, owned, out var foundLive);
                        var want = FieldSet.ValueAt(cfg, owned, out var foundWant);
                        if (foundLive && foundWant && JsonNode.DeepEquals(live, want)) continue;
                        if (!foundWant && owned.Length > key.Length)
                        {
                            var liveLeaf = FieldSet.ValueAt(old, key, out var fl);
                            if (fl && JsonNode.DeepEquals(liveLeaf, FieldSet.ValueAt(cfg, key, out _))) continue;
                        }

                        if (!conflicts.Any(c => c.Entry == e && c.Key == owned)) conflicts.Add((e.Manager, owned, e));
                    }
                }
            }

            if (conflicts.Count > 0 && !force) throw ApplyConflict(conflicts.Select(c => (c.Entry, c.Key)).ToList());
            foreach (var c in conflicts) c.Entry.Fields.Remove(c.Key);

            var merged = old.DeepClone().AsObject();
            if (self is not null)
            {
                foreach (var key in self.Fields.Keys.Where(k => !applied.ContainsKey(k)).ToList())
                {
                    if (entries.Any(e => !ReferenceEquals(e, self) && e.Fields.Keys.Any(k => FieldSet.Overlaps(k, key)))) continue;
                    FieldSet.RemoveAt(merged, key);
                }
            }

            DeepMerge(merged, Strip(cfg), scope);
            entries.Remove(self!);
            entries.Add(new ManagedEntry(fieldManager, "Apply", subresource, applied, Now()));
            return UpdateLocked(type, old, merged, options, scope, "Apply", entries).DeepClone().AsObject();
        }
    }

    private static JsonObject Strip(JsonObject cfg)
    {
        var copy = cfg.DeepClone().AsObject();
        if (copy["metadata"] is JsonObject m)
        {
            m.Remove("managedFields");
            m.Remove("resourceVersion");
        }

        return copy;
    }

    private static void DeepMerge(JsonObject target, JsonObject source, FieldScope scope)
    {
        foreach (var (key, value) in source)
        {
            if (scope == FieldScope.Main && key == "status") continue;
            if (scope == FieldScope.Status && key is not ("status" or "apiVersion" or "kind" or "metadata")) continue;
            if (scope == FieldScope.Status && key == "metadata") continue;
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject vo && target[key] is JsonObject to)
            {
                DeepMerge(to, vo, FieldScope.All);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    private static KubeApiException ApplyConflict(List<(ManagedEntry Entry, string Key)> conflicts)
    {
        static string Who(ManagedEntry e)
        {
            var s = $"\"{e.Manager}\"";
            if (e.Subresource is not null) s += $" with subresource \"{e.Subresource}\"";
            if (e.Operation == "Update") s += $" using {e.ApiVersion}";
            return s;
        }

        var causes = new JsonArray();
        foreach (var (entry, key) in conflicts)
        {
            causes.Add((JsonNode)new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with {Who(entry)}", ["field"] = FieldSet.Display(key) });
        }

        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {Who(conflicts[0].Entry)}: {FieldSet.Display(conflicts[0].Key)}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in conflicts.GroupBy(c => Who(c.Entry)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                lines.Add($"conflicts with {group.Key}:");
                lines.AddRange(group.Select(c => "- " + FieldSet.Display(c.Key)));
            }

            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }

        return new KubeApiException(409, "Conflict", message, new JsonObject { ["causes"] = causes });
    }

    private List<ManagedEntry> UpdateEntries(List<ManagedEntry> entries, JsonObject old, JsonObject next, string manager, string operation, string? subresource, FieldScope scope)
    {
        var changed = new List<string>();
        foreach (var key in FieldSet.FromObject(next, scope).Keys)
        {
            var before = FieldSet.ValueAt(old, key, out var found);
            if (!found || !JsonNode.DeepEquals(before, FieldSet.ValueAt(next, key, out _))) changed.Add(key);
        }

        if (changed.Count == 0) return entries;
        var mine = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == operation && e.Subresource == subresource);
        foreach (var e in entries)
        {
            if (ReferenceEquals(e, mine)) continue;
            foreach (var k in e.Fields.Keys.Where(k => changed.Any(c => FieldSet.Overlaps(c, k))).ToList()) e.Fields.Remove(k);
        }

        if (mine is null)
        {
            mine = new ManagedEntry(manager, operation, subresource, new FieldSet(), Now());
            entries.Add(mine);
        }
        else
        {
            mine.Time = Now();
        }

        foreach (var c in changed) mine.Fields.Add(FieldSet.Split(c));
        return entries;
    }

    private static JsonObject WithoutManagedTimes(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        if (copy["metadata"]?["managedFields"] is JsonArray entries)
        {
            foreach (var e in entries.OfType<JsonObject>()) e.Remove("time");
        }

        return copy;
    }

    private static List<ManagedEntry> ManagedEntries(JsonObject obj)
    {
        var list = new List<ManagedEntry>();
        if (obj["metadata"]?["managedFields"] is JsonArray arr)
        {
            foreach (var e in arr.OfType<JsonObject>()) list.Add(ManagedEntry.FromJson(e));
        }

        return list;
    }
}
