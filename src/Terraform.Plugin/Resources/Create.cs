using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Resources;

/// <summary>Configuration (including write-only values) and the plan of a resource to create.</summary>
public sealed class CreateRequest
{
    public required CtyValue Config { get; init; }

    public required CtyValue Plan { get; init; }
}

/// <summary>
/// New state, pre-filled with the plan. Every unknown must be replaced by a known value; known planned values
/// must be kept. Write-only attributes are nulled by the server.
/// </summary>
public sealed class CreateResponse
{
    public CreateResponse(CtyValue state) => State = state;

    public CtyValue State { get; set; }

    /// <summary>Opaque provider-private data stored alongside the state.</summary>
    public byte[]? Private { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();
}
