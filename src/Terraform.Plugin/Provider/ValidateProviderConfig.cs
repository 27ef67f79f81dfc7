using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Provider;

/// <summary>The provider block's configuration (may contain unknown values).</summary>
public sealed class ValidateProviderConfigRequest
{
    public required CtyValue Config { get; init; }
}

/// <summary>Problems found in the provider configuration.</summary>
public sealed class ValidateProviderConfigResponse
{
    public DiagnosticBag Diagnostics { get; } = new();
}
