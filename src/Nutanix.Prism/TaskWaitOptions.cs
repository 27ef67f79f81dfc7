using Nutanix.Prism.Models;

namespace Nutanix.Prism;

/// <summary>How <see cref="PrismCentralClient.WaitForTaskAsync"/> polls a task.</summary>
public sealed record TaskWaitOptions
{
    /// <summary>Delay before the second poll; grows by <see cref="BackoffFactor"/> up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan InitialPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    public double BackoffFactor { get; init; } = 1.5;

    /// <summary>Give up (with <see cref="PrismTaskTimeoutException"/>) after this long; null waits until cancelled.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Receives every polled task state (e.g. to log percentage_complete).</summary>
    public IProgress<PrismTask>? Progress { get; init; }
}
