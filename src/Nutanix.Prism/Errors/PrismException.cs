namespace Nutanix.Prism;

/// <summary>
/// Base of every failure the Prism Central client reports. <see cref="Exception.Message"/> is written for the
/// end user (says what to check or change) and never contains a password or API key.
/// </summary>
public abstract class PrismException : Exception
{
    protected PrismException(PrismErrorKind kind, string message, Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What went wrong, for callers that branch on it (e.g. not-found during Read → remove from state).</summary>
    public PrismErrorKind Kind { get; }
}
