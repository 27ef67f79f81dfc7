using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Simulator.Inventory;
using Nutanix.Simulator.Kube;
using Nutanix.Simulator.Prism;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// What one reconcile pass works with: the store, the Prism inventory and credentials, the timings, and write
/// helpers that turn optimistic-concurrency conflicts into "try again next pass" instead of failures.
/// Step delays are kept as "first seen at" times in memory: after a restart a pending step simply starts its
/// delay again, everything else is read back from the store.
/// </summary>
internal sealed class ReconcileContext
{
    private readonly StepTimers _timers;
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    /// <param name="scope">The clusters this pass reconciles; null for a full pass over every object.</param>
    public ReconcileContext(KubeStore store, CapiResources types, PrismInventory inventory, PrismCredentials credentials,
        ControllerTimings timings, TimeProvider time, ILogger logger, StepTimers timers, HashSet<ClusterKey>? scope = null)
    {
        Store = store;
        Types = types;
        Inventory = inventory;
        Credentials = credentials;
        Timings = timings;
        Time = time;
        Logger = logger;
        _timers = timers;
        Scope = scope;
        Now = time.GetUtcNow();
    }

    public const string FieldManager = "nutanix-sim-controllers";

    private static readonly WriteOptions Options = new() { FieldManager = FieldManager };

    public KubeStore Store { get; }
    public CapiResources Types { get; }
    public PrismInventory Inventory { get; }
    public PrismCredentials Credentials { get; }
    public ControllerTimings Timings { get; }
    public TimeProvider Time { get; }
    public ILogger Logger { get; }
    public DateTimeOffset Now { get; }

    /// <summary>RFC 3339 timestamp (seconds) as the apiserver writes them.</summary>
    public string NowText => Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The clusters this pass reconciles (see <see cref="ClusterScope"/>); null for a full pass.</summary>
    public HashSet<ClusterKey>? Scope { get; }

    /// <summary>True when a full pass should run again soon (a write to an object of no known cluster conflicted).</summary>
    public bool RequeueAll { get; private set; }

    /// <summary>Clusters to reconcile again soon (a write conflicted or something was deleted).</summary>
    public HashSet<ClusterKey> RequeueClusters { get; } = [];

    /// <summary>Number of writes (creates, updates, deletes) this pass made.</summary>
    public int Writes { get; private set; }

    /// <summary>Number of objects listed for reconciling in this pass (diagnostics).</summary>
    public int Listed { get; private set; }

    /// <summary>Asks for another pass soon over the clusters of <paramref name="obj"/> (a full one when it has none).</summary>
    public void Requeue(JsonObject obj)
    {
        var keys = ClusterScope.Of(obj);
        if (keys.Count == 0) RequeueAll = true;
        else RequeueClusters.UnionWith(keys);
    }

    /// <summary>
    /// True once <paramref name="delay"/> has passed since this step (<paramref name="key"/>) of <paramref name="obj"/>
    /// was first asked about; otherwise the scheduler runs a pass over <paramref name="obj"/>'s clusters at that moment
    /// (a full pass when it has none) and this returns false.
    /// </summary>
    public bool Elapsed(JsonObject obj, string key, TimeSpan delay)
    {
        _touched.Add(key);
        return _timers.Consult(key, ClusterScope.Of(obj), Now, delay);
    }

    /// <summary>Forgets step timers of this pass's clusters that were not consulted (their objects moved on or went away).</summary>
    public void PruneTimers() => _timers.Prune(_touched, Scope);

    /// <summary>
    /// The objects of a type in this pass's scope (status presented in the v1beta2 shape, see <see cref="ApiShape"/>):
    /// those of the scope's clusters, or all in a full pass. Objects outside the scope are filtered out before copying.
    /// </summary>
    public IReadOnlyList<JsonObject> List(ResourceType? type, string? ns = null)
    {
        if (type is null) return [];
        var scope = Scope;
        var items = scope is null ? Store.ListWhere(type, ns, static _ => true) : Store.ListWhere(type, ns, o => ClusterScope.In(o, scope));
        Listed += items.Count;
        for (var i = 0; i < items.Count; i++) items[i] = Read(items[i]);
        return items;
    }

    /// <summary>Every object of a type, whatever the scope (for what is not per cluster, such as Deployments).</summary>
    public IReadOnlyList<JsonObject> ListAll(ResourceType? type) =>
        type is null ? [] : Store.ListWhere(type, null, static _ => true).Select(Read).ToList();

    public JsonObject? Get(ResourceType? type, string ns, string name) =>
        type is null ? null : Store.TryGet(type, ns, name) is { } obj ? Read(obj) : null;

    public JsonObject? Create(ResourceType type, JsonObject obj) => Write(() => Store.Create(type, obj, Options), type, obj, "create");

    public JsonObject? Update(ResourceType type, JsonObject obj) =>
        Write(() => Read(Store.Update(type, obj, OptionsFor(obj))), type, obj, "update");

    private JsonObject? UpdateStatus(ResourceType type, JsonObject obj) =>
        Write(() => Read(Store.UpdateStatus(type, obj, OptionsFor(obj))), type, obj, "update status of");

    /// <summary>Writes <paramref name="status"/> (v1beta2 shape) when it differs from the object's stored status.</summary>
    public JsonObject? SetStatus(ResourceType type, JsonObject obj, JsonObject status)
    {
        var stored = ApiShape.ForWriting(obj, status);
        var raw = _rawStatus.TryGetValue(obj, out var r) ? r
            : ApiShape.WriteVersion(obj) is null ? obj["status"]
            : Store.TryGet(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj))?["status"];
        if (JsonNode.DeepEquals(raw, stored)) return obj;
        var next = ObjectMeta.Clone(obj);
        next["status"] = stored.DeepClone();
        return UpdateStatus(type, next);
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonObject, JsonNode?> _rawStatus = new();

    private JsonObject Read(JsonObject obj)
    {
        if (ApiShape.WriteVersion(obj) is null) return obj;
        // ForReading replaces the status node, so the stored one stays intact (detached) without a copy.
        var raw = obj["status"];
        var shaped = ApiShape.ForReading(obj);
        _rawStatus.AddOrUpdate(shaped, raw);
        return shaped;
    }

    private static WriteOptions OptionsFor(JsonObject obj) =>
        ApiShape.WriteVersion(obj) is { } version ? Options with { Version = version } : Options;

    /// <summary>Deletes an object (background propagation) unless it is already being deleted or gone.</summary>
    public void Delete(ResourceType type, JsonObject obj)
    {
        if (ObjectMeta.IsDeleting(obj)) return;
        try
        {
            Store.Delete(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj));
            Writes++;
            Requeue(obj);
        }
        catch (KubeApiException e) when (e.Code is 404 or 409)
        {
            Requeue(obj);
        }
    }

    private JsonObject? Write(Func<JsonObject> write, ResourceType type, JsonObject obj, string what)
    {
        try
        {
            var result = write();
            Writes++;
            return result;
        }
        catch (KubeApiException e) when (e.Code is 404 or 409)
        {
            Requeue(obj);
            return null;
        }
        catch (KubeApiException e)
        {
            Logger.LogWarning("Cannot {What} {Resource} {Name}: {Message}", what, type.QualifiedResource, (string?)obj["metadata"]?["name"], e.Message);
            return null;
        }
    }
}
