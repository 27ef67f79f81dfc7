using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Nutanix.Http;

/// <summary>
/// The transient-fault pipeline shared by the Prism Central client and the management-cluster client, built on
/// Microsoft.Extensions.Http.Resilience: a total budget (<see cref="TransientRetryOptions.TotalTimeout"/>), then
/// retries with jittered exponential backoff or the server's <c>Retry-After</c>, then a per-attempt timeout.
/// <para>
/// Retried: HTTP 429/500/502/503/504, connection failures, broken or timed-out attempts. Never retried: TLS failures,
/// any other status, the caller's cancellation. Requests that are not safe to repeat (POST, and PATCH unless
/// marked with <see cref="SafeToRepeat"/>) are retried only when the server cannot have acted on them: a 429, a 5xx
/// carrying <c>Retry-After</c> (as client-go does: the API server's "come back later"), or a connection that was
/// never established.
/// </para>
/// </summary>
public static partial class TransientFaults
{
    /// <summary>Marks a request whose method is not idempotent (a POST read, a server-side apply PATCH) as safe to repeat.</summary>
    public static readonly HttpRequestOptionsKey<bool> SafeToRepeat = new("Nutanix.Http.SafeToRepeat");

    /// <summary>Marks a request whose response is a stream (a watch): it is not buffered inside the pipeline.</summary>
    public static readonly HttpRequestOptionsKey<bool> Streaming = new("Nutanix.Http.Streaming");

    /// <summary>Where the pipeline records the attempts of a request (set it before sending).</summary>
    public static readonly HttpRequestOptionsKey<RetryRecord> Record = new("Nutanix.Http.RetryRecord");

    /// <summary>
    /// The handler chain <c>retry pipeline → attempt handler → <paramref name="inner"/></c>: put it at the top of an
    /// <see cref="HttpClient"/> (with <see cref="Timeout.InfiniteTimeSpan"/> as the client's own timeout; the
    /// pipeline bounds every call). <paramref name="service"/> names the server in logs ("Prism Central").
    /// </summary>
    public static DelegatingHandler CreateHandler(string service, TransientRetryOptions options, ILogger logger, HttpMessageHandler inner, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new ResilienceHandler(Build(service, options, logger, timeProvider ?? TimeProvider.System))
        {
            InnerHandler = new AttemptHandler(options) { InnerHandler = inner },
        };
    }

    /// <summary>The pipeline itself (see the type's summary).</summary>
    public static ResiliencePipeline<HttpResponseMessage> Build(string service, TransientRetryOptions options, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.TotalTimeout });
        if (options.MaxRetries > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    LogRetry(
                        logger,
                        service,
                        request?.Method.Method ?? "?",
                        request?.RequestUri?.AbsolutePath ?? "?",
                        Describe(args.Outcome, options),
                        args.AttemptNumber + 1,
                        options.MaxRetries,
                        (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            };

            // The server's Retry-After (seconds or a date, parsed by the library) is honoured up to MaxRetryAfter.
            var retryAfter = retry.DelayGenerator;
            if (retryAfter is not null)
            {
                retry.DelayGenerator = async args =>
                {
                    var hinted = await retryAfter(args).ConfigureAwait(false);
                    return hinted > options.MaxRetryAfter ? options.MaxRetryAfter : hinted;
                };
            }

            builder.AddRetry(retry);
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        return builder.Build();
    }

    /// <summary>Whether an attempt's outcome is worth another attempt of <paramref name="request"/>.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        var repeatable = request is null || IsSafeToRepeat(request);
        if (outcome.Result is { } response)
        {
            if (!IsTransientStatus(response.StatusCode))
            {
                return false;
            }

            // Not repeatable: only when the server declined the request without acting on it.
            return repeatable || response.StatusCode == HttpStatusCode.TooManyRequests || response.Headers.RetryAfter is not null;
        }

        return outcome.Exception switch
        {
            null => false,
            _ when IsTlsFailure(outcome.Exception) => false,
            TimeoutRejectedException => repeatable,
            HttpRequestException h => repeatable || h.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError,
            IOException => repeatable,
            _ => false,
        };
    }

    /// <summary>The statuses that mean "try again": 429, 500, 502, 503, 504.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) => status is
        HttpStatusCode.TooManyRequests or
        HttpStatusCode.InternalServerError or
        HttpStatusCode.BadGateway or
        HttpStatusCode.ServiceUnavailable or
        HttpStatusCode.GatewayTimeout;

    /// <summary>GET, HEAD, OPTIONS, PUT and DELETE, or a request marked <see cref="SafeToRepeat"/>.</summary>
    public static bool IsSafeToRepeat(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.TryGetValue(SafeToRepeat, out var marked))
        {
            return marked;
        }

        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Put || method == HttpMethod.Delete;
    }

    /// <summary>True when <paramref name="exception"/> is (or wraps) a failed TLS handshake.</summary>
    public static bool IsTlsFailure(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            // Only a refused certificate or protocol: a connection closed during the handshake (SecureConnectionError
            // with an IOException inside) is a connection failure like any other.
            if (e is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A failure in our own words (the native build carries no framework message texts): the HTTP status, or the kind
    /// of connection failure and its socket error.
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TimeoutRejectedException timeout)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.Timeout.TotalSeconds:0.#} s");
        }

        var what = exception is HttpRequestException h
            ? h.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "could not connect",
                HttpRequestError.SecureConnectionError => "the TLS connection failed",
                HttpRequestError.NameResolutionError => "the host name did not resolve",
                HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
                HttpRequestError.ProxyTunnelError => "the proxy tunnel failed",
                _ => "the request failed",
            }
            : exception is IOException ? "the connection broke while reading the answer"
            : exception is OperationCanceledException ? "no answer in time"
            : exception.GetType().Name;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return $"{what} ({socket.SocketErrorCode})";
            }
        }

        return what;
    }

    /// <summary>"HTTP 503 Service Unavailable".</summary>
    public static string Describe(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}");
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome, TransientRetryOptions options) =>
        outcome.Result is { } response ? Describe(response)
        : outcome.Exception is TimeoutRejectedException ? string.Create(CultureInfo.InvariantCulture, $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s")
        : outcome.Exception is { } ex ? Describe(ex)
        : "no result";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} {Method} {Path} failed ({Outcome}); retry {Retry} of {MaxRetries} in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string service, string method, string path, string outcome, int retry, int maxRetries, long delayMs);

    /// <summary>
    /// Inside the pipeline: counts and records each attempt and reads a non-streaming response's body before the
    /// attempt ends, so a connection that breaks mid-body, or a body that never arrives, is a failed attempt (retried)
    /// rather than a failure after the pipeline has returned.
    /// </summary>
    private sealed class AttemptHandler(TransientRetryOptions options) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Options.TryGetValue(Record, out var record);
            record?.CountAttempt();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!(request.Options.TryGetValue(Streaming, out var streaming) && streaming))
                {
                    await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                }

                if (IsTransientStatus(response.StatusCode))
                {
                    record?.Failed(Describe(response));
                }

                return response;
            }
            catch (Exception ex)
            {
                // A cancelled attempt ran into its own timeout, or into the call's budget (the caller's cancellation ends
                // the call: the record no longer matters then).
                response?.Dispose();
                record?.Failed(ex is not OperationCanceledException ? Describe(ex)
                    : System.Diagnostics.Stopwatch.GetElapsedTime(started) >= options.AttemptTimeout * 0.95
                        ? string.Create(CultureInfo.InvariantCulture, $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s")
                        : "cut short when the time budget ran out");
                throw;
            }
        }
    }
}
