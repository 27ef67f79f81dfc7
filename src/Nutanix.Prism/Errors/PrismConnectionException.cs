namespace Nutanix.Prism;

/// <summary>
/// No usable HTTP answer: TLS not trusted (<see cref="PrismErrorKind.TlsUntrusted"/>), connection refused or host
/// unknown (<see cref="PrismErrorKind.ConnectionFailed"/>), or timed out (<see cref="PrismErrorKind.Timeout"/>).
/// </summary>
public sealed class PrismConnectionException : PrismException
{
    public PrismConnectionException(PrismErrorKind kind, string message, string address, int attempts, Exception? innerException)
        : base(kind, message, innerException)
    {
        Address = address;
        Attempts = attempts;
    }

    /// <summary><c>host:port</c> that was contacted.</summary>
    public string Address { get; }

    public int Attempts { get; }
}
