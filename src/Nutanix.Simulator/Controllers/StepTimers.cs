namespace Nutanix.Simulator.Controllers;

/// <summary>
/// The in-memory step delays of the emulated controllers ("first seen at" per step, see
/// <see cref="ReconcileContext.Elapsed"/>), each remembering the clusters of the object that asked, so a timer falling
/// due reschedules only those clusters (a full pass when the object has none). Used by the scheduler's loop only
/// (not thread-safe).
/// </summary>
internal sealed class StepTimers
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry(DateTimeOffset first)
    {
        public DateTimeOffset First { get; } = first;
        public DateTimeOffset Due { get; set; }
        public bool Fired { get; set; }
        public List<ClusterKey> Clusters { get; set; } = [];
    }

    /// <summary>Number of timers kept.</summary>
    public int Count => _entries.Count;

    /// <summary>Starts the timer on first call; returns true once <paramref name="delay"/> has passed since then.</summary>
    public bool Consult(string key, List<ClusterKey> clusters, DateTimeOffset now, TimeSpan delay)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = new Entry(now);
            _entries[key] = entry;
        }

        entry.Clusters = clusters;
        entry.Due = entry.First + delay;
        entry.Fired = now >= entry.Due;
        return entry.Fired;
    }

    /// <summary>
    /// Forgets the timers not in <paramref name="touched"/> that belong to the pass's <paramref name="scope"/>: all in
    /// a full pass (null scope), otherwise those of the scope's clusters (timers of no cluster wait for a full pass).
    /// </summary>
    public void Prune(HashSet<string> touched, HashSet<ClusterKey>? scope)
    {
        List<string>? stale = null;
        foreach (var (key, entry) in _entries)
        {
            if (touched.Contains(key)) continue;
            if (scope is not null && !entry.Clusters.Exists(scope.Contains)) continue;
            (stale ??= []).Add(key);
        }

        if (stale is null) return;
        foreach (var key in stale) _entries.Remove(key);
    }

    /// <summary>The earliest due time of a timer that has not fired yet, if any.</summary>
    public DateTimeOffset? NextDue()
    {
        DateTimeOffset? next = null;
        foreach (var entry in _entries.Values)
        {
            if (!entry.Fired && (next is null || entry.Due < next)) next = entry.Due;
        }

        return next;
    }

    /// <summary>
    /// Collects the work of the timers due at <paramref name="now"/> that have not fired: their clusters into
    /// <paramref name="clusters"/>; returns true when one belongs to no cluster (a full pass is needed).
    /// </summary>
    public bool CollectDue(DateTimeOffset now, HashSet<ClusterKey> clusters)
    {
        var all = false;
        foreach (var entry in _entries.Values)
        {
            if (entry.Fired || entry.Due > now) continue;
            if (entry.Clusters.Count == 0) all = true;
            else clusters.UnionWith(entry.Clusters);
        }

        return all;
    }
}
