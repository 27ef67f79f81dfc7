using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Resources;

/// <summary>Configuration, plan and prior state of a resource updated in place.</summary>
public sealed class UpdateRequest
{
    public required CtyValue Config { get; init; }

    public required CtyValue Plan { get; init; }

    public required CtyValue State { get; init; }

    public byte[]? Private { get; init; }
}

/// <summary>New state, pre-filled with the plan (and the private state, kept unless replaced); replace every unknown.</summary>
public sealed class UpdateResponse
{
    public UpdateResponse(CtyValue state) => State = state;

    public CtyValue State { get; set; }

    public byte[]? Private { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();
}
