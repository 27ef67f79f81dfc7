using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Resources;

/// <summary>The state to refresh.</summary>
public sealed class ReadRequest
{
    public required CtyValue State { get; init; }

    public byte[]? Private { get; init; }
}

/// <summary>Refreshed state, pre-filled with the current state.</summary>
public sealed class ReadResponse
{
    public ReadResponse(CtyValue state) => State = state;

    public CtyValue State { get; set; }

    public byte[]? Private { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>The remote object no longer exists: Terraform drops it from state and plans to recreate it.</summary>
    public void RemoveResource() => State = CtyValue.Null(State.Type);
}
