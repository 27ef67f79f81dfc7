using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Resources;

/// <summary>The resource block's configuration (may contain unknown values).</summary>
public sealed class ValidateResourceConfigRequest
{
    public required CtyValue Config { get; init; }
}

public sealed class ValidateResourceConfigResponse
{
    public DiagnosticBag Diagnostics { get; } = new();
}
