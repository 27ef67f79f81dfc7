namespace Nutanix.Simulator.Inventory;

/// <summary>
/// A Prism task. Its progress is a function of time (<see cref="StatusAt"/>): QUEUED, RUNNING, then SUCCEEDED
/// (or FAILED with <see cref="ErrorDetail"/>) once <see cref="CompletesAt"/> has passed.
/// </summary>
public sealed record PrismTask(
    string Uuid,
    string OperationType,
    string EntityKind,
    string EntityUuid,
    string EntityName,
    DateTimeOffset CreationTime,
    DateTimeOffset CompletesAt,
    string? ErrorDetail)
{
    public string StatusAt(DateTimeOffset now)
    {
        if (now >= CompletesAt) return ErrorDetail is null ? "SUCCEEDED" : "FAILED";
        var total = (CompletesAt - CreationTime).TotalMilliseconds;
        return (now - CreationTime).TotalMilliseconds < total / 4 ? "QUEUED" : "RUNNING";
    }

    public int PercentageAt(DateTimeOffset now)
    {
        if (now >= CompletesAt) return 100;
        var total = (CompletesAt - CreationTime).TotalMilliseconds;
        return total <= 0 ? 100 : (int)Math.Clamp((now - CreationTime).TotalMilliseconds * 100 / total, 0, 99);
    }
}
