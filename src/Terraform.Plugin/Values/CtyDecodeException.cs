namespace Terraform.Plugin.Values;

/// <summary>
/// Raised when wire data does not decode against the expected cty type. The message names the path, e.g.
/// <c>.control_plane.replicas: number required</c>; <see cref="Path"/> and <see cref="Reason"/> give the parts.
/// </summary>
public sealed class CtyDecodeException : Exception
{
    public CtyDecodeException()
    {
    }

    public CtyDecodeException(string message)
        : base(message)
    {
        Reason = message;
    }

    public CtyDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    internal CtyDecodeException(string message, string reason, IReadOnlyList<CtyPathStep> path)
        : base(message)
    {
        Reason = reason;
        Path = path;
    }

    /// <summary>Where in the value the problem is; empty for the root.</summary>
    public IReadOnlyList<CtyPathStep> Path { get; } = [];

    /// <summary>The message without the path prefix.</summary>
    public string Reason { get; } = string.Empty;
}
