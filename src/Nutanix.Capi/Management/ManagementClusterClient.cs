using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutanix.Http;
using Polly.Timeout;

namespace Nutanix.Capi.Management;

/// <summary>
/// A small client for the CAPI management cluster working on <see cref="JsonObject"/>s: server-side apply, get,
/// list (label selector) and delete of arbitrary resources. Connection settings (kubeconfig file or text, context,
/// token / client-certificate / exec / basic auth, CA and TLS options) come from KubernetesClient's
/// <see cref="KubernetesClientConfiguration"/> and are applied by <see cref="KubeconfigTransport"/>; the REST calls
/// are issued directly so no reflection-based serialization (nor the library's generated API client) is involved. Kind → resource mapping uses API discovery, cached per group/version.
/// <para>
/// Every request (get, list, apply, delete, discovery, the opening of a watch) goes through the transient-fault
/// pipeline shared with the Prism Central client (<see cref="TransientFaults"/>): 429/500/502/503/504, connection
/// failures and attempts that time out are retried with jittered exponential backoff or the server's
/// <c>Retry-After</c>, the whole call bounded by <see cref="TransientRetryOptions.TotalTimeout"/> (the provider's
/// <c>request_timeout</c>). Server-side apply and delete are safe to repeat; a request that is not (a POST create) is
/// repeated only when the server declined it. What was retried, and for how long, is in the exception of a call
/// that still fails (<see cref="KubernetesApiException.Retries"/>, <see cref="ManagementClusterUnavailableException"/>).
/// </para>
/// </summary>
public sealed partial class ManagementClusterClient : IKubeObjectReader, IDisposable
{
    public const string DefaultFieldManager = "terraform-provider-nutanix";

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, IReadOnlyList<DiscoveredResource>> _discovery = new(StringComparer.Ordinal);

    internal ManagementClusterClient(Uri baseUri, HttpMessageHandler handler, ILogger? logger, TimeSpan? timeout = null, TransientRetryOptions? retry = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(handler);
        var baseText = baseUri.ToString();
        _logger = logger ?? NullLogger.Instance;
        Retry = retry ?? DefaultRetry(timeout ?? TimeSpan.FromSeconds(30));
        _http = new HttpClient(TransientFaults.CreateHandler("Management cluster", Retry, _logger, handler), disposeHandler: true)
        {
            BaseAddress = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/"),
            // Bounded by the pipeline (Retry.TotalTimeout); a watch stream lives longer than any request.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            // HTTP/2 where the server offers it (ALPN, as every apiserver does over TLS): all requests of the process,
            // watches included, share one TLS connection instead of opening one connection (and handshake) per
            // concurrent request; plain http:// and HTTP/1.1-only servers keep HTTP/1.1.
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("terraform-provider-nutanix", "1.0"));
    }

    /// <summary>How transient faults are ridden out; <see cref="TransientRetryOptions.TotalTimeout"/> bounds every call.</summary>
    public TransientRetryOptions Retry { get; }

    /// <summary>
    /// The retry policy for a per-call budget of <paramref name="budget"/> (the provider's <c>request_timeout</c>):
    /// each call and all its retries fit in it, the first retry after about 250 ms, the server's <c>Retry-After</c>
    /// honoured up to 10 s.
    /// </summary>
    public static TransientRetryOptions DefaultRetry(TimeSpan budget) => new()
    {
        MaxRetries = 10,
        BaseDelay = TimeSpan.FromMilliseconds(250),
        MaxDelay = TimeSpan.FromSeconds(5),
        MaxRetryAfter = TimeSpan.FromSeconds(10),
        TotalTimeout = budget,
        AttemptTimeout = budget,
    };

    /// <summary>The API server URL.</summary>
    public Uri BaseUri => _http.BaseAddress!;

    /// <summary>Field manager used for server-side apply.</summary>
    public string FieldManager { get; init; } = DefaultFieldManager;

    /// <summary>Connects using a kubeconfig file; <paramref name="context"/> null uses the current context.</summary>
    public static ManagementClusterClient FromKubeconfigFile(string path, string? context = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var loaded = ManagementKubeconfig.FromFile(path, context, DefaultExecTimeout, logger);
        return FromConfiguration(loaded.Configuration, logger, exec: loaded.Exec);
    }

    /// <summary>Connects using kubeconfig YAML text (e.g. from a Terraform attribute).</summary>
    public static ManagementClusterClient FromKubeconfigContent(string kubeconfig, string? context = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kubeconfig);
        var loaded = ManagementKubeconfig.FromContent(kubeconfig, context, DefaultExecTimeout, logger);
        return FromConfiguration(loaded.Configuration, logger, exec: loaded.Exec);
    }

    /// <summary>How long an exec credential plugin may run when no <c>request_timeout</c> is given (30 s).</summary>
    public static readonly TimeSpan DefaultExecTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connects using a prepared configuration (TLS, client certificates and credentials are honoured);
    /// <paramref name="exec"/> is the user's exec credential plugin taken out of the kubeconfig by
    /// <see cref="ManagementKubeconfig"/>, run before requests that need a (new) credential.
    /// </summary>
    public static ManagementClusterClient FromConfiguration(KubernetesClientConfiguration configuration, ILogger? logger = null, TransientRetryOptions? retry = null, ExecCredentialPlugin? exec = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var timeout = configuration.HttpClientTimeout > TimeSpan.Zero ? configuration.HttpClientTimeout : TimeSpan.FromSeconds(100);
        var host = configuration.Host ?? throw new k8s.Exceptions.KubeConfigException("the cluster has no server URL");
        return new ManagementClusterClient(new Uri(host), KubeconfigTransport.Create(configuration, exec), logger, timeout, retry);
    }

    /// <summary>
    /// Server-side applies <paramref name="obj"/> (PATCH <c>application/apply-patch+yaml</c> with this client's field
    /// manager; <paramref name="force"/> takes ownership of conflicting fields) and returns the object as stored.
    /// </summary>
    public async Task<JsonObject> ApplyAsync(JsonObject obj, bool force = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (resource, ns, name) = await LocateAsync(obj, cancellationToken).ConfigureAwait(false);
        var query = $"?fieldManager={Uri.EscapeDataString(FieldManager)}" + (force ? "&force=true" : string.Empty);
        using var content = new StringContent(obj.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        // Server-side apply states the whole intent: applying it twice gives the same object, so it is safe to repeat.
        var result = await SendAsync(HttpMethod.Patch, resource.ObjectPath(ns, name) + query, content, cancellationToken, safeToRepeat: true).ConfigureAwait(false);
        return result as JsonObject ?? throw new InvalidOperationException("apply returned no object");
    }

    /// <summary>Gets an object, or null when it does not exist.</summary>
    public async Task<JsonObject?> GetAsync(ApiResource resource, string? ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            return await SendAsync(HttpMethod.Get, resource.ObjectPath(ns, name), null, cancellationToken).ConfigureAwait(false) as JsonObject;
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Lists objects (all namespaces when <paramref name="ns"/> is null), optionally filtered by a label selector.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(ApiResource resource, string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var items = new List<JsonObject>();
        string? continueToken = null;
        do
        {
            var query = new List<string> { "limit=500" };
            if (!string.IsNullOrEmpty(labelSelector))
            {
                query.Add("labelSelector=" + Uri.EscapeDataString(labelSelector));
            }

            if (continueToken is not null)
            {
                query.Add("continue=" + Uri.EscapeDataString(continueToken));
            }

            var list = await SendAsync(HttpMethod.Get, resource.CollectionPath(ns) + "?" + string.Join("&", query), null, cancellationToken).ConfigureAwait(false) as JsonObject
                ?? throw new InvalidOperationException("list returned no object");
            var itemKind = (string?)list["kind"] is { } listKind && listKind.EndsWith("List", StringComparison.Ordinal) ? listKind[..^4] : null;
            var array = list["items"] as JsonArray;
            var page = array?.OfType<JsonObject>().ToList() ?? [];
            // Detached from the parsed list rather than deep-cloned: the list is not used after this.
            array?.Clear();
            foreach (var copy in page)
            {
                // List items omit apiVersion/kind on the wire for many servers; fill them in for callers.
                if (copy["apiVersion"] is null)
                {
                    copy["apiVersion"] = (string?)list["apiVersion"] ?? resource.ApiVersion;
                }

                if (copy["kind"] is null && itemKind is not null)
                {
                    copy["kind"] = itemKind;
                }

                items.Add(copy);
            }

            continueToken = (string?)list["metadata"]?["continue"];
        }
        while (!string.IsNullOrEmpty(continueToken));

        return items;
    }

    /// <summary>
    /// Deletes an object (foreground propagation by default). Returns false when it did not exist.
    /// </summary>
    public async Task<bool> DeleteAsync(ApiResource resource, string? ns, string name, string propagationPolicy = "Foreground", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "DeleteOptions", ["propagationPolicy"] = propagationPolicy };
        return await DeleteWithOptionsAsync(resource, ns, name, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>DELETE with a DeleteOptions body; false when no object of that name exists.</summary>
    private async Task<bool> DeleteWithOptionsAsync(ApiResource resource, string? ns, string name, JsonObject deleteOptions, CancellationToken cancellationToken)
    {
        using var content = new StringContent(deleteOptions.ToJsonString(), Encoding.UTF8, "application/json");
        try
        {
            await SendAsync(HttpMethod.Delete, resource.ObjectPath(ns, name), content, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Resolves apiVersion + kind to its REST resource via discovery (cached).</summary>
    public async Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var (group, version) = ApiResource.SplitApiVersion(apiVersion);
        if (!_discovery.TryGetValue(apiVersion, out var resources))
        {
            var path = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var list = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false) as JsonObject;
            resources = (list?["resources"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Where(r => !((string?)r["name"] ?? string.Empty).Contains('/', StringComparison.Ordinal))
                .Select(r => new DiscoveredResource((string?)r["kind"] ?? string.Empty, (string?)r["name"] ?? string.Empty, r["namespaced"] is JsonValue v && v.GetValueKind() == JsonValueKind.True))
                .ToList();
            _discovery[apiVersion] = resources;
        }

        var match = resources.FirstOrDefault(r => r.Kind == kind)
            ?? throw new KubernetesApiException(HttpStatusCode.NotFound, "NotFound", $"no matches for kind \"{kind}\" in version \"{apiVersion}\"", [], "GET", apiVersion);
        return new ApiResource(group, version, match.Plural, match.Namespaced);
    }

    /// <summary>
    /// Drops the cached discovery answers, so kinds served since (e.g. of CustomResourceDefinitions just installed)
    /// resolve and kinds no longer served stop resolving.
    /// </summary>
    public void ForgetDiscovery() => _discovery.Clear();

    /// <summary>
    /// Polls an object every <paramref name="interval"/> until <paramref name="done"/> returns true (the object is
    /// null while absent, so "deleted" can be awaited too) and returns the last observed state. Cancellation (e.g. a
    /// timeout token) throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<JsonObject?> WaitAsync(ApiResource resource, string? ns, string name, Func<JsonObject?, bool> done, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        while (true)
        {
            var current = await GetAsync(resource, ns, name, cancellationToken).ConfigureAwait(false);
            if (done(current))
            {
                return current;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the workload cluster's admin kubeconfig that CAPI stores in Secret <c>&lt;cluster&gt;-kubeconfig</c>
    /// (key <c>value</c>); null while it does not exist yet.
    /// </summary>
    public async Task<string?> GetWorkloadKubeconfigAsync(string ns, string clusterName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        var secret = await GetAsync(new ApiResource(string.Empty, "v1", "secrets"), ns, clusterName + "-kubeconfig", cancellationToken).ConfigureAwait(false);
        var value = (string?)secret?["data"]?["value"];
        return value is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(value));
    }

    /// <summary>Fetches <c>/version</c> (gitVersion etc.); useful as a connectivity check.</summary>
    public async Task<JsonObject> GetServerVersionAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, "/version", null, cancellationToken).ConfigureAwait(false) as JsonObject
            ?? throw new InvalidOperationException("/version returned no object");

    public void Dispose()
    {
        _http.Dispose();
    }

    private async Task<(ApiResource Resource, string? Namespace, string Name)> LocateAsync(JsonObject obj, CancellationToken cancellationToken)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? throw new ArgumentException("object has no apiVersion", nameof(obj));
        var kind = (string?)obj["kind"] ?? throw new ArgumentException("object has no kind", nameof(obj));
        var name = (string?)obj["metadata"]?["name"] ?? throw new ArgumentException("object has no metadata.name", nameof(obj));
        var resource = await ResolveAsync(apiVersion, kind, cancellationToken).ConfigureAwait(false);
        var ns = (string?)obj["metadata"]?["namespace"];
        if (resource.Namespaced && string.IsNullOrEmpty(ns))
        {
            ns = "default";
        }

        return (resource, resource.Namespaced ? ns : null, name);
    }

    /// <summary>
    /// Raised before every request that may change the management cluster (anything but GET), so that snapshots of it
    /// (<see cref="ManagementReadCache"/>) are dropped.
    /// </summary>
    public event Action? Writing;

    private async Task<JsonNode?> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken, bool safeToRepeat = false)
    {
        if (method != HttpMethod.Get) Writing?.Invoke();
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/')) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var path = pathAndQuery.Split('?')[0];
        using var response = await SendThroughPipelineAsync(request, method.Method, path, HttpCompletionOption.ResponseContentRead, safeToRepeat, cancellationToken).ConfigureAwait(false);
        // Buffered inside the pipeline (a body cut short was a failed attempt); parsed from the UTF-8 bytes.
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogDebug("{Method} {Path} -> {Status}", method, path, (int)response.StatusCode);
        if (!response.IsSuccessStatusCode)
        {
            throw KubernetesApiException.FromResponse(response.StatusCode, response.ReasonPhrase, Encoding.UTF8.GetString(body), method.Method, path, Retried(request));
        }

        return body.Length == 0 ? null : JsonNode.Parse(body);
    }

    /// <summary>
    /// Sends <paramref name="request"/> through the transient-fault pipeline, recording its attempts. A failure that
    /// is still a connection failure or timeout once the budget is spent becomes a
    /// <see cref="ManagementClusterUnavailableException"/> saying what was retried and for how long; the caller's
    /// cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendThroughPipelineAsync(
        HttpRequestMessage request, string verb, string path, HttpCompletionOption completion, bool safeToRepeat, CancellationToken cancellationToken)
    {
        var record = new RetryRecord();
        request.Options.Set(TransientFaults.Record, record);
        if (safeToRepeat)
        {
            request.Options.Set(TransientFaults.SafeToRepeat, true);
        }

        if (completion == HttpCompletionOption.ResponseHeadersRead)
        {
            request.Options.Set(TransientFaults.Streaming, true);
        }

        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
                                   && ex is HttpRequestException or IOException or TimeoutRejectedException or OperationCanceledException
                                   && !TransientFaults.IsTlsFailure(ex))
        {
            // (A TLS failure is not transient: it stays the HttpRequestException it is, for the kubeconfig's TLS settings to be fixed.)
            throw new ManagementClusterUnavailableException(verb, path, BaseUri, record, Retry, ex);
        }
    }

    /// <summary>What the pipeline did for <paramref name="request"/>, when it took more than one attempt.</summary>
    private static RetryRecord? Retried(HttpRequestMessage request) =>
        request.Options.TryGetValue(TransientFaults.Record, out var record) && record.Attempts > 1 ? record : null;

    /// <summary>
    /// Watches a collection (<c>?watch=true</c>) from <paramref name="resourceVersion"/> (null: from now, with an ADDED
    /// event per existing object as the API server sends them) and yields each event as it arrives, bookmarks
    /// included (type <c>BOOKMARK</c>, carrying only the resourceVersion). The server ends the stream after
    /// <paramref name="timeout"/>; the sequence then ends normally and the caller resumes from the last event's
    /// resourceVersion. A failed request, or an ERROR event (e.g. 410 Gone: the resourceVersion is older than the server's
    /// watch history), throws <see cref="KubernetesApiException"/>.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        ApiResource resource, string? ns, string? labelSelector, string? fieldSelector, string? resourceVersion, TimeSpan timeout,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        var query = new List<string> { "watch=true", "allowWatchBookmarks=true", "timeoutSeconds=" + seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!string.IsNullOrEmpty(labelSelector)) query.Add("labelSelector=" + Uri.EscapeDataString(labelSelector));
        if (!string.IsNullOrEmpty(fieldSelector)) query.Add("fieldSelector=" + Uri.EscapeDataString(fieldSelector));
        if (!string.IsNullOrEmpty(resourceVersion)) query.Add("resourceVersion=" + Uri.EscapeDataString(resourceVersion));
        var path = resource.CollectionPath(ns);
        using var request = new HttpRequestMessage(HttpMethod.Get, (path + "?" + string.Join("&", query)).TrimStart('/'));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // A stream that stays silent past the server's own timeout (a dropped connection nobody reset) is given up.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(TimeSpan.FromSeconds(seconds) + WatchGrace);
        // Opening the watch is retried like any GET (429/5xx, connection failures); the stream itself is not buffered.
        using var response = await SendThroughPipelineAsync(request, "WATCH", path, HttpCompletionOption.ResponseHeadersRead, safeToRepeat: true, guard.Token).ConfigureAwait(false);
        _logger.LogDebug("WATCH {Path} -> {Status}", path, (int)response.StatusCode);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(guard.Token).ConfigureAwait(false);
            throw KubernetesApiException.FromResponse(response.StatusCode, response.ReasonPhrase, body, "WATCH", path, Retried(request));
        }

        using var stream = await response.Content.ReadAsStreamAsync(guard.Token).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(guard.Token).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0) continue;
            if (JsonNode.Parse(line) is not JsonObject frame || (string?)frame["type"] is not { } type || frame["object"] is not JsonObject obj)
            {
                throw new KubernetesApiException(HttpStatusCode.InternalServerError, "InvalidWatchEvent", "the server sent a watch event without type or object", [], "WATCH", path);
            }

            if (type == "ERROR")
            {
                // The object is a Status; its code is the HTTP status the error would have had (410 for an expired version).
                var code = obj["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? (HttpStatusCode)n : HttpStatusCode.InternalServerError;
                throw KubernetesApiException.FromResponse(code, (string?)obj["reason"], obj.ToJsonString(), "WATCH", path);
            }

            frame.Remove("object");
            yield return new WatchEvent(type, obj);
        }
    }

    /// <summary>How long past its timeoutSeconds a silent watch stream is kept before the client gives it up.</summary>
    private static readonly TimeSpan WatchGrace = TimeSpan.FromSeconds(15);

    private sealed record DiscoveredResource(string Kind, string Plural, bool Namespaced);
}

/// <summary>One event of a watch: <c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c> or <c>BOOKMARK</c>, and the object.</summary>
public sealed record WatchEvent(string Type, JsonObject Object)
{
    /// <summary>The object's resourceVersion (a bookmark carries only this), to resume the watch from.</summary>
    public string? ResourceVersion => (string?)Object["metadata"]?["resourceVersion"];
}
