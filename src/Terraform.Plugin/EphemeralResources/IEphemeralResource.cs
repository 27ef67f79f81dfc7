namespace Terraform.Plugin.EphemeralResources;

/// <summary>
/// An ephemeral resource type (Terraform 1.10+, <c>ephemeral "type" "name" { ... }</c>): something opened for the
/// duration of one plan or apply (a credential, a lease, a connection) whose result Terraform keeps in memory only;
/// it is never written to a state or plan file. Open is called whenever Terraform needs the value; Renew when the
/// <see cref="OpenEphemeralResourceResponse.RenewAt"/> time passes while it is still in use; Close when Terraform is
/// done with it. Optional capabilities are separate interfaces.
/// </summary>
public interface IEphemeralResource
{
    void Metadata(EphemeralResourceMetadataRequest request, EphemeralResourceMetadataResponse response);

    void Schema(EphemeralResourceSchemaRequest request, EphemeralResourceSchemaResponse response);

    /// <summary>
    /// <see cref="OpenEphemeralResourceResponse.Result"/> starts as the configuration (wholly known: Terraform does not
    /// open an ephemeral resource whose configuration is not); fill in the computed attributes.
    /// </summary>
    Task OpenAsync(OpenEphemeralResourceRequest request, OpenEphemeralResourceResponse response, CancellationToken cancellationToken);
}

/// <summary>Optional: receives the provider's <see cref="Provider.ConfigureProviderResponse.EphemeralResourceData"/>.</summary>
public interface IEphemeralResourceWithConfigure : IEphemeralResource
{
    void Configure(EphemeralResourceConfigureRequest request, EphemeralResourceConfigureResponse response);
}

/// <summary>Optional: cross-attribute configuration checks.</summary>
public interface IEphemeralResourceWithValidateConfig : IEphemeralResource
{
    Task ValidateConfigAsync(ValidateEphemeralResourceConfigRequest request, ValidateEphemeralResourceConfigResponse response, CancellationToken cancellationToken);
}

/// <summary>
/// Optional: extends what Open obtained (a lease, a token) before it expires. Terraform calls it once the
/// <c>RenewAt</c> time of Open (or of the previous Renew) has passed, with the private data they returned; the
/// result itself cannot change. Without this interface Renew answers with no error and no new time.
/// </summary>
public interface IEphemeralResourceWithRenew : IEphemeralResource
{
    Task RenewAsync(RenewEphemeralResourceRequest request, RenewEphemeralResourceResponse response, CancellationToken cancellationToken);
}

/// <summary>
/// Optional: releases what Open obtained (revokes a lease, closes a session) when Terraform no longer needs it, with
/// the private data of Open (or of the last Renew). Without this interface Close does nothing.
/// </summary>
public interface IEphemeralResourceWithClose : IEphemeralResource
{
    Task CloseAsync(CloseEphemeralResourceRequest request, CloseEphemeralResourceResponse response, CancellationToken cancellationToken);
}
