namespace Nutanix.Prism.Http;

/// <summary>
/// Per-call bookkeeping that flows (via <see cref="AsyncLocal{T}"/>) from <see cref="PrismCentralClient"/> through
/// Refit into the handlers: the operation name for logs and the number of HTTP attempts made.
/// </summary>
internal sealed class PrismCallScope
{
    private static readonly AsyncLocal<PrismCallScope?> CurrentScope = new();
    private int _attempts;

    public PrismCallScope(string operation)
    {
        Operation = operation;
    }

    public static PrismCallScope? Current
    {
        get => CurrentScope.Value;
        set => CurrentScope.Value = value;
    }

    public string Operation { get; }

    public int Attempts => Volatile.Read(ref _attempts);

    public void CountAttempt() => Interlocked.Increment(ref _attempts);
}
