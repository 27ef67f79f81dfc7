using Terraform.Plugin.Diagnostics;

namespace Terraform.Plugin.Resources;

/// <summary>Input of <see cref="IResource.Schema"/>.</summary>
public sealed class ResourceSchemaRequest
{
}

/// <summary>The resource's schema.</summary>
public sealed class ResourceSchemaResponse
{
    public Schemas.Schema Schema { get; set; } = Schemas.Schema.Empty;

    public DiagnosticBag Diagnostics { get; } = new();
}
