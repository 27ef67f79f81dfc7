using System.Diagnostics;
using System.Globalization;

namespace Nutanix.Http;

/// <summary>
/// What happened to one logical call inside the transient-fault pipeline: how many attempts were made, how they
/// failed and how long the whole call took. Put it on the request with <see cref="TransientFaults.Record"/> before
/// sending and read it afterwards, to tell the user what was retried and for how long. Thread-safe.
/// </summary>
public sealed class RetryRecord
{
    private readonly Lock _gate = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private int _attempts;
    private string? _lastFailure;

    /// <summary>HTTP attempts made so far.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The last transient failure seen (in our own words), or null.</summary>
    public string? LastFailure
    {
        get { lock (_gate) return _lastFailure; }
    }

    /// <summary>Time since the record was created (the call started).</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>
    /// "4 attempts over 12.5 s (HTTP 503 Service Unavailable ×3, HTTP 429 Too Many Requests ×1)"; "1 attempt" with
    /// nothing more when the call was not retried.
    /// </summary>
    public string Describe()
    {
        var attempts = Attempts;
        var text = string.Create(CultureInfo.InvariantCulture, $"{attempts} attempt{(attempts == 1 ? string.Empty : "s")} over {Elapsed.TotalSeconds:0.#} s");
        lock (_gate)
        {
            return _order.Count == 0 ? text : $"{text} ({string.Join(", ", _order.Select(f => $"{f} ×{_failures[f]}"))})";
        }
    }

    internal void CountAttempt() => Interlocked.Increment(ref _attempts);

    internal void Failed(string what)
    {
        lock (_gate)
        {
            _lastFailure = what;
            if (_failures.TryGetValue(what, out var n))
            {
                _failures[what] = n + 1;
            }
            else
            {
                _failures[what] = 1;
                _order.Add(what);
            }
        }
    }
}
