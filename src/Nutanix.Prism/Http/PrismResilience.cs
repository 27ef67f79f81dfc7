using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Nutanix.Prism.Http;

/// <summary>
/// Builds the Polly pipeline behind the client's <c>ResilienceHandler</c>: a total-time budget, then retries
/// (HTTP 429/500/502/503/504, connection failures, per-attempt timeouts; exponential backoff with jitter or the
/// server's <c>Retry-After</c>), then a per-attempt timeout. TLS failures and user cancellation are not retried.
/// </summary>
internal static partial class PrismResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(PrismCentralOptions options, ILogger logger, TimeProvider timeProvider)
    {
        var retry = options.Retry;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = retry.TotalTimeout });
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    ComputeDelay(args.Outcome.Result, args.AttemptNumber, retry, timeProvider)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    LogRetry(
                        logger,
                        request?.Method.Method ?? "?",
                        request?.RequestUri?.AbsolutePath ?? "?",
                        Describe(args.Outcome),
                        args.AttemptNumber + 1,
                        retry.MaxRetries,
                        (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout });
        return builder.Build();
    }

    /// <summary>Whether an attempt's outcome is worth retrying.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is { } response)
        {
            return IsTransientStatus(response.StatusCode);
        }

        return outcome.Exception switch
        {
            TimeoutRejectedException => true,
            HttpRequestException ex => !IsTlsFailure(ex),
            _ => false,
        };
    }

    internal static bool IsTransientStatus(HttpStatusCode status) => status is
        HttpStatusCode.TooManyRequests or
        HttpStatusCode.InternalServerError or
        HttpStatusCode.BadGateway or
        HttpStatusCode.ServiceUnavailable or
        HttpStatusCode.GatewayTimeout;

    internal static bool IsTlsFailure(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Delay before retry number <paramref name="attempt"/> + 1: the server's <c>Retry-After</c> (seconds or
    /// HTTP date, capped at <see cref="PrismRetryOptions.MaxRetryAfter"/>) when present, otherwise
    /// <c>min(MaxDelay, BaseDelay·2^attempt)</c> scaled by a random factor in [0.5, 1).
    /// </summary>
    internal static TimeSpan ComputeDelay(HttpResponseMessage? response, int attempt, PrismRetryOptions retry, TimeProvider timeProvider)
    {
        if (RetryAfter(response, timeProvider) is { } hinted)
        {
            return hinted > retry.MaxRetryAfter ? retry.MaxRetryAfter : hinted;
        }

        var exponential = retry.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, retry.MaxDelay.TotalMilliseconds);
        var jittered = capped * (0.5 + (Random.Shared.NextDouble() * 0.5));
        return TimeSpan.FromMilliseconds(jittered);
    }

    /// <summary>The <c>Retry-After</c> hint of a response, as a non-negative delay; null when absent.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider timeProvider)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response
            ? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
            : outcome.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}" : "no result";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prism Central {Method} {Path} failed ({Outcome}); retry {Retry} of {MaxRetries} in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string method, string path, string outcome, int retry, int maxRetries, long delayMs);
}
