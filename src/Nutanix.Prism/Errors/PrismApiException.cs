using System.Net;
using Nutanix.Prism.Models;

namespace Nutanix.Prism;

/// <summary>Prism Central answered with an HTTP error status (after retries, for transient ones).</summary>
public sealed class PrismApiException : PrismException
{
    public PrismApiException(
        PrismErrorKind kind,
        string message,
        HttpStatusCode statusCode,
        string? reason,
        IReadOnlyList<PrismMessage> messages,
        int attempts,
        Exception? innerException = null)
        : base(kind, message, innerException)
    {
        StatusCode = statusCode;
        Reason = reason;
        Messages = messages;
        Attempts = attempts;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The first <c>message_list[].reason</c>, e.g. <c>ENTITY_NOT_FOUND</c>; null when the body had none.</summary>
    public string? Reason { get; }

    /// <summary>The server's <c>message_list</c> (empty when the body was not a v3 error).</summary>
    public IReadOnlyList<PrismMessage> Messages { get; }

    /// <summary>How many HTTP attempts were made for the call.</summary>
    public int Attempts { get; }
}
