using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutanix.Http;
using Nutanix.Prism.Http;
using Nutanix.Prism.Models;
using Refit;

namespace Nutanix.Prism;

/// <summary>
/// Client for the Prism Central v3 REST API (<c>https://endpoint:port/api/nutanix/v3</c>): identity, version,
/// paged listing of clusters/subnets/images/projects/VMs/categories, lookups by uuid and name, task polling.
/// Transient failures are retried (see <see cref="PrismCentralOptions.Retry"/>); every other failure surfaces as a
/// <see cref="PrismException"/> whose message tells the user what to fix. Thread-safe; dispose when done.
/// </summary>
public sealed partial class PrismCentralClient : IDisposable
{
    /// <summary>Page size of list calls; Prism Central v3 caps a page at 500.</summary>
    public const int PageSize = 500;

    /// <summary>Response header carrying the PC version, e.g. <c>pc.2024.1.0.1</c>.</summary>
    public const string ProductHeader = "X-Ntnx-Product";

    private readonly PrismCentralOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly IPrismV3Api _api;
    private readonly PrismCertificateValidator? _certificates;
    private readonly TimeProvider _timeProvider;
    private int _disposed;

    /// <summary>Creates a client that owns its own HTTPS connection pool (TLS policy from <paramref name="options"/>).</summary>
    public PrismCentralClient(PrismCentralOptions options)
        : this(options, transport: null, disposeTransport: true, TimeProvider.System)
    {
    }

    /// <summary>
    /// Creates a client on top of a caller-supplied transport (e.g. <c>IHttpMessageHandlerFactory.CreateHandler()</c>
    /// or <see cref="CreatePrimaryHandler"/>). Authentication, retries and timeouts are still added by the client;
    /// TLS policy is the transport's own.
    /// </summary>
    public PrismCentralClient(PrismCentralOptions options, HttpMessageHandler transport, bool disposeTransport = false)
        : this(options, transport ?? throw new ArgumentNullException(nameof(transport)), disposeTransport, TimeProvider.System)
    {
    }

    internal PrismCentralClient(PrismCentralOptions options, HttpMessageHandler? transport, bool disposeTransport, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _timeProvider = timeProvider;

        if (transport is null)
        {
            _certificates = new PrismCertificateValidator(options);
            transport = CreateSocketsHandler(options, _certificates);
            disposeTransport = true;
        }

        var auth = new PrismAuthHandler(options, disposeTransport ? transport : new BorrowedTransport(transport));
        var resilience = TransientFaults.CreateHandler("Prism Central", RetryOptions(options), _logger, auth, timeProvider);
        _http = new HttpClient(resilience, disposeHandler: true)
        {
            BaseAddress = BaseUri(options),
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Nutanix.Prism/1.0");

        var settings = RefitSettings.ForJsonContext(PrismJsonContext.Default);
        settings.Buffered = true;
        _api = RestService.ForGenerated<IPrismV3Api>(_http, settings);
    }

    /// <summary>The options this client was created with.</summary>
    public PrismCentralOptions Options => _options;

    /// <summary><c>https://endpoint:port/api/nutanix/v3/</c>.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>
    /// A <see cref="SocketsHttpHandler"/> applying the TLS policy of <paramref name="options"/> (insecure / additional
    /// trust bundle), for use as an <c>IHttpClientFactory</c> primary handler with the transport constructor.
    /// </summary>
    public static HttpMessageHandler CreatePrimaryHandler(PrismCentralOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CreateSocketsHandler(options, new PrismCertificateValidator(options));
    }

    /// <summary><c>GET /users/me</c>: the authenticated user; the cheapest credential check.</summary>
    public Task<PrismEntity<UserResources>> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
        SendAsync("GET /users/me", null, ct => _api.GetCurrentUserAsync(ct), cancellationToken);

    /// <summary>
    /// The Prism Central version (e.g. <c>pc.2024.1.0.1</c>, <c>pc.7.3</c>): <c>GET /prism_central</c>
    /// <c>resources.version</c>, falling back to the <c>X-Ntnx-Product</c> header of <c>GET /users/me</c> when the body
    /// has none, the endpoint is missing, or the user's role may not read it (403). Compare with <see cref="PrismCentralVersion"/>, never as a plain string.
    /// </summary>
    public async Task<string> GetPrismCentralVersionAsync(CancellationToken cancellationToken = default)
    {
        string? header;
        try
        {
            var (info, headers) = await SendWithHeadersAsync("GET /prism_central", null, ct => _api.GetPrismCentralAsync(ct), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(info.Resources?.Version))
            {
                return info.Resources.Version;
            }

            header = ProductVersion(headers);
        }
        catch (PrismApiException ex) when (ex.Kind is PrismErrorKind.NotFound or PrismErrorKind.InvalidResponse or PrismErrorKind.Forbidden)
        {
            // A role without read access to /prism_central (403) still authenticates: every answer of Prism Central,
            // /users/me included, names its version in the X-Ntnx-Product header.
            header = null;
        }

        if (header is null)
        {
            var (_, headers) = await SendWithHeadersAsync("GET /users/me", null, ct => _api.GetCurrentUserAsync(ct), cancellationToken).ConfigureAwait(false);
            header = ProductVersion(headers);
        }

        return header ?? throw new PrismApiException(
            PrismErrorKind.InvalidResponse,
            $"Prism Central {_options.Address} reported no version (neither /prism_central resources.version nor the {ProductHeader} header); is this endpoint a Prism Central?",
            HttpStatusCode.OK,
            null,
            [],
            1);
    }

    /// <summary>All clusters Prism Central knows, including the Prism Central entity itself.</summary>
    public Task<IReadOnlyList<PrismEntity<ClusterResources>>> ListAllClustersAsync(string? filter = null, CancellationToken cancellationToken = default) =>
        ListAllAsync<PrismEntity<ClusterResources>>("cluster", "clusters", filter, (r, ct) => _api.ListClustersAsync(r, ct), cancellationToken);

    /// <summary>Prism Element clusters only: the entity whose service_list contains PRISM_CENTRAL is dropped.</summary>
    public async Task<IReadOnlyList<PrismEntity<ClusterResources>>> ListPrismElementClustersAsync(string? filter = null, CancellationToken cancellationToken = default)
    {
        var all = await ListAllClustersAsync(filter, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(c => !c.IsPrismCentral())];
    }

    public Task<PrismEntity<ClusterResources>> GetClusterAsync(string uuid, CancellationToken cancellationToken = default) =>
        SendAsync("GET /clusters/{uuid}", $"cluster with uuid '{uuid}'", ct => _api.GetClusterAsync(CheckUuid(uuid), ct), cancellationToken);

    /// <summary>
    /// Prism Element clusters named <paramref name="name"/> ignoring case, as CAPX matches them (<c>GetPEUUID</c>:
    /// <c>strings.EqualFold</c>); several means ambiguous, as CAPX fails on them too. Listed unfiltered: a FIQL name
    /// filter would be matched case-sensitively by Prism Central.
    /// </summary>
    public async Task<IReadOnlyList<PrismEntity<ClusterResources>>> FindPrismElementClustersByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        CheckName(name, nameof(name));
        return NameIgnoringCase(await ListPrismElementClustersAsync(null, cancellationToken).ConfigureAwait(false), name);
    }

    public Task<IReadOnlyList<PrismEntity<SubnetResources>>> ListAllSubnetsAsync(string? filter = null, CancellationToken cancellationToken = default) =>
        ListAllAsync<PrismEntity<SubnetResources>>("subnet", "subnets", filter, (r, ct) => _api.ListSubnetsAsync(r, ct), cancellationToken);

    public Task<PrismEntity<SubnetResources>> GetSubnetAsync(string uuid, CancellationToken cancellationToken = default) =>
        SendAsync("GET /subnets/{uuid}", $"subnet with uuid '{uuid}'", ct => _api.GetSubnetAsync(CheckUuid(uuid), ct), cancellationToken);

    /// <summary>
    /// Subnets named exactly <paramref name="name"/> (CAPX's <c>GetSubnetUUID</c> compares subnet names exactly), and
    /// when <paramref name="clusterUuid"/> is given, only those usable by that Prism Element as CAPX decides: a VLAN
    /// subnet attached to it (<c>cluster_reference</c>), or an overlay (VPC) subnet, which has no cluster and serves
    /// every Prism Element. Subnet names repeat across Prism Elements: more than one result is ambiguous.
    /// </summary>
    public async Task<IReadOnlyList<PrismEntity<SubnetResources>>> FindSubnetsByNameAsync(string name, string? clusterUuid = null, CancellationToken cancellationToken = default)
    {
        var found = ExactName(await ListAllSubnetsAsync(NameFilter(name), cancellationToken).ConfigureAwait(false), name);
        return clusterUuid is null ? found : [.. found.Where(s => s.IsUsableFrom(clusterUuid))];
    }

    public Task<IReadOnlyList<PrismEntity<ImageResources>>> ListAllImagesAsync(string? filter = null, CancellationToken cancellationToken = default) =>
        ListAllAsync<PrismEntity<ImageResources>>("image", "images", filter, (r, ct) => _api.ListImagesAsync(r, ct), cancellationToken);

    public Task<PrismEntity<ImageResources>> GetImageAsync(string uuid, CancellationToken cancellationToken = default) =>
        SendAsync("GET /images/{uuid}", $"image with uuid '{uuid}'", ct => _api.GetImageAsync(CheckUuid(uuid), ct), cancellationToken);

    /// <summary>Images named <paramref name="name"/> ignoring case, as CAPX matches them (<c>GetImage</c>); several means ambiguous.</summary>
    public async Task<IReadOnlyList<PrismEntity<ImageResources>>> FindImagesByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        CheckName(name, nameof(name));
        return NameIgnoringCase(await ListAllImagesAsync(null, cancellationToken).ConfigureAwait(false), name);
    }

    public Task<IReadOnlyList<PrismEntity<ProjectResources>>> ListAllProjectsAsync(string? filter = null, CancellationToken cancellationToken = default) =>
        ListAllAsync<PrismEntity<ProjectResources>>("project", "projects", filter, (r, ct) => _api.ListProjectsAsync(r, ct), cancellationToken);

    public Task<PrismEntity<ProjectResources>> GetProjectAsync(string uuid, CancellationToken cancellationToken = default) =>
        SendAsync("GET /projects/{uuid}", $"project with uuid '{uuid}'", ct => _api.GetProjectAsync(CheckUuid(uuid), ct), cancellationToken);

    /// <summary>Projects named <paramref name="name"/> ignoring case, as CAPX matches them (<c>GetProjectUUID</c>); several means ambiguous.</summary>
    public async Task<IReadOnlyList<PrismEntity<ProjectResources>>> FindProjectsByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        CheckName(name, nameof(name));
        return NameIgnoringCase(await ListAllProjectsAsync(null, cancellationToken).ConfigureAwait(false), name);
    }

    public Task<IReadOnlyList<PrismEntity<VmResources>>> ListAllVmsAsync(string? filter = null, CancellationToken cancellationToken = default) =>
        ListAllAsync<PrismEntity<VmResources>>("vm", "vms", filter, (r, ct) => _api.ListVmsAsync(r, ct), cancellationToken);

    public Task<PrismEntity<VmResources>> GetVmAsync(string uuid, CancellationToken cancellationToken = default) =>
        SendAsync("GET /vms/{uuid}", $"VM with uuid '{uuid}'", ct => _api.GetVmAsync(CheckUuid(uuid), ct), cancellationToken);

    public async Task<IReadOnlyList<PrismEntity<VmResources>>> FindVmsByNameAsync(string name, CancellationToken cancellationToken = default) =>
        ExactName(await ListAllVmsAsync(NameFilter(name), cancellationToken).ConfigureAwait(false), name);

    /// <summary>All category keys (<c>POST /categories/list</c>), optionally FIQL-filtered (e.g. <c>name==AppType</c>).</summary>
    public Task<IReadOnlyList<CategoryKey>> ListAllCategoriesAsync(string? filter = null, CancellationToken cancellationToken = default) =>
        ListAllAsync<CategoryKey>("category", "categories", filter, (r, ct) => _api.ListCategoriesAsync(r, ct), cancellationToken);

    public Task<CategoryKey> GetCategoryAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync("GET /categories/{key}", $"category '{key}'", ct => _api.GetCategoryAsync(CheckName(key, nameof(key)), ct), cancellationToken);

    /// <summary>All values of category <paramref name="key"/> (<c>POST /categories/{key}/list</c>).</summary>
    public Task<IReadOnlyList<CategoryValue>> ListCategoryValuesAsync(string key, string? filter = null, CancellationToken cancellationToken = default) =>
        ListAllAsync<CategoryValue>("category", "categories/{key}", filter, (r, ct) => _api.ListCategoryValuesAsync(CheckName(key, nameof(key)), r, ct), cancellationToken, $"category '{key}'");

    public Task<CategoryValue> GetCategoryValueAsync(string key, string value, CancellationToken cancellationToken = default) =>
        SendAsync("GET /categories/{key}/{value}", $"category value '{key}:{value}'", ct => _api.GetCategoryValueAsync(CheckName(key, nameof(key)), CheckName(value, nameof(value)), ct), cancellationToken);

    /// <summary><c>GET /tasks/{uuid}</c>: one read of a task, whatever its status.</summary>
    public Task<PrismTask> GetTaskAsync(string taskUuid, CancellationToken cancellationToken = default) =>
        SendAsync("GET /tasks/{uuid}", $"task with uuid '{taskUuid}'", ct => _api.GetTaskAsync(CheckUuid(taskUuid), ct), cancellationToken);

    /// <summary>
    /// Polls a task (interval growing from <see cref="TaskWaitOptions.InitialPollInterval"/>) until it leaves
    /// QUEUED/RUNNING. Returns the SUCCEEDED task; throws <see cref="PrismTaskFailedException"/> for any other end
    /// state (message carries error_detail / progress_message) and <see cref="PrismTaskTimeoutException"/> when
    /// <see cref="TaskWaitOptions.Timeout"/> runs out. Cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<PrismTask> WaitForTaskAsync(string taskUuid, TaskWaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TaskWaitOptions();
        CheckUuid(taskUuid);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }

        var interval = options.InitialPollInterval;
        PrismTask? last = null;
        try
        {
            while (true)
            {
                last = await GetTaskAsync(taskUuid, deadline.Token).ConfigureAwait(false);
                options.Progress?.Report(last);
                if (last.IsSucceeded)
                {
                    return last;
                }

                if (!last.IsPending)
                {
                    var detail = FirstText(last.ErrorDetail, last.ProgressMessage) ?? "Prism Central gave no error detail";
                    throw new PrismTaskFailedException(
                        Redact($"Prism Central task {taskUuid}{(last.OperationType is null ? string.Empty : $" ({last.OperationType})")} ended {last.Status ?? "without a status"}: {detail}"),
                        last);
                }

                LogTaskPending(_logger, taskUuid, last.Status ?? "?", last.PercentageComplete ?? 0);
                await Task.Delay(interval, _timeProvider, deadline.Token).ConfigureAwait(false);
                var next = TimeSpan.FromMilliseconds(interval.TotalMilliseconds * Math.Max(1.0, options.BackoffFactor));
                interval = next > options.MaxPollInterval ? options.MaxPollInterval : next;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested
                                   && (ex is OperationCanceledException || ex is PrismConnectionException { Kind: PrismErrorKind.Timeout }))
        {
            throw new PrismTaskTimeoutException(
                $"Prism Central task {taskUuid} did not finish within {options.Timeout}: last status {last?.Status ?? "unknown"}, {last?.PercentageComplete ?? 0}% ({last?.ProgressMessage ?? "no progress message"}). Raise the timeout if the operation is expected to take longer.",
                taskUuid,
                last);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _http.Dispose();
        }
    }

    private static IReadOnlyList<PrismEntity<T>> NameIgnoringCase<T>(IReadOnlyList<PrismEntity<T>> entities, string name)
        where T : class =>
        [.. entities.Where(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))];

    private static IReadOnlyList<PrismEntity<T>> ExactName<T>(IReadOnlyList<PrismEntity<T>> entities, string name)
        where T : class =>
        [.. entities.Where(e => string.Equals(e.Name, name, StringComparison.Ordinal))];

    /// <summary>
    /// A FIQL <c>name==</c> filter when the name is safe to send (Prism treats the value as a pattern, so only
    /// characters that match themselves are sent); otherwise null, and the caller filters the full list.
    /// Results are always narrowed to exact matches client-side.
    /// </summary>
    internal static string? NameFilter(string name)
    {
        CheckName(name, nameof(name));
        foreach (var ch in name)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ' ' or ':' or '@'))
            {
                return null;
            }
        }

        return $"name=={name}";
    }

    private static string CheckUuid(string uuid)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uuid);
        return uuid;
    }

    private static string CheckName(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameter);
        return value;
    }

    private static string? FirstText(params string?[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));

    private static string? ProductVersion(System.Net.Http.Headers.HttpResponseHeaders headers) =>
        headers.TryGetValues(ProductHeader, out var values) ? FirstText([.. values]) : null;

    private static Uri BaseUri(PrismCentralOptions options) =>
        new UriBuilder(Uri.UriSchemeHttps, options.Endpoint.Trim('[', ']'), options.Port, "/api/nutanix/v3/").Uri;

    /// <summary>The shared transient-fault settings for <paramref name="options"/>: its retry policy and per-attempt timeout.</summary>
    internal static TransientRetryOptions RetryOptions(PrismCentralOptions options) => options.Retry with { AttemptTimeout = options.Timeout };

    private static SocketsHttpHandler CreateSocketsHandler(PrismCentralOptions options, PrismCertificateValidator validator) =>
        new()
        {
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
            UseProxy = true,
            // A redirect would carry the Authorization or X-ntnx-api-key header to wherever it points: never followed,
            // a 3xx is reported as the answer it is.
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = validator.Validate },
        };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Prism Central task {TaskUuid} is {Status} ({Percent}%)")]
    private static partial void LogTaskPending(ILogger logger, string taskUuid, string status, int percent);

    /// <summary>Wraps a caller-owned transport so that disposing the client leaves it alive.</summary>
    private sealed class BorrowedTransport : DelegatingHandler
    {
        public BorrowedTransport(HttpMessageHandler transport)
            : base(transport)
        {
        }

        protected override void Dispose(bool disposing) => base.Dispose(false);
    }
}
