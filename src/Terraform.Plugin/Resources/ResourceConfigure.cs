using Terraform.Plugin.Diagnostics;

namespace Terraform.Plugin.Resources;

/// <summary>Provider data; null until the provider was configured (e.g. during validation).</summary>
public sealed class ResourceConfigureRequest
{
    public object? ProviderData { get; init; }
}

public sealed class ResourceConfigureResponse
{
    public DiagnosticBag Diagnostics { get; } = new();
}
