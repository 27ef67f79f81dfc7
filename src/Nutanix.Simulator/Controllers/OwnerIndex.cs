using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>Objects grouped by the uid of each of their owners, so "the machines of this MachineSet" is a lookup, not a scan.</summary>
internal sealed class OwnerIndex
{
    private readonly Dictionary<string, List<JsonObject>> _byOwner = new(StringComparer.Ordinal);

    public OwnerIndex(IEnumerable<JsonObject> objects)
    {
        foreach (var o in objects)
        {
            foreach (var uid in ObjectMeta.OwnerReferences(o).Select(r => (string?)r["uid"]).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (!_byOwner.TryGetValue(uid, out var list)) _byOwner[uid] = list = [];
                list.Add(o);
            }
        }
    }

    /// <summary>The objects owned by <paramref name="owner"/> (a new list, in the order they were indexed).</summary>
    public List<JsonObject> Of(JsonObject owner) => _byOwner.TryGetValue(ObjectMeta.Uid(owner), out var list) ? [.. list] : [];

    /// <summary>The objects owned by any of <paramref name="owners"/>, each once.</summary>
    public List<JsonObject> OfAny(IEnumerable<JsonObject> owners) =>
        owners.SelectMany(o => _byOwner.TryGetValue(ObjectMeta.Uid(o), out var list) ? list : []).Distinct(ReferenceEqualityComparer.Instance).Cast<JsonObject>().ToList();
}
