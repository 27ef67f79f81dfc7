using Nutanix.Prism.Models;

namespace Nutanix.Prism;

/// <summary>A Prism Central task was still pending when the wait timeout ran out.</summary>
public sealed class PrismTaskTimeoutException : PrismException
{
    public PrismTaskTimeoutException(string message, string taskUuid, PrismTask? lastSeen)
        : base(PrismErrorKind.Timeout, message, null)
    {
        TaskUuid = taskUuid;
        LastSeen = lastSeen;
    }

    public string TaskUuid { get; }

    /// <summary>The task as last read before giving up, if it was read at all.</summary>
    public PrismTask? LastSeen { get; }
}
