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
    private readonly Dictionary<string, DateTimeOffset> _firstSeen;
    private readonly HashSet<string> _touched = [];

    public ReconcileContext(KubeStore store, CapiResources types, PrismInventory inventory, PrismCredentials credentials,
        ControllerTimings timings, TimeProvider time, ILogger logger, Dictionary<string, DateTimeOffset> firstSeen)
    {
        Store = store;
        Types = types;
        Inventory = inventory;
        Credentials = credentials;
        Timings = timings;
        Time = time;
        Logger = logger;
        _firstSeen = firstSeen;
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

    /// <summary>True when another pass should run soon (a write conflicted or something changed).</summary>
    public bool Requeue { get; set; }

    /// <summary>The earliest time a pending step becomes due, if any.</summary>
    public DateTimeOffset? NextDue { get; private set; }

    /// <summary>
    /// True once <paramref name="delay"/> has passed since this step (<paramref name="key"/>) was first asked about;
    /// otherwise schedules a pass for that moment and returns false.
    /// </summary>
    public bool Elapsed(string key, TimeSpan delay)
    {
        _touched.Add(key);
        if (!_firstSeen.TryGetValue(key, out var first))
        {
            first = Now;
            _firstSeen[key] = first;
        }

        var due = first + delay;
        if (Now >= due) return true;
        if (NextDue is null || due < NextDue) NextDue = due;
        return false;
    }

    /// <summary>Forgets step timers that were not consulted in this pass (their objects moved on or went away).</summary>
    public void PruneTimers()
    {
        foreach (var key in _firstSeen.Keys.Where(k => !_touched.Contains(k)).ToList()) _firstSeen.Remove(key);
    }

    /// <summary>Objects of a type (status presented in the v1beta2 shape, see <see cref="ApiShape"/>).</summary>
    public IReadOnlyList<JsonObject> List(ResourceType? type, string? ns = null) =>
        type is null ? [] : Store.List(type, ns).Items.Select(Read).ToList();

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
        var raw = obj["status"]?.DeepClone();
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
            Requeue = true;
        }
        catch (KubeApiException e) when (e.Code is 404 or 409)
        {
            Requeue = true;
        }
    }

    private JsonObject? Write(Func<JsonObject> write, ResourceType type, JsonObject obj, string what)
    {
        try
        {
            return write();
        }
        catch (KubeApiException e) when (e.Code is 404 or 409)
        {
            Requeue = true;
            return null;
        }
        catch (KubeApiException e)
        {
            Logger.LogWarning("Cannot {What} {Resource} {Name}: {Message}", what, type.QualifiedResource, (string?)obj["metadata"]?["name"], e.Message);
            return null;
        }
    }
}
