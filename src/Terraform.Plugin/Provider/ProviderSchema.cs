using Terraform.Plugin.Diagnostics;

namespace Terraform.Plugin.Provider;

/// <summary>Input of <see cref="IProvider.Schema"/>.</summary>
public sealed class ProviderSchemaRequest
{
}

/// <summary>The provider block's schema (empty when the provider takes no configuration).</summary>
public sealed class ProviderSchemaResponse
{
    public Schemas.Schema Schema { get; set; } = Schemas.Schema.Empty;

    public DiagnosticBag Diagnostics { get; } = new();
}
