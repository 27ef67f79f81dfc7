namespace Nutanix.Prism;

/// <summary>
/// Retry policy for transient Prism Central failures (HTTP 429/500/502/503/504, connection errors and
/// per-attempt timeouts): exponential backoff with jitter, <c>Retry-After</c> honoured, bounded by
/// <see cref="MaxRetries"/> and <see cref="TotalTimeout"/>.
/// </summary>
public sealed record PrismRetryOptions
{
    /// <summary>Retries after the first attempt (0 disables retrying).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Backoff base: the n-th retry waits about <c>BaseDelay * 2^(n-1)</c>, jittered.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one computed backoff delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Upper bound applied to a server-sent <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Budget for one logical call including all its retries and waits.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(3);

    internal void Validate()
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
    }
}
