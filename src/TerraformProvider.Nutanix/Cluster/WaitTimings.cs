namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// How a create/update/delete wait paces its reads of the management cluster. After each read that did not finish the
/// wait, the next one happens when a watched object changes (<see cref="ClusterChangeWatch"/>) or after the poll
/// delay, whichever comes first. The poll delay starts at <see cref="FirstPoll"/> and doubles per read up to
/// <see cref="Poll"/>, so a cluster that is done in a moment is noticed in a moment while a long rollout is polled
/// every <see cref="Poll"/> as before. Reads woken by changes are at least <see cref="FirstWakeSpacing"/> apart
/// (coalescing a burst of events into one read), the spacing doubling per woken read up to
/// <see cref="MaxWakeSpacing"/>, so a busy cluster is not read more often than the plain poll did (every 2 s) once
/// its first seconds are over.
/// </summary>
internal sealed record WaitTimings
{
    public static WaitTimings Default { get; } = new();

    public TimeSpan FirstPoll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest poll delay; also the retry interval while the management cluster does not answer.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan FirstWakeSpacing { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxWakeSpacing { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>False: poll only, no watches.</summary>
    public bool Watch { get; init; } = true;

    /// <summary>The timeoutSeconds each watch request asks for; the stream is then re-opened from the last version.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before re-opening a failed watch, doubling per consecutive failure up to <see cref="MaxWatchRetry"/>.</summary>
    public TimeSpan WatchRetry { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxWatchRetry { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The poll delay after <paramref name="current"/>.</summary>
    public TimeSpan NextPoll(TimeSpan current) => Grow(current, Poll);

    /// <summary>The wake spacing after <paramref name="current"/>.</summary>
    public TimeSpan NextWakeSpacing(TimeSpan current) => Grow(current, MaxWakeSpacing);

    private static TimeSpan Grow(TimeSpan current, TimeSpan max) => current * 2 > max ? max : current * 2;
}
