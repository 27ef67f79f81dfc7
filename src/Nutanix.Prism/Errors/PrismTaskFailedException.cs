using Nutanix.Prism.Models;

namespace Nutanix.Prism;

/// <summary>A Prism Central task ended in FAILED, ABORTED or INVALID_UUID.</summary>
public sealed class PrismTaskFailedException : PrismException
{
    public PrismTaskFailedException(string message, PrismTask task)
        : base(PrismErrorKind.TaskFailed, message, null)
    {
        Task = task;
    }

    /// <summary>The task as last read, with <c>error_detail</c> and <c>progress_message</c>.</summary>
    public PrismTask Task { get; }
}
