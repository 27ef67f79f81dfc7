using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.EphemeralResources;

/// <summary>Gives the provider type name so ephemeral resources can derive theirs.</summary>
public sealed class EphemeralResourceMetadataRequest
{
    public required string ProviderTypeName { get; init; }
}

/// <summary>The ephemeral resource type name, e.g. <c>example_token</c>.</summary>
public sealed class EphemeralResourceMetadataResponse
{
    public string TypeName { get; set; } = "";
}

/// <summary>Input of <see cref="IEphemeralResource.Schema"/>.</summary>
public sealed class EphemeralResourceSchemaRequest
{
}

/// <summary>The ephemeral resource's schema (no version: nothing of it is ever stored, so there is nothing to upgrade).</summary>
public sealed class EphemeralResourceSchemaResponse
{
    public Schemas.Schema Schema { get; set; } = Schemas.Schema.Empty;

    public DiagnosticBag Diagnostics { get; } = new();
}

/// <summary>Provider data; null until the provider was configured (e.g. during validation).</summary>
public sealed class EphemeralResourceConfigureRequest
{
    public object? ProviderData { get; init; }
}

public sealed class EphemeralResourceConfigureResponse
{
    public DiagnosticBag Diagnostics { get; } = new();
}

/// <summary>The ephemeral block's configuration (may contain unknown values).</summary>
public sealed class ValidateEphemeralResourceConfigRequest
{
    public required CtyValue Config { get; init; }
}

public sealed class ValidateEphemeralResourceConfigResponse
{
    public DiagnosticBag Diagnostics { get; } = new();
}

/// <summary>The ephemeral block's configuration and what Terraform supports.</summary>
public sealed class OpenEphemeralResourceRequest
{
    public required CtyValue Config { get; init; }

    /// <summary>Terraform accepts a deferred answer (<see cref="OpenEphemeralResourceResponse.Deferred"/>).</summary>
    public bool DeferralAllowed { get; init; }
}

/// <summary>What Open produced.</summary>
public sealed class OpenEphemeralResourceResponse
{
    public OpenEphemeralResourceResponse(CtyValue result) => Result = result;

    /// <summary>The value of the ephemeral resource; pre-filled with the configuration, must end wholly known.</summary>
    public CtyValue Result { get; set; }

    /// <summary>
    /// Opaque data Terraform keeps in memory and hands to Renew and Close (e.g. a lease id); never stored nor shown.
    /// </summary>
    public byte[]? Private { get; set; }

    /// <summary>When Terraform should call Renew if it still uses the value; null: never.</summary>
    public DateTimeOffset? RenewAt { get; set; }

    /// <summary>
    /// Set instead of a result when the resource cannot be opened yet (only when
    /// <see cref="OpenEphemeralResourceRequest.DeferralAllowed"/>); Terraform then treats the value as unknown.
    /// </summary>
    public DeferredReason? Deferred { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();
}

/// <summary>The private data of Open or of the previous Renew.</summary>
public sealed class RenewEphemeralResourceRequest
{
    public byte[]? Private { get; init; }
}

/// <summary>The next renewal time and private data (null: keep none; set <see cref="Private"/> to carry it on).</summary>
public sealed class RenewEphemeralResourceResponse
{
    public byte[]? Private { get; set; }

    public DateTimeOffset? RenewAt { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();
}

/// <summary>The private data of Open or of the last Renew.</summary>
public sealed class CloseEphemeralResourceRequest
{
    public byte[]? Private { get; init; }
}

public sealed class CloseEphemeralResourceResponse
{
    public DiagnosticBag Diagnostics { get; } = new();
}
