using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Resources;

/// <summary>
/// Upgrades state from one older schema version straight to the current one. With <see cref="PriorSchema"/> the
/// stored JSON is decoded for you (<see cref="UpgradeStateRequest.PriorState"/>); without it, work from
/// <see cref="UpgradeStateRequest.RawStateJson"/>.
/// </summary>
public sealed class StateUpgrader
{
    public Schemas.Schema? PriorSchema { get; init; }

    public required Func<UpgradeStateRequest, UpgradeStateResponse, CancellationToken, Task> Upgrade { get; init; }
}

/// <summary>The stored state of an older version.</summary>
public sealed class UpgradeStateRequest
{
    public required long FromVersion { get; init; }

    /// <summary>The state decoded with <see cref="StateUpgrader.PriorSchema"/>, when one was given.</summary>
    public CtyValue? PriorState { get; init; }

    /// <summary>The state exactly as stored (cty JSON of the old schema).</summary>
    public ReadOnlyMemory<byte> RawStateJson { get; init; }
}

/// <summary>Set <see cref="State"/> to the state in the current schema.</summary>
public sealed class UpgradeStateResponse
{
    public CtyValue? State { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();
}
