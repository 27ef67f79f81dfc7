using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// The simulated management cluster's object store: the single source of truth behind the HTTP API and the
/// in-process API the emulated controllers use. Thread-safe (one lock; every call sees and produces a consistent
/// state). Objects go in and come out as <see cref="JsonObject"/> deep copies; mutating a returned object never
/// changes the store.
/// Versions: the simulator does not convert fields between served versions (CAPI v1beta1 and v1beta2 differ
/// substantially). An object keeps the layout of the version it was created/replaced/applied in and its
/// <c>apiVersion</c> says which (in-process callers see it as stored); patches, status and scale writes keep the
/// stored version; the HTTP API serves any served version by relabelling <c>apiVersion</c> only. Validation uses
/// the schema of the version the object is laid out in. Creates default to the storage version.
/// Semantics follow the apiserver: resourceVersion (global, increasing), uid, creationTimestamp, generation
/// bumped on spec changes, status subresource isolation, optimistic concurrency (409 on stale resourceVersion),
/// finalizers and deletionTimestamp, propagation policies with ownerReference garbage collection, managedFields
/// (Update and Apply), schema validation with defaulting/pruning (422), and watch events.
/// Failures throw <see cref="KubeApiException"/> carrying the apiserver's Status.
/// </summary>
public sealed partial class KubeStore
{
    private const string ForegroundFinalizer = "foregroundDeletion";
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceType, SortedDictionary<string, JsonObject>> _data = [];

    // Keys of the objects carrying a deletionTimestamp, per type: what Settle looks at after every write.
    private readonly Dictionary<ResourceType, SortedSet<string>> _deleting = [];
    private const int HistoryLimit = 4096;
    private readonly List<KubeWatch> _watches = [];
    private readonly Queue<(long ResourceVersion, WatchEvent Event)> _history = new();
    private readonly IKubeObjectValidator _validator;
    private readonly IKubeAdmission _admission;
    private readonly ObjectPersistence? _persistence;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _resourceVersion;

    /// <summary>
    /// Creates a store; with a state directory, loads persisted objects and persists every change. Writes pass
    /// <paramref name="admission"/> (default: the emulated CAPI webhooks, <see cref="CapiAdmissionWebhooks"/>).
    /// </summary>
    public KubeStore(ResourceRegistry registry, IKubeObjectValidator validator, string? stateDirectory, ILogger<KubeStore>? logger = null, TimeProvider? time = null, IKubeAdmission? admission = null)
    {
        Registry = registry;
        _validator = validator;
        _admission = admission ?? CapiAdmissionWebhooks.Instance;
        _logger = logger ?? NullLogger<KubeStore>.Instance;
        _time = time ?? TimeProvider.System;
        foreach (var type in registry.Types) _data[type] = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        LoadCrds();
        if (stateDirectory is not null)
        {
            _persistence = new ObjectPersistence(stateDirectory);
            var loaded = 0;
            var persisted = _persistence.LoadAll().ToList();
            var crdType = CrdType;

            // CRDs installed through the API first: the kinds they define must be served before their objects load.
            foreach (var (_, crd) in persisted.Where(p => p.QualifiedResource == crdType.QualifiedResource))
            {
                _data[crdType][Key(null, (string)crd["metadata"]!["name"]!)] = crd;
                TrackDeleting(crdType, Key(null, (string)crd["metadata"]!["name"]!), crd);
                OnCrdStored(crd);
            }

            foreach (var (resource, obj) in persisted)
            {
                var type = registry.Types.FirstOrDefault(t => t.QualifiedResource == resource);
                if (type is null) continue;
                var key = Key((string?)obj["metadata"]?["namespace"], (string)obj["metadata"]!["name"]!);
                _data[type][key] = obj;
                TrackDeleting(type, key, obj);
                _resourceVersion = Math.Max(_resourceVersion, long.Parse((string?)obj["metadata"]?["resourceVersion"] ?? "0", CultureInfo.InvariantCulture));
                loaded++;
            }

            _logger.LogInformation("Loaded {Count} Kubernetes objects from state", loaded);
        }
    }

    /// <summary>The resources this store serves.</summary>
    public ResourceRegistry Registry { get; }

    /// <summary>True when no object (besides CRDs) is stored: a fresh state, to be seeded.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_gate) return _data.Where(d => d.Key.Plural != "customresourcedefinitions").All(d => d.Value.Count == 0);
        }
    }

    /// <summary>The latest resourceVersion handed out.</summary>
    public string CurrentResourceVersion
    {
        get
        {
            lock (_gate) return _resourceVersion.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Looks a resource up by group and plural ("cluster.x-k8s.io", "clusters"); throws when unknown.</summary>
    public ResourceType Resource(string group, string plural) =>
        Registry.Find(group, plural) ?? throw new ArgumentException($"unknown resource {plural}.{group}", nameof(plural));

    /// <summary>The object, or null when absent.</summary>
    public JsonObject? TryGet(ResourceType type, string? ns, string name)
    {
        lock (_gate) return Find(type, ns, name)?.DeepClone().AsObject();
    }

    /// <summary>The object; throws 404 NotFound when absent.</summary>
    public JsonObject Get(ResourceType type, string? ns, string name) =>
        TryGet(type, ns, name) ?? throw KubeApiException.NotFound(type, name);

    /// <summary>Objects of a type, in one namespace (or all when null), filtered by label and field selectors.</summary>
    public ObjectList List(ResourceType type, string? ns = null, LabelSelector? labels = null, FieldSelector? fields = null)
    {
        lock (_gate)
        {
            var items = Objects(type).Values
                .Where(o => Matches(type, o, ns, labels, fields))
                .Select(o => o.DeepClone().AsObject())
                .ToList();
            return new ObjectList(items, _resourceVersion.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Objects of a type (one namespace or all) for which <paramref name="where"/> holds, deep-copied after the
    /// filter so objects left out cost no copy. <paramref name="where"/> sees the stored objects under the store's
    /// lock: it must be quick and must not change them.
    /// </summary>
    internal List<JsonObject> ListWhere(ResourceType type, string? ns, Func<JsonObject, bool> where)
    {
        lock (_gate)
        {
            var items = new List<JsonObject>();
            foreach (var o in Objects(type).Values)
            {
                if (Matches(type, o, ns, null, null) && where(o)) items.Add(o.DeepClone().AsObject());
            }

            return items;
        }
    }

    /// <summary>
    /// Creates an object (POST). <c>metadata.name</c> or <c>generateName</c> required; for namespaced types
    /// <c>metadata.namespace</c> must name an existing namespace. Returns the stored object.
    /// </summary>
    public JsonObject Create(ResourceType type, JsonObject obj, WriteOptions? options = null)
    {
        options ??= WriteOptions.Default;
        options = options with { Version = options.Version ?? ShapeVersion(type, obj, null) };
        lock (_gate) return CreateLocked(type, obj.DeepClone().AsObject(), options, ManagedEntryFor(options.FieldManager, "Update", null)).DeepClone().AsObject();
    }

    /// <summary>
    /// Replaces an object (PUT) — status is ignored when the type has a status subresource. A non-empty
    /// <c>metadata.resourceVersion</c> must match (409 Conflict otherwise); custom resources require one.
    /// </summary>
    public JsonObject Update(ResourceType type, JsonObject obj, WriteOptions? options = null) =>
        Replace(type, obj, options ?? WriteOptions.Default, status: false);

    /// <summary>Replaces the status of an object (PUT .../status): only <c>status</c> of the given object is used.</summary>
    public JsonObject UpdateStatus(ResourceType type, JsonObject obj, WriteOptions? options = null) =>
        Replace(type, obj, options ?? WriteOptions.Default, status: true);

    private JsonObject Replace(ResourceType type, JsonObject obj, WriteOptions options, bool status)
    {
        var (ns, name) = Identity(type, obj);
        lock (_gate)
        {
            var old = Find(type, ns, name) ?? throw KubeApiException.NotFound(type, name);
            var rv = (string?)obj["metadata"]?["resourceVersion"];
            if (string.IsNullOrEmpty(rv) && type.IsCustom)
            {
                throw KubeApiException.Invalid(type, name, [FieldError.InvalidValue("metadata.resourceVersion", "0x0", "must be specified for an update")]);
            }

            CheckResourceVersion(type, old, rv);
            options = options with { Version = status ? ShapeVersion(type, old, null) : options.Version ?? ShapeVersion(type, obj, old) };
            return UpdateLocked(type, old, obj.DeepClone().AsObject(), options, status ? FieldScope.Status : MainScope(type), "Update").DeepClone().AsObject();
        }
    }

    /// <summary>
    /// Patches an object: <paramref name="patchType"/> is merge (RFC 7386), JSON (RFC 6902) or strategic merge
    /// (built-in types only, applied as a merge patch; custom resources get 415 like the apiserver).
    /// With <paramref name="status"/> the status subresource is patched.
    /// </summary>
    public JsonObject Patch(ResourceType type, string? ns, string name, PatchType patchType, JsonNode patch, WriteOptions? options = null, bool status = false)
    {
        options ??= WriteOptions.Default;
        if (patchType == PatchType.StrategicMerge && type.IsCustom) throw UnsupportedPatch();
        lock (_gate)
        {
            var old = Find(type, ns, name) ?? throw KubeApiException.NotFound(type, name);
            var patched = ApplyPatch(old, patchType, patch);
            CheckResourceVersion(type, old, (string?)patched["metadata"]?["resourceVersion"]);
            options = options with { Version = ShapeVersion(type, old, null) };
            return UpdateLocked(type, old, patched, options, status ? FieldScope.Status : MainScope(type), "Update").DeepClone().AsObject();
        }
    }

    internal static KubeApiException UnsupportedPatch() => new(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");

    private static JsonObject ApplyPatch(JsonObject old, PatchType patchType, JsonNode patch)
    {
        var result = patchType switch
        {
            PatchType.Json => Patches.JsonPatch(old, patch as JsonArray ?? throw KubeApiException.BadRequest("json patch must be an array")),
            _ => Patches.MergePatch(old, patch),
        };
        return result as JsonObject ?? throw KubeApiException.BadRequest("patch result is not an object");
    }

    // ----- internals (all called under _gate) -----

    private static FieldScope MainScope(ResourceType type) => type.HasStatus ? FieldScope.Main : FieldScope.All;

    private static bool TracksGeneration(ResourceType type) => type.IsCustom || type.Group == "apps";

    private static string Key(string? ns, string name) => (ns ?? "") + "/" + name;

    private JsonObject? Find(ResourceType type, string? ns, string name) =>
        Objects(type).GetValueOrDefault(Key(type.Namespaced ? ns : null, name));

    private static readonly SortedDictionary<string, JsonObject> NoObjects = new(StringComparer.Ordinal);

    /// <summary>The objects of a type; none for a kind this store does not serve (yet).</summary>
    private SortedDictionary<string, JsonObject> Objects(ResourceType type) => _data.GetValueOrDefault(type) ?? NoObjects;

    private static bool Matches(ResourceType type, JsonObject o, string? ns, LabelSelector? labels, FieldSelector? fields) =>
        (ns is null || !type.Namespaced || (string?)o["metadata"]?["namespace"] == ns)
        && (labels is null || labels.Matches(o["metadata"]?["labels"] as JsonObject))
        && (fields is null || fields.Matches(o));

    private static (string? Ns, string Name) Identity(ResourceType type, JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        var name = (string?)meta?["name"];
        if (string.IsNullOrEmpty(name)) throw KubeApiException.BadRequest("name is required");
        return (type.Namespaced ? (string?)meta!["namespace"] : null, name);
    }

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string NextResourceVersion() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private static void CheckResourceVersion(ResourceType type, JsonObject old, string? rv)
    {
        if (!string.IsNullOrEmpty(rv) && rv != (string?)old["metadata"]?["resourceVersion"])
        {
            throw KubeApiException.Conflict(type, (string)old["metadata"]!["name"]!);
        }
    }

    private static (string Manager, string Operation, string? Subresource, FieldSet? Fields) ManagedEntryFor(string manager, string operation, string? subresource) =>
        (manager, operation, subresource, null);

    private JsonObject CreateLocked(ResourceType type, JsonObject obj, WriteOptions options, (string Manager, string Operation, string? Subresource, FieldSet? Fields) manager)
    {
        if (type.IsCustom) RefuseCreateWhileCrdTerminates(type);
        var meta = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = meta;
        var name = (string?)meta["name"];
        if (string.IsNullOrEmpty(name))
        {
            var prefix = (string?)meta["generateName"];
            if (string.IsNullOrEmpty(prefix))
            {
                throw KubeApiException.Invalid(type, "", [FieldError.Required("metadata.name", "name or generateName is required")]);
            }

            do
            {
                name = prefix + string.Concat(Enumerable.Range(0, 5).Select(_ => GenerateNameAlphabet[Random.Shared.Next(GenerateNameAlphabet.Length)]));
            }
            while (Find(type, (string?)meta["namespace"], name) is not null);
            meta["name"] = name;
        }

        var ns = (string?)meta["namespace"];
        if (type.Namespaced)
        {
            if (string.IsNullOrEmpty(ns)) throw KubeApiException.BadRequest("the server could not find the requested resource: namespace is required for a namespaced resource");
            var nsObj = Find(Registry.Find("", "namespaces")!, null, ns) ?? throw KubeApiException.NamespaceNotFound(ns);
            if (nsObj["metadata"]?["deletionTimestamp"] is not null)
            {
                throw new KubeApiException(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                    new JsonObject { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural });
            }
        }
        else
        {
            meta.Remove("namespace");
        }

        var nameError = type.Plural == "namespaces" ? ValidateLabelName(name)
            : type.Group == "rbac.authorization.k8s.io" ? ValidatePathSegmentName(name)
            : ValidateSubdomain(name);
        if (nameError is not null)
        {
            throw KubeApiException.Invalid(type, name, [FieldError.InvalidValue("metadata.name", Quote(name), nameError)]);
        }

        if (Find(type, ns, name) is not null) throw KubeApiException.AlreadyExists(type, name);

        obj["apiVersion"] = ApiVersionFor(type, options);
        obj["kind"] = type.Kind;
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Now();
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("resourceVersion");
        meta.Remove("managedFields");
        meta.Remove("selfLink");
        if (TracksGeneration(type)) meta["generation"] = 1;
        else meta.Remove("generation");
        if (type.HasStatus) obj.Remove("status");
        if (IsCrdType(type)) PrepareCrd(obj, null);
        NormalizeBuiltIn(type, obj);
        _admission.Mutate(type, null, obj);
        Validate(type, obj, options);
        _admission.Validate(type, null, obj);

        var fields = manager.Fields ?? FieldSet.FromObject(obj, MainScope(type));
        if (fields.Count > 0)
        {
            meta["managedFields"] = new JsonArray(new ManagedEntry(manager.Manager, manager.Operation, manager.Subresource, fields, Now()) { ApiVersion = ApiVersionFor(type, options) }.ToJson());
        }

        if (options.DryRun) return obj;
        meta["resourceVersion"] = NextResourceVersion();
        Store(type, obj, WatchEvent.Added);
        return obj;
    }

    /// <summary>The served version an object's apiVersion names, else that of <paramref name="fallback"/>, else the storage version.</summary>
    private static string ShapeVersion(ResourceType type, JsonObject obj, JsonObject? fallback)
    {
        var apiVersion = (string?)obj["apiVersion"];
        if (apiVersion is not null)
        {
            var slash = apiVersion.IndexOf('/');
            var group = slash < 0 ? "" : apiVersion[..slash];
            var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
            if (group == type.Group && type.FindVersion(version) is not null) return version;
        }

        return fallback is null ? type.StorageVersion : ShapeVersion(type, fallback, null);
    }

    private static string ApiVersionFor(ResourceType type, WriteOptions options) => type.ApiVersion(options.Version ?? type.StorageVersion);

    private JsonObject UpdateLocked(ResourceType type, JsonObject old, JsonObject candidate, WriteOptions options, FieldScope scope, string operation, List<ManagedEntry>? entries = null)
    {
        JsonObject next;
        if (scope == FieldScope.Status)
        {
            next = old.DeepClone().AsObject();
            if (candidate["status"] is { } st) next["status"] = st.DeepClone();
            else next.Remove("status");
        }
        else
        {
            next = candidate;
            if (scope == FieldScope.Main)
            {
                if (old["status"] is { } st) next["status"] = st.DeepClone();
                else next.Remove("status");
            }
        }

        var oldMeta = old["metadata"]!.AsObject();
        var meta = next["metadata"] as JsonObject ?? new JsonObject();
        next["metadata"] = meta;
        if ((string?)meta["name"] != (string?)oldMeta["name"])
        {
            throw KubeApiException.BadRequest($"the name of the object ({meta["name"]}) does not match the name on the URL ({oldMeta["name"]})");
        }

        foreach (var k in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion", "managedFields" })
        {
            if (oldMeta[k] is { } v) meta[k] = v.DeepClone();
            else meta.Remove(k);
        }

        next["apiVersion"] = ApiVersionFor(type, options);
        next["kind"] = type.Kind;
        NormalizeBuiltIn(type, next);
        var admitted = scope != FieldScope.Status;
        if (IsCrdType(type)) PrepareCrd(next, old);
        if (admitted) _admission.Mutate(type, old, next);
        Validate(type, next, options);
        if (admitted) _admission.Validate(type, old, next);

        if (oldMeta["deletionTimestamp"] is not null)
        {
            var oldFinalizers = Finalizers(old);
            var added = Finalizers(next).Where(f => !oldFinalizers.Contains(f)).ToList();
            if (added.Count > 0)
            {
                throw KubeApiException.Invalid(type, (string)oldMeta["name"]!, [new FieldError("metadata.finalizers", "FieldValueForbidden", "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"" + string.Join("\", \"", added) + "\"}")]);
            }
        }

        if (JsonNode.DeepEquals(next, old) && entries is null) return old;

        if (TracksGeneration(type) && SpecChanged(type, old, next))
        {
            meta["generation"] = (JsonNumbers.Int64(oldMeta["generation"]) ?? 0) + 1;
        }

        entries ??= UpdateEntries(ManagedEntries(old), old, next, options.FieldManager, operation, scope == FieldScope.Status ? "status" : null, scope);
        foreach (var e in entries)
        {
            foreach (var k in e.Fields.Keys.ToList())
            {
                FieldSet.ValueAt(next, k, out var found);
                if (!found) e.Fields.Remove(k);
            }

            e.ApiVersion ??= ApiVersionFor(type, options);
        }

        var managed = new JsonArray();
        foreach (var e in entries.Where(e => e.Fields.Count > 0)) managed.Add((JsonNode)e.ToJson());
        if (managed.Count > 0) meta["managedFields"] = managed;
        else meta.Remove("managedFields");

        // A write that changes nothing but managedFields timestamps (e.g. re-applying the same configuration)
        // is a no-op, as in the apiserver: same resourceVersion, no event.
        if (JsonNode.DeepEquals(WithoutManagedTimes(next), WithoutManagedTimes(old))) return old;
        if (options.DryRun) return next;
        if (meta["deletionTimestamp"] is not null && Finalizers(next).Count == 0)
        {
            RemoveLocked(type, next, PropagationPolicy.Background);
            Settle();
            return next;
        }

        meta["resourceVersion"] = NextResourceVersion();
        Store(type, next, WatchEvent.Modified);
        Settle();
        return next;
    }

    private static bool SpecChanged(ResourceType type, JsonObject old, JsonObject next)
    {
        var a = old.DeepClone().AsObject();
        var b = next.DeepClone().AsObject();
        foreach (var o in new[] { a, b })
        {
            o.Remove("metadata");
            if (type.HasStatus) o.Remove("status");
        }

        return !JsonNode.DeepEquals(a, b);
    }

    private static List<string> Finalizers(JsonObject obj) =>
        (obj["metadata"]?["finalizers"] as JsonArray)?.Select(f => (string)f!).ToList() ?? [];

    private void Validate(ResourceType type, JsonObject obj, WriteOptions options)
    {
        var version = options.Version ?? type.StorageVersion;
        var all = _validator.Validate(type, version, obj);
        var unknown = all.Where(e => e.Reason == IKubeObjectValidator.UnknownFieldReason).ToList();
        if (options.Strict && unknown.Count > 0)
        {
            throw KubeApiException.BadRequest($"{type.Kind} in version \"{version}\" cannot be handled as a {type.Kind}: strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u.Field}\"")));
        }

        var errors = all.Where(e => e.Reason != IKubeObjectValidator.UnknownFieldReason).ToList();
        if (errors.Count > 0) throw KubeApiException.Invalid(type, (string?)obj["metadata"]?["name"] ?? "", errors);
        obj["apiVersion"] = type.ApiVersion(version);
    }

    private static void NormalizeBuiltIn(ResourceType type, JsonObject obj)
    {
        if (type.Group == "" && type.Plural == "secrets" && obj["stringData"] is JsonObject sd)
        {
            var data = obj["data"] as JsonObject ?? new JsonObject();
            foreach (var (k, v) in sd) data[k] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)v ?? ""));
            obj["data"] = data;
            obj.Remove("stringData");
        }

        if (type.Group == "" && type.Plural == "secrets") obj["type"] ??= "Opaque";
        if (type.Group == "" && type.Plural == "namespaces")
        {
            var terminating = obj["metadata"]?["deletionTimestamp"] is not null;
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = terminating ? "Terminating" : "Active" };
            var labels = obj["metadata"]!["labels"] as JsonObject ?? new JsonObject();
            labels["kubernetes.io/metadata.name"] = (string?)obj["metadata"]!["name"];
            obj["metadata"]!["labels"] = labels;
        }
    }

    private void Store(ResourceType type, JsonObject obj, string eventType)
    {
        var meta = obj["metadata"]!;
        var key = Key((string?)meta["namespace"], (string)meta["name"]!);
        _data[type][key] = obj;
        TrackDeleting(type, key, obj);
        _persistence?.Save(type, obj);
        if (IsCrdType(type)) OnCrdStored(obj);
        Publish(new WatchEvent(eventType, type, obj));
    }

    private static string DeterministicUid(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

/// <summary>Patch formats accepted by <see cref="KubeStore.Patch"/>.</summary>
public enum PatchType
{
    /// <summary>application/merge-patch+json (RFC 7386).</summary>
    Merge,

    /// <summary>application/json-patch+json (RFC 6902).</summary>
    Json,

    /// <summary>application/strategic-merge-patch+json: built-in types only, applied as a merge patch.</summary>
    StrategicMerge,
}
