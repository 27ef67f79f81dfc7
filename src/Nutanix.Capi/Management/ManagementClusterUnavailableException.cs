using System.Globalization;
using Nutanix.Http;

namespace Nutanix.Capi.Management;

/// <summary>
/// The management cluster did not answer a request (connection failures, broken or timed-out attempts) for as long as
/// the retry budget allowed. An <see cref="HttpRequestException"/> (its <see cref="HttpRequestException.HttpRequestError"/>
/// that of the last failure), so callers treating "unreachable" alike keep doing so; the message, in our own words,
/// says what was tried and for how long.
/// </summary>
public sealed class ManagementClusterUnavailableException : HttpRequestException
{
    internal ManagementClusterUnavailableException(string verb, string path, Uri server, RetryRecord record, TransientRetryOptions retry, Exception inner)
        : base(
            Innermost(inner)?.HttpRequestError ?? HttpRequestError.Unknown,
            string.Create(CultureInfo.InvariantCulture,
                $"{verb} {path} on {server}: {record.LastFailure ?? TransientFaults.Describe(inner)}; {record.Describe()}, retried for up to {retry.TotalTimeout.TotalSeconds:0.#} s"),
            inner)
    {
        Verb = verb;
        Path = path;
        Attempts = record.Attempts;
        Elapsed = record.Elapsed;
        Budget = retry.TotalTimeout;
        LastFailure = record.LastFailure ?? TransientFaults.Describe(inner);
    }

    public string Verb { get; }

    public string Path { get; }

    /// <summary>HTTP attempts made.</summary>
    public int Attempts { get; }

    /// <summary>How long the call took, retries included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The retry budget (the provider's <c>request_timeout</c>).</summary>
    public TimeSpan Budget { get; }

    /// <summary>The last failure, in our own words ("could not connect (ConnectionRefused)", "no answer within 30 s").</summary>
    public string LastFailure { get; }

    private static HttpRequestException? Innermost(Exception exception)
    {
        HttpRequestException? found = null;
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException h)
            {
                found = h;
            }
        }

        return found;
    }
}
