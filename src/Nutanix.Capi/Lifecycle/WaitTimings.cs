namespace Nutanix.Capi.Lifecycle;

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
public sealed record WaitTimings
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

    /// <summary>
    /// Pause before re-opening a watch that failed after the client's own retries (which back off within
    /// request_timeout) or whose stream broke.
    /// </summary>
    public TimeSpan WatchRetry { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The poll delay after <paramref name="current"/>.</summary>
    public TimeSpan NextPoll(TimeSpan current) => Grow(current, Poll);

    /// <summary>The wake spacing after <paramref name="current"/>.</summary>
    public TimeSpan NextWakeSpacing(TimeSpan current) => Grow(current, MaxWakeSpacing);

    private static TimeSpan Grow(TimeSpan current, TimeSpan max) => current * 2 > max ? max : current * 2;
}

/// <summary>
/// The pacing state of one wait under <see cref="WaitTimings"/>: call <see cref="ReadStarting"/> before each read of
/// the cluster and <see cref="PauseAsync"/> after a read that did not end the wait.
/// </summary>
public sealed class WaitPacer(WaitTimings timings)
{
    private TimeSpan _poll = timings.FirstPoll;
    private TimeSpan _wakeSpacing = timings.FirstWakeSpacing;
    private DateTimeOffset _readAt;

    /// <summary>A read begins: changes from now on count for the next pause.</summary>
    public void ReadStarting(ClusterChangeWatch? watch)
    {
        _readAt = DateTimeOffset.UtcNow;
        watch?.Reset();
    }

    /// <summary>Something is expected to change soon (the wait itself acted): poll from the shortest delay again.</summary>
    public void PollSoon() => _poll = timings.FirstPoll;

    /// <summary>
    /// Waits for a change of a watched object or the poll delay, whichever comes first. A wake-up by a change is
    /// held until the wake spacing has passed since the last read (the rest of a burst arrives meanwhile) and grows
    /// the spacing; a poll grows the poll delay.
    /// </summary>
    public async Task PauseAsync(ClusterChangeWatch? watch, CancellationToken cancellationToken)
    {
        if (watch is not null && await watch.WaitAsync(_poll, cancellationToken).ConfigureAwait(false))
        {
            var since = DateTimeOffset.UtcNow - _readAt;
            if (since < _wakeSpacing) await Task.Delay(_wakeSpacing - since, cancellationToken).ConfigureAwait(false);
            _wakeSpacing = timings.NextWakeSpacing(_wakeSpacing);
            return;
        }

        if (watch is null) await Task.Delay(_poll, cancellationToken).ConfigureAwait(false);
        _poll = timings.NextPoll(_poll);
    }
}
