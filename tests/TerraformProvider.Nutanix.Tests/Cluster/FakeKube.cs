using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Nutanix.Capi.Management;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// An in-memory management cluster behind an <see cref="HttpMessageHandler"/>: GET of objects and collections in
/// one namespace (selectors ignored: every object belongs to the one cluster), and watches whose events the test
/// pushes (<see cref="Watch"/>) or whose answer it chooses (<see cref="OnWatch"/>). Records every request.
/// </summary>
internal sealed class FakeKube : HttpMessageHandler
{
    private readonly ConcurrentDictionary<(string Plural, string Name), JsonObject> _objects = new();
    private readonly ConcurrentDictionary<string, Channel<FakeWatch>> _watches = new(StringComparer.Ordinal);
    private int _inFlight;

    public ConcurrentQueue<(string Method, string Plural, string? Name, string Query)> Requests { get; } = new();

    /// <summary>Chooses the answer to a watch request (plural, query); null: an open stream the test feeds.</summary>
    public Func<string, string, int, HttpResponseMessage?>? OnWatch { get; set; }

    /// <summary>Called on each GET of an object (plural, name, how many GETs of it so far) before it is answered.</summary>
    public Action<string, string, int>? OnGet { get; set; }

    /// <summary>While set, non-Cluster reads are held until this many are in flight at once.</summary>
    public int HoldUntilInFlight { get; set; }

    public int MaxInFlight { get; private set; }

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A client on this fake, retrying transient faults as the real one does but with millisecond backoff.</summary>
    public ManagementClusterClient Client() => new(new Uri("https://mgmt.example:6443"), this, null, TimeSpan.FromSeconds(30), FastRetry);

    public static readonly global::Nutanix.Http.TransientRetryOptions FastRetry = new()
    {
        MaxRetries = 3,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        TotalTimeout = TimeSpan.FromSeconds(30),
        AttemptTimeout = TimeSpan.FromSeconds(30),
    };

    public void Put(string plural, JsonObject obj) => _objects[(plural, (string)obj["metadata"]!["name"]!)] = obj;

    public JsonObject Get(string plural, string name) => _objects[(plural, name)];

    public int Count(string method, string plural, bool? watch = null) =>
        Requests.Count(r => r.Method == method && r.Plural == plural && (watch is null || r.Query.Contains("watch=true", StringComparison.Ordinal) == watch));

    /// <summary>The next open watch on <paramref name="plural"/> not taken yet (in the order they arrived).</summary>
    public Task<FakeWatch> Watch(string plural) => Watches(plural).Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    private Channel<FakeWatch> Watches(string plural) => _watches.GetOrAdd(plural, _ => Channel.CreateUnbounded<FakeWatch>());

    /// <summary>Answers a PATCH (plural, name) instead of storing it; null answer: the object sent is stored as is (a whole-object apply).</summary>
    public Func<string, string, HttpResponseMessage?>? OnPatch { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath == "/api/v1")
        {
            // Discovery of the core group, for applies of Secrets and ConfigMaps.
            return Json(HttpStatusCode.OK, """
                {"kind":"APIResourceList","groupVersion":"v1","resources":[
                  {"name":"secrets","namespaced":true,"kind":"Secret"},{"name":"configmaps","namespaced":true,"kind":"ConfigMap"}]}
                """);
        }

        var segments = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        var ns = Array.IndexOf(segments, "namespaces");
        var plural = segments[ns + 2];
        var name = segments.Length > ns + 3 ? Uri.UnescapeDataString(segments[ns + 3]) : null;
        var query = Uri.UnescapeDataString(request.RequestUri.Query);
        Requests.Enqueue((request.Method.Method, plural, name, query));
        if (name is null && query.Contains("watch=true", StringComparison.Ordinal))
        {
            var attempt = Requests.Count(r => r.Plural == plural && r.Query.Contains("watch=true", StringComparison.Ordinal));
            if (OnWatch?.Invoke(plural, query, attempt) is { } answer) return answer;
            var watch = new FakeWatch(query);
            Watches(plural).Writer.TryWrite(watch);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(watch.Stream) };
        }

        if (HoldUntilInFlight > 0 && plural != "clusters")
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (_released) MaxInFlight = Math.Max(MaxInFlight, now);
            if (now >= HoldUntilInFlight) _released.TrySetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        if (request.Method == HttpMethod.Patch && name is not null)
        {
            if (OnPatch?.Invoke(plural, name) is { } answer) return answer;
            var applied = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            Put(plural, applied);
            return Json(HttpStatusCode.OK, applied.ToJsonString());
        }

        if (name is not null)
        {
            OnGet?.Invoke(plural, name, Requests.Count(r => r.Plural == plural && r.Name == name));
            return _objects.TryGetValue((plural, name), out var obj)
                ? Json(HttpStatusCode.OK, obj.ToJsonString())
                : Json(HttpStatusCode.NotFound, Status(404, "NotFound"));
        }

        var items = new JsonArray(_objects.Where(o => o.Key.Plural == plural).Select(o => (JsonNode)o.Value.DeepClone()).ToArray());
        return Json(HttpStatusCode.OK, new JsonObject { ["kind"] = "List", ["metadata"] = new JsonObject { ["resourceVersion"] = "100" }, ["items"] = items }.ToJsonString());
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static string Status(int code, string reason) =>
        new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = reason, ["message"] = reason, ["code"] = code }.ToJsonString();
}

/// <summary>One open watch stream: the test writes events and may end it.</summary>
internal sealed class FakeWatch(string query)
{
    private readonly Channel<byte[]> _lines = Channel.CreateUnbounded<byte[]>();

    public string Query { get; } = query;

    public Stream Stream => new ChannelStream(_lines.Reader);

    public void Send(string type, JsonObject obj) =>
        _lines.Writer.TryWrite(Encoding.UTF8.GetBytes(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n"));

    public void End() => _lines.Writer.TryComplete();

    private sealed class ChannelStream(ChannelReader<byte[]> reader) : Stream
    {
        private ReadOnlyMemory<byte> _pending;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_pending.IsEmpty)
            {
                if (!await reader.WaitToReadAsync(cancellationToken)) return 0;
                _pending = await reader.ReadAsync(cancellationToken);
            }

            var n = Math.Min(buffer.Length, _pending.Length);
            _pending[..n].CopyTo(buffer);
            _pending = _pending[n..];
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
