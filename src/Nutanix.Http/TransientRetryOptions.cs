namespace Nutanix.Http;

/// <summary>
/// How one logical HTTP call rides out transient faults (HTTP 429/500/502/503/504, connection failures, attempts
/// that time out): up to <see cref="MaxRetries"/> retries after a jittered exponential backoff starting at
/// <see cref="BaseDelay"/> (or the server's <c>Retry-After</c>, up to <see cref="MaxRetryAfter"/>), the whole call
/// bounded by <see cref="TotalTimeout"/> and each attempt by <see cref="AttemptTimeout"/>.
/// </summary>
public sealed record TransientRetryOptions
{
    /// <summary>Retries after the first attempt (0 disables retrying).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The median delay before the first retry; later retries wait about twice as long each, jittered.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one backoff delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Upper bound applied to a server-sent <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Budget of one logical call: every attempt and every wait between them.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Time allowed for one attempt (connect, send, read the whole response unless it is a stream).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot be used.</summary>
    public void Validate()
    {
        if (MaxRetries < 0)
        {
            throw new ArgumentException("Retry count must not be negative.", nameof(MaxRetries));
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("Retry delays must not be negative.", nameof(BaseDelay));
        }

        if (TotalTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Total retry timeout must be positive.", nameof(TotalTimeout));
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Attempt timeout must be positive.", nameof(AttemptTimeout));
        }
    }
}
