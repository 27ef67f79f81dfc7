namespace Terraform.Plugin.Provider;

/// <summary>Optional: cross-attribute checks of the provider block beyond per-attribute validators.</summary>
public interface IProviderWithValidateConfig : IProvider
{
    Task ValidateConfigAsync(ValidateProviderConfigRequest request, ValidateProviderConfigResponse response, CancellationToken cancellationToken);
}
