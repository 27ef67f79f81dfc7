using System.Net;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Lifecycle;

/// <summary>How a wait ended.</summary>
public enum WaitEnd
{
    /// <summary>The cluster reached the target.</summary>
    Reached,

    /// <summary>The wait's own timeout passed.</summary>
    TimedOut,

    /// <summary>The caller's token was cancelled (a stop request).</summary>
    Interrupted,

    /// <summary>The management cluster did not answer for longer than the outage tolerance.</summary>
    LostContact,

    /// <summary>The Cluster was deleted meanwhile.</summary>
    Disappeared,
}

/// <summary>
/// The end of a wait: what was last observed, the last progress line, the last failure to reach the management
/// cluster (empty when it answered), and for <see cref="WaitEnd.LostContact"/> how long it had not answered.
/// </summary>
public sealed record WaitOutcome(WaitEnd End, WaitTarget Target, TimeSpan Timeout, ClusterObservation Observation, string LastProgress, string LastError, TimeSpan Unanswered)
{
    public bool Reached => End == WaitEnd.Reached;
}

public sealed partial class ClusterLifecycle
{
    /// <summary>The tolerated time without an answer from the management cluster during a wait.</summary>
    public TimeSpan OutageTolerance => _outageTolerance;

    /// <summary>
    /// Waits until the cluster reaches <paramref name="target"/>, logging progress at INFO. The cluster is read again
    /// when one of its objects changes (<see cref="ClusterChangeWatch"/>) or after a poll delay growing from
    /// <see cref="WaitTimings.FirstPoll"/> to <see cref="WaitTimings.Poll"/> (the safety net, and all there is where the
    /// management cluster refuses watches). The management cluster may fail to answer (connection errors, 5xx, 429,
    /// request timeouts) for up to the outage tolerance in a row — an API server restart — before the wait gives up.
    /// On timeout, cancellation or a lost management cluster it returns what was observed, so the caller records the
    /// applied state.
    /// </summary>
    public async Task<WaitOutcome> WaitAsync(string ns, string name, WaitTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = $"{ns}/{name}";
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var lastSummary = "nothing observed yet";
        var lastLogged = DateTimeOffset.MinValue;
        var lastObserved = ClusterObservation.Pending;
        DateTimeOffset? unreachableSince = null;
        var lastError = "";
        var pacer = new WaitPacer(_timings);
        ClusterChangeWatch? watch = null;
        try
        {
            while (true)
            {
                LiveCluster? live;
                var asked = DateTimeOffset.UtcNow;
                pacer.ReadStarting(watch);
                try
                {
                    live = await LiveCluster.FetchAsync(_client, ns, name, linked.Token, LiveClusterParts.Status).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransient(ex, linked.Token))
                {
                    // Counted from the first unanswered request, so a silently dropping API also gives up after the tolerance.
                    var now = DateTimeOffset.UtcNow;
                    unreachableSince ??= asked;
                    if (lastError.Length == 0) _logger.LogWarning("management cluster not answering while waiting for cluster {Id}: {Error}; retrying for up to {Tolerance}", id, Describe(ex), Duration.Format(_outageTolerance));
                    lastError = Describe(ex);
                    if (now - unreachableSince.Value >= _outageTolerance)
                    {
                        return new WaitOutcome(WaitEnd.LostContact, target, timeout, lastObserved, lastSummary, lastError, now - unreachableSince.Value);
                    }

                    await Task.Delay(_timings.Poll, linked.Token).ConfigureAwait(false);
                    continue;
                }

                if (unreachableSince is not null)
                {
                    _logger.LogInformation("management cluster answers again after {Elapsed}", Duration.Format(TimeSpan.FromSeconds(Math.Round((DateTimeOffset.UtcNow - unreachableSince.Value).TotalSeconds))));
                    unreachableSince = null;
                    lastError = "";
                }

                if (live is null)
                {
                    return new WaitOutcome(WaitEnd.Disappeared, target, timeout, ClusterObservation.Pending, lastSummary, lastError, TimeSpan.Zero);
                }

                lastObserved = ClusterObservation.Of(live);
                var (done, summary) = ClusterProgress.Evaluate(live, target);
                if (summary != lastSummary || DateTimeOffset.UtcNow - lastLogged > TimeSpan.FromSeconds(30))
                {
                    _logger.LogInformation("waiting for cluster {Id} ({Target}): {Progress}", id, target, summary);
                    lastSummary = summary;
                    lastLogged = DateTimeOffset.UtcNow;
                }

                if (done)
                {
                    _logger.LogInformation("cluster {Id} reached {Target}: {Progress}", id, target, summary);
                    return new WaitOutcome(WaitEnd.Reached, target, timeout, lastObserved, lastSummary, lastError, TimeSpan.Zero);
                }

                // Watching from this first complete read on: any later change wakes the next read.
                watch ??= _timings.Watch ? ClusterChangeWatch.Start(_client, ns, name, ClusterChangeWatch.Watched(live), _timings, _logger, linked.Token) : null;
                await pacer.PauseAsync(watch, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            var end = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? WaitEnd.TimedOut : WaitEnd.Interrupted;
            if (end == WaitEnd.Interrupted) _logger.LogInformation("stop requested while waiting for cluster {Id}; returning the applied state", id);
            return new WaitOutcome(end, target, timeout, await ObserveAsync(ns, name, lastObserved).ConfigureAwait(false), lastSummary, lastError, TimeSpan.Zero);
        }
        finally
        {
            if (watch is not null) await watch.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A failure of the management cluster that may pass: no answer, a 5xx or 429, or a request timeout.</summary>
    private static bool IsTransient(Exception ex, CancellationToken waitToken) => ex switch
    {
        HttpRequestException => true,
        KubernetesApiException k => (int)k.StatusCode >= 500 || k.StatusCode == HttpStatusCode.TooManyRequests,
        OperationCanceledException => !waitToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// The failure in words of our own: the native build carries no framework message texts (only resource keys
    /// such as <c>net_http_ssl_connection_failed</c>), so the error kind and socket error are named instead.
    /// </summary>
    public static string Describe(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is OperationCanceledException) return "the request timed out";
        if (ex is not HttpRequestException h) return ex.Message;
        var what = h.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "could not connect",
            HttpRequestError.SecureConnectionError => "the TLS connection failed",
            HttpRequestError.NameResolutionError => "the host name did not resolve",
            HttpRequestError.ResponseEnded => "the connection closed before an answer",
            HttpRequestError.ProxyTunnelError => "the proxy tunnel failed",
            _ => "the request failed",
        };
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException socket) return $"{what} ({socket.SocketErrorCode})";
        }

        return what;
    }
}
