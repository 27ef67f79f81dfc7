using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nutanix.Http;

namespace Nutanix.Capi.Management;

/// <summary>
/// A failed Kubernetes API call, carrying the HTTP status and the <c>Status</c> object's reason/message/causes
/// (e.g. reason <c>NotFound</c>, <c>Conflict</c>, <c>Invalid</c>, <c>AlreadyExists</c>, <c>Forbidden</c>).
/// </summary>
public sealed class KubernetesApiException : Exception
{
    public KubernetesApiException(HttpStatusCode statusCode, string reason, string message, IReadOnlyList<StatusCause> causes, string method, string path, RetryRecord? retries = null)
        : base($"{method} {path}: {(int)statusCode} {reason}: {message}{(retries is null ? string.Empty : $" (after {retries.Describe()})")}")
    {
        StatusCode = statusCode;
        Reason = reason;
        ApiMessage = message;
        Causes = causes;
        Retries = retries;
    }

    /// <summary>What was retried before this answer (a transient status that outlasted the retries), or null for one attempt.</summary>
    public RetryRecord? Retries { get; }

    /// <summary>429 or a 5xx the retries did not ride out: the management cluster is overloaded or restarting.</summary>
    public bool IsTransient => TransientFaults.IsTransientStatus(StatusCode);

    public HttpStatusCode StatusCode { get; }

    /// <summary>Status.reason (e.g. "NotFound", "Invalid", "Conflict"); the HTTP reason phrase when the body is not a Status.</summary>
    public string Reason { get; }

    /// <summary>Status.message as sent by the server.</summary>
    public string ApiMessage { get; }

    /// <summary>Status.details.causes (field-level errors for reason Invalid).</summary>
    public IReadOnlyList<StatusCause> Causes { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    internal static KubernetesApiException FromResponse(HttpStatusCode code, string? reasonPhrase, string body, string method, string path, RetryRecord? retries = null)
    {
        string reason = reasonPhrase ?? code.ToString();
        string message = body.Length > 512 ? body[..512] : body;
        var causes = new List<StatusCause>();
        try
        {
            if (JsonNode.Parse(body) is JsonObject status && (string?)status["kind"] == "Status")
            {
                reason = Text(status["reason"]) ?? reason;
                message = Text(status["message"]) ?? string.Empty;
                if (status["details"]?["causes"] is JsonArray list)
                {
                    foreach (var c in list.OfType<JsonObject>())
                    {
                        causes.Add(new StatusCause(Text(c["reason"]) ?? string.Empty, Text(c["message"]) ?? string.Empty, Text(c["field"]) ?? string.Empty));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a Status body: keep the raw (truncated) text.
        }

        return new KubernetesApiException(code, reason, message, causes, method, path, retries);
    }

    private static string? Text(JsonNode? node) => JsonNumbers.GetString(node);
}

/// <summary>One entry of Status.details.causes.</summary>
public sealed record StatusCause(string Reason, string Message, string Field);
