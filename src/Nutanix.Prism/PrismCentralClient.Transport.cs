using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Nutanix.Http;
using Nutanix.Prism.Http;
using Nutanix.Prism.Models;
using Polly.Timeout;
using Refit;

namespace Nutanix.Prism;

/// <summary>Sending, paging and failure mapping shared by every operation.</summary>
public sealed partial class PrismCentralClient
{
    private async Task<IReadOnlyList<TEntity>> ListAllAsync<TEntity>(
        string kind,
        string path,
        string? filter,
        Func<ListRequest, CancellationToken, Task<IApiResponse<PrismList<TEntity>>>> call,
        CancellationToken cancellationToken,
        string? subject = null)
    {
        var all = new List<TEntity>();
        var offset = 0;
        while (true)
        {
            var request = new ListRequest { Kind = kind, Offset = offset, Length = PageSize, Filter = filter };
            var page = await SendAsync($"POST /{path}/list", subject, ct => call(request, ct), cancellationToken).ConfigureAwait(false);
            var entities = page.Entities ?? [];
            all.AddRange(entities);
            offset += entities.Count;
            var total = page.Metadata.TotalMatches;
            LogPage(_logger, path, entities.Count, offset, total ?? -1);
            if (entities.Count == 0 || (total is { } t ? offset >= t : entities.Count < PageSize))
            {
                return all;
            }
        }
    }

    private async Task<T> SendAsync<T>(string operation, string? subject, Func<CancellationToken, Task<IApiResponse<T>>> call, CancellationToken cancellationToken)
        where T : class =>
        (await SendWithHeadersAsync(operation, subject, call, cancellationToken).ConfigureAwait(false)).Content;

    /// <summary>
    /// Runs one logical call (retries happen below, in the resilience handler) and turns every failure into a
    /// <see cref="PrismException"/>; caller cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<(T Content, System.Net.Http.Headers.HttpResponseHeaders Headers)> SendWithHeadersAsync<T>(
        string operation,
        string? subject,
        Func<CancellationToken, Task<IApiResponse<T>>> call,
        CancellationToken cancellationToken)
        where T : class
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var scope = new PrismCallScope(operation);
        PrismCallScope.Current = scope;

        // Backstop for the response body read, which happens after the resilience pipeline has returned.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.Retry.TotalTimeout + _options.Timeout);
        var started = Stopwatch.GetTimestamp();

        IApiResponse<T> response;
        try
        {
            response = await call(budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not PrismException && !cancellationToken.IsCancellationRequested)
        {
            throw MapTransportFailure(ex, operation, scope.Attempts, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            PrismCallScope.Current = null;
        }

        using (response)
        {
            if (response.HasRequestError(out var requestError))
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw MapTransportFailure(requestError.InnerException ?? requestError, operation, scope.Attempts, Stopwatch.GetElapsedTime(started));
            }

            if (!response.IsSuccessStatusCode)
            {
                // Retrying stops early when the caller cancels; report that as cancellation, not as the last error.
                cancellationToken.ThrowIfCancellationRequested();
                throw MapHttpFailure(response, operation, subject, Math.Max(1, scope.Attempts));
            }

            if (response.Error is { } error || response.Content is null)
            {
                throw new PrismApiException(
                    PrismErrorKind.InvalidResponse,
                    Redact($"Prism Central {_options.Address} answered {operation} with a body that is not the expected JSON ({response.Error?.InnerException?.Message ?? response.Error?.Message ?? "empty body"}); is the endpoint a Prism Central?"),
                    response.StatusCode ?? HttpStatusCode.OK,
                    null,
                    [],
                    Math.Max(1, scope.Attempts),
                    response.Error);
            }

            return (response.Content, response.Headers);
        }
    }

    private PrismApiException MapHttpFailure(IApiResponse response, string operation, string? subject, int attempts)
    {
        var status = response.StatusCode ?? (HttpStatusCode)0;
        var content = (response.Error as ApiException)?.Content;
        var body = TryParseError(content);
        var messages = body?.Messages ?? [];
        var reason = messages.Select(m => m.Reason).FirstOrDefault(r => !string.IsNullOrEmpty(r));
        var serverText = ServerText(messages, content);
        var code = $"HTTP {(int)status}{(reason is null ? string.Empty : $" {reason}")}";
        var address = _options.Address;
        var principal = _options.UsesApiKey ? "the API key" : $"user '{_options.Username}'";

        (PrismErrorKind kind, string message) = status switch
        {
            HttpStatusCode.Unauthorized when _options.UsesApiKey => (PrismErrorKind.Unauthorized,
                $"Prism Central {address} rejected the API key (HTTP 401): check api_key (or use username and password)."),
            HttpStatusCode.Unauthorized => (PrismErrorKind.Unauthorized,
                $"Prism Central {address} rejected the credentials for user '{_options.Username}' (HTTP 401): check username and password (or api_key)."),
            HttpStatusCode.Forbidden => (PrismErrorKind.Forbidden,
                $"Prism Central {address} denied {operation} to {principal} (HTTP 403){serverText}: give the user a role that allows reading this kind of entity."),
            _ when status == HttpStatusCode.NotFound || string.Equals(reason, "ENTITY_NOT_FOUND", StringComparison.Ordinal) => (PrismErrorKind.NotFound,
                subject is null
                    ? $"Prism Central {address} found nothing for {operation} ({code}){serverText}."
                    : $"Prism Central {address} has no {subject} ({code}): check that it exists and the id or name is spelled correctly."),
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => (PrismErrorKind.InvalidRequest,
                $"Prism Central {address} rejected {operation} ({code}){serverText}."),
            >= HttpStatusCode.MultipleChoices and < HttpStatusCode.BadRequest => (PrismErrorKind.Api,
                $"Prism Central {address} answered {operation} with a redirect (HTTP {(int)status}) to {Location(response)}. Redirects are not followed, so the credentials are never sent anywhere else: set endpoint and port to the address Prism Central itself answers on."),
            HttpStatusCode.TooManyRequests => (PrismErrorKind.RateLimited,
                $"Prism Central {address} kept rate-limiting {operation} (HTTP 429) after {attempts} attempt(s): lower Terraform's -parallelism or retry later."),
            >= HttpStatusCode.InternalServerError => (PrismErrorKind.ServerUnavailable,
                $"Prism Central {address} answered {operation} with HTTP {(int)status} {response.ReasonPhrase} after {attempts} attempt(s){serverText}: Prism Central may be overloaded or restarting; retry later."),
            _ => (PrismErrorKind.Api, $"Prism Central {address} answered {operation} with {code}{serverText}."),
        };

        return new PrismApiException(kind, Redact(message), status, reason, messages, attempts, response.Error);
    }

    private PrismConnectionException MapTransportFailure(Exception exception, string operation, int attempts, TimeSpan elapsed)
    {
        var address = _options.Address;
        attempts = Math.Max(1, attempts);
        if (TransientFaults.IsTlsFailure(exception))
        {
            var why = _certificates?.LastFailure ?? Innermost<AuthenticationException>(exception)?.Message ?? exception.Message;
            var nameMismatch = why.Contains("host name", StringComparison.Ordinal);
            var advice = nameMismatch
                ? $"set endpoint to a host name the certificate is issued for, or set insecure = true to skip certificate verification (not recommended)"
                : _certificates?.HasTrustBundle == true
                    ? "set additional_trust_bundle to the PEM CA certificate(s) that actually issued the Prism Central certificate, or set insecure = true to skip certificate verification (not recommended)"
                    : "set additional_trust_bundle to the PEM CA certificate(s) that issued the Prism Central certificate, or set insecure = true to skip certificate verification (not recommended)";
            return new PrismConnectionException(
                PrismErrorKind.TlsUntrusted,
                Redact($"Could not establish a trusted TLS connection to Prism Central {address}: {why}. To fix: {advice}."),
                address,
                attempts,
                exception);
        }

        if (Innermost<TimeoutRejectedException>(exception) is not null || exception is OperationCanceledException)
        {
            return new PrismConnectionException(
                PrismErrorKind.Timeout,
                $"Prism Central {address} did not answer {operation} in time ({attempts} attempt(s) over {elapsed.TotalSeconds:0.#} s; per-attempt timeout {_options.Timeout.TotalSeconds:0.#} s): check that it is reachable and not overloaded.",
                address,
                attempts,
                exception);
        }

        if (Innermost<SocketException>(exception) is { } socket)
        {
            var what = socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"connection refused. Check endpoint and port (Prism Central listens on 9440) and that Prism Central is running",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"the host name '{_options.Endpoint}' could not be resolved. Check endpoint",
                SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"{socket.SocketErrorCode}. Check endpoint, port, routing and firewalls between here and Prism Central",
                _ => $"{socket.Message}. Check endpoint, port and the network path to Prism Central",
            };
            return new PrismConnectionException(
                PrismErrorKind.ConnectionFailed,
                Redact($"Could not connect to Prism Central at {address} ({attempts} attempt(s)): {what}."),
                address,
                attempts,
                exception);
        }

        return new PrismConnectionException(
            PrismErrorKind.ConnectionFailed,
            Redact($"Could not talk to Prism Central at {address} ({attempts} attempt(s)): {Innermost<Exception>(exception)?.Message ?? exception.Message}. Check endpoint, port and the network path to Prism Central."),
            address,
            attempts,
            exception);
    }

    /// <summary>Where a redirect points (scheme, host and path only: a query could carry anything).</summary>
    private static string Location(IApiResponse response) =>
        response.Headers?.Location is { } location
            ? location.IsAbsoluteUri ? location.GetLeftPart(UriPartial.Path) : location.OriginalString.Split('?')[0]
            : "nowhere (no Location header)";

    private static PrismErrorBody? TryParseError(string? content)
    {
        if (string.IsNullOrWhiteSpace(content) || content.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(content, PrismJsonContext.Default.PrismErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>": message; message" from the v3 message_list, else a short plain-text body, else nothing.</summary>
    private static string ServerText(IReadOnlyList<PrismMessage> messages, string? content)
    {
        var texts = messages.Select(m => m.Message).Where(m => !string.IsNullOrWhiteSpace(m)).ToList();
        if (texts.Count > 0)
        {
            return $": {string.Join("; ", texts)}";
        }

        if (string.IsNullOrWhiteSpace(content) || content.TrimStart().StartsWith('<'))
        {
            return string.Empty;
        }

        var trimmed = content.Trim();
        return $": {(trimmed.Length > 300 ? trimmed[..300] + "…" : trimmed)}";
    }

    /// <summary>Removes the password and API key from text that may echo request data.</summary>
    private string Redact(string text)
    {
        var sb = new StringBuilder(text);
        foreach (var secret in new[] { _options.Password, _options.ApiKey })
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 3)
            {
                sb.Replace(secret, "***");
            }
        }

        return sb.ToString();
    }

    private static TException? Innermost<TException>(Exception exception)
        where TException : Exception
    {
        TException? found = null;
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is TException match)
            {
                found = match;
            }
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Prism Central list {Path}: {Count} entities in page, {Seen} of {Total} so far")]
    private static partial void LogPage(ILogger logger, string path, int count, int seen, int total);
}
