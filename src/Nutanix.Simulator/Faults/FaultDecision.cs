namespace Nutanix.Simulator.Faults;

/// <summary>What to do with one request under the current <see cref="FaultSettings"/>.</summary>
public readonly record struct FaultDecision(int LatencyMs, bool Abort, int? ErrorCode, int RetryAfterSeconds);
