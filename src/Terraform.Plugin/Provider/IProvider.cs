using Terraform.Plugin.DataSources;
using Terraform.Plugin.Resources;

namespace Terraform.Plugin.Provider;

/// <summary>
/// A Terraform provider: its name and version, its configuration schema, how it configures itself, and the
/// resource and data source types it offers. Optional capabilities are separate interfaces
/// (<see cref="IProviderWithValidateConfig"/>, <see cref="IProviderWithFunctions"/>).
/// </summary>
public interface IProvider
{
    void Metadata(ProviderMetadataRequest request, ProviderMetadataResponse response);

    void Schema(ProviderSchemaRequest request, ProviderSchemaResponse response);

    /// <summary>
    /// Called once per provider process with the provider block's configuration (which may contain unknown
    /// values during plan). Whatever is put in <see cref="ConfigureProviderResponse.ResourceData"/> /
    /// <see cref="ConfigureProviderResponse.DataSourceData"/> is handed to each resource / data source.
    /// </summary>
    Task ConfigureAsync(ConfigureProviderRequest request, ConfigureProviderResponse response, CancellationToken cancellationToken);

    /// <summary>Factories of the managed resource types; each call must return a fresh instance.</summary>
    IReadOnlyList<Func<IResource>> Resources();

    /// <summary>Factories of the data source types; each call must return a fresh instance.</summary>
    IReadOnlyList<Func<IDataSource>> DataSources();
}
