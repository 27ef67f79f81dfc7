using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// How many Kubernetes API requests the simulator answered, by verb (the API server's audit verbs: get, list, watch,
/// create, update, patch, delete, deletecollection) and by resource (<c>plural.group</c>, core resources by plural
/// alone). Benchmarks read them from <c>GET /admin/state</c> (<c>kube_requests</c>) before and after a terraform run to
/// count what one plan or apply costs the management cluster. Discovery, OpenAPI and /version are counted under
/// their own verb <c>discovery</c>.
/// </summary>
public sealed class KubeRequestCounters
{
    private readonly ConcurrentDictionary<string, long> _byVerb = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byResource = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Count(string verb, string? resource)
    {
        Interlocked.Increment(ref _total);
        _byVerb.AddOrUpdate(verb, 1, (_, n) => n + 1);
        if (resource is not null) _byResource.AddOrUpdate(verb + " " + resource, 1, (_, n) => n + 1);
    }

    public JsonObject ToJson()
    {
        var verbs = new JsonObject();
        foreach (var (k, v) in _byVerb.OrderBy(p => p.Key, StringComparer.Ordinal)) verbs[k] = v;
        var resources = new JsonObject();
        foreach (var (k, v) in _byResource.OrderBy(p => p.Key, StringComparer.Ordinal)) resources[k] = v;
        return new JsonObject { ["total"] = Total, ["by_verb"] = verbs, ["by_verb_and_resource"] = resources };
    }
}
