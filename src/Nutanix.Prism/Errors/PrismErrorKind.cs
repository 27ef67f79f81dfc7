namespace Nutanix.Prism;

/// <summary>Classification of a <see cref="PrismException"/>.</summary>
public enum PrismErrorKind
{
    /// <summary>An HTTP error not covered by a more specific kind.</summary>
    Api,

    /// <summary>HTTP 401: credentials (or API key) rejected.</summary>
    Unauthorized,

    /// <summary>HTTP 403: authenticated but not permitted.</summary>
    Forbidden,

    /// <summary>HTTP 404 or reason <c>ENTITY_NOT_FOUND</c>.</summary>
    NotFound,

    /// <summary>HTTP 400/409/422: the request was rejected as invalid.</summary>
    InvalidRequest,

    /// <summary>HTTP 429 still returned after all retries.</summary>
    RateLimited,

    /// <summary>HTTP 5xx still returned after all retries.</summary>
    ServerUnavailable,

    /// <summary>The response body could not be read as the expected JSON.</summary>
    InvalidResponse,

    /// <summary>TLS handshake failed: the server certificate is untrusted or does not match the host name.</summary>
    TlsUntrusted,

    /// <summary>TCP connection refused, host unknown or unreachable.</summary>
    ConnectionFailed,

    /// <summary>No answer within the configured per-attempt or total time.</summary>
    Timeout,

    /// <summary>A Prism Central task ended FAILED/ABORTED/INVALID_UUID.</summary>
    TaskFailed,
}
