using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Nutanix.Simulator.Kube;

/// <summary>A live subscription to store changes; read <see cref="Events"/>, dispose to stop.</summary>
public sealed class KubeWatch : IDisposable
{
    private readonly KubeStore _store;
    private readonly Channel<WatchEvent> _channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string? _namespace;
    private readonly LabelSelector? _labels;
    private readonly FieldSelector? _fields;

    internal KubeWatch(KubeStore store, ResourceType? type, string? ns, LabelSelector? labels, FieldSelector? fields)
    {
        _store = store;
        Resource = type;
        _namespace = ns;
        _labels = labels;
        _fields = fields;
    }

    /// <summary>The watched resource, or null for <see cref="KubeStore.WatchAll"/>.</summary>
    public ResourceType? Resource { get; }

    /// <summary>The events, in commit order.</summary>
    public ChannelReader<WatchEvent> Events => _channel.Reader;

    internal bool Accepts(WatchEvent e) =>
        (Resource is null || e.Resource == Resource)
        && (_namespace is null || !e.Resource.Namespaced || (string?)e.Object["metadata"]?["namespace"] == _namespace)
        && (_labels is null || _labels.Matches(e.Object["metadata"]?["labels"] as JsonObject))
        && (_fields is null || _fields.Matches(e.Object));

    internal void Post(WatchEvent e) => _channel.Writer.TryWrite(e);

    public void Dispose()
    {
        _store.Unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
