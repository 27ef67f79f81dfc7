using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Resources;

/// <summary>State of a resource of another type (possibly another provider) being moved to this type.</summary>
public sealed class MoveStateRequest
{
    public required string SourceProviderAddress { get; init; }

    public required string SourceTypeName { get; init; }

    public required long SourceSchemaVersion { get; init; }

    /// <summary>The source state as stored (cty JSON of the source schema).</summary>
    public required ReadOnlyMemory<byte> SourceStateJson { get; init; }

    public byte[]? SourcePrivate { get; init; }
}

/// <summary>Set <see cref="TargetState"/> (current schema of this type) to accept the move.</summary>
public sealed class MoveStateResponse
{
    public CtyValue? TargetState { get; set; }

    public byte[]? TargetPrivate { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();
}
