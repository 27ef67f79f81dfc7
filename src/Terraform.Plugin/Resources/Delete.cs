using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Resources;

/// <summary>The state of the resource to destroy.</summary>
public sealed class DeleteRequest
{
    public required CtyValue State { get; init; }

    public byte[]? Private { get; init; }
}

public sealed class DeleteResponse
{
    public DiagnosticBag Diagnostics { get; } = new();
}
