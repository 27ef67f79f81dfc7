using System.Globalization;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// The watch hub: subscriptions per resource or to everything, initial events, replay of the retained history since a
/// resourceVersion (410 Gone when older), and publication of every committed change to the matching watches.
/// </summary>
public sealed partial class KubeStore
{
    /// <summary>
    /// Subscribes to changes of one resource (optionally one namespace, label/field selectors). With
    /// <paramref name="sendInitialEvents"/>, existing matching objects are delivered first as ADDED (atomically
    /// with the subscription, so nothing is missed). Dispose the watch to unsubscribe.
    /// </summary>
    public KubeWatch Watch(ResourceType type, string? ns = null, LabelSelector? labels = null, FieldSelector? fields = null, bool sendInitialEvents = false) =>
        Watch(type, ns, labels, fields, sendInitialEvents, null);

    /// <summary>
    /// Like <see cref="Watch(ResourceType, string?, LabelSelector?, FieldSelector?, bool)"/>, replaying recorded
    /// changes newer than <paramref name="sinceResourceVersion"/> (a list's resourceVersion) first; 410 Gone
    /// when that version is older than the retained history.
    /// </summary>
    public KubeWatch Watch(ResourceType type, string? ns, LabelSelector? labels, FieldSelector? fields, bool sendInitialEvents, string? sinceResourceVersion)
    {
        var watch = new KubeWatch(this, type, ns, labels, fields);
        lock (_gate)
        {
            if (!string.IsNullOrEmpty(sinceResourceVersion) && sinceResourceVersion != "0")
            {
                if (!long.TryParse(sinceResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var since))
                {
                    throw KubeApiException.BadRequest($"invalid resource version: {sinceResourceVersion}");
                }

                if (_history.Count > 0 && since < _history.Peek().ResourceVersion - 1 && _history.Count >= HistoryLimit)
                {
                    throw new KubeApiException(410, "Expired", $"too old resource version: {since} ({_history.Peek().ResourceVersion - 1})");
                }

                foreach (var (rv, e) in _history)
                {
                    if (rv > since && watch.Accepts(e)) watch.Post(e with { Object = e.Object.DeepClone().AsObject() });
                }
            }

            if (sendInitialEvents)
            {
                foreach (var o in _data[type].Values.Where(o => Matches(type, o, ns, labels, fields)))
                {
                    watch.Post(new WatchEvent(WatchEvent.Added, type, o.DeepClone().AsObject()));
                }
            }

            _watches.Add(watch);
        }

        return watch;
    }

    /// <summary>
    /// Subscribes to changes of every resource (e.g. one loop driving all emulated controllers); with
    /// <paramref name="sendInitialEvents"/> every stored object except CRDs is delivered first as ADDED.
    /// </summary>
    public KubeWatch WatchAll(bool sendInitialEvents = false)
    {
        var watch = new KubeWatch(this, null, null, null, null);
        lock (_gate)
        {
            if (sendInitialEvents)
            {
                foreach (var (type, objects) in _data.Where(d => d.Key.Plural != "customresourcedefinitions"))
                {
                    foreach (var o in objects.Values) watch.Post(new WatchEvent(WatchEvent.Added, type, o.DeepClone().AsObject()));
                }
            }

            _watches.Add(watch);
        }

        return watch;
    }

    internal void Unsubscribe(KubeWatch watch)
    {
        lock (_gate) _watches.Remove(watch);
    }

    private void Publish(WatchEvent e)
    {
        _history.Enqueue((_resourceVersion, e));
        if (_history.Count > HistoryLimit) _history.Dequeue();
        foreach (var w in _watches)
        {
            if (w.Accepts(e)) w.Post(e with { Object = e.Object.DeepClone().AsObject() });
        }
    }
}
