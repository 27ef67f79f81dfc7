namespace Nutanix.Simulator.Faults;

/// <summary>The live fault settings of one API (<c>prism</c> or <c>kube</c>) and the counters they need. Thread-safe.</summary>
public sealed class FaultInjector(string api)
{
    private readonly Lock _gate = new();
    private FaultSettings _settings = FaultSettings.None;
    private int _errorsInjected;
    private int _codeIndex;
    private long _requests;
    private int _matched;

    public string Api { get; } = api;

    public FaultSettings Settings
    {
        get { lock (_gate) return _settings; }
    }

    public bool IsDown
    {
        get { lock (_gate) return _settings.Down; }
    }

    /// <summary>Errors injected since the settings were last set.</summary>
    public int ErrorsInjected
    {
        get { lock (_gate) return _errorsInjected; }
    }

    public long Requests => Interlocked.Read(ref _requests);

    public void Set(FaultSettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
            _errorsInjected = 0;
            _codeIndex = 0;
            _matched = 0;
        }
    }

    public FaultDecision Decide() => Decide(null);

    /// <summary>The decision for one request; <paramref name="method"/> is matched against <see cref="FaultSettings.Methods"/>.</summary>
    public FaultDecision Decide(string? method)
    {
        Interlocked.Increment(ref _requests);
        lock (_gate)
        {
            var s = _settings;
            if (s.Down) return new FaultDecision(s.LatencyMs, true, null, 0);
            if (s.Methods is not null && (method is null || !s.Methods.Contains(method.ToUpperInvariant()))) return new FaultDecision(s.LatencyMs, false, null, 0);
            if (_matched++ < s.Skip) return new FaultDecision(s.LatencyMs, false, null, 0);
            var budgetLeft = s.ErrorCount is null || _errorsInjected < s.ErrorCount;
            var fail = budgetLeft && (s.ErrorRate > 0 ? Random.Shared.NextDouble() < s.ErrorRate : s.ErrorCount is > 0);
            if (!fail) return new FaultDecision(s.LatencyMs, false, null, 0);
            _errorsInjected++;
            var code = s.ErrorCodes[_codeIndex++ % s.ErrorCodes.Count];
            return new FaultDecision(s.LatencyMs, false, code, s.RetryAfterSeconds);
        }
    }
}
