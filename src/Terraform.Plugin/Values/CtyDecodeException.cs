namespace Terraform.Plugin.Values;

/// <summary>Raised when wire data does not decode against the expected cty type. The message names the path.</summary>
public sealed class CtyDecodeException : Exception
{
    public CtyDecodeException()
    {
    }

    public CtyDecodeException(string message)
        : base(message)
    {
    }

    public CtyDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
