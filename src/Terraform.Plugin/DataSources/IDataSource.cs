namespace Terraform.Plugin.DataSources;

/// <summary>A data source type: reads something and exposes it as computed attributes.</summary>
public interface IDataSource
{
    void Metadata(DataSourceMetadataRequest request, DataSourceMetadataResponse response);

    void Schema(DataSourceSchemaRequest request, DataSourceSchemaResponse response);

    /// <summary><see cref="ReadDataSourceResponse.State"/> starts as the configuration; fill in computed attributes.</summary>
    Task ReadAsync(ReadDataSourceRequest request, ReadDataSourceResponse response, CancellationToken cancellationToken);
}

/// <summary>Optional: receives the provider's <see cref="Provider.ConfigureProviderResponse.DataSourceData"/>.</summary>
public interface IDataSourceWithConfigure : IDataSource
{
    void Configure(DataSourceConfigureRequest request, DataSourceConfigureResponse response);
}

/// <summary>Optional: cross-attribute configuration checks.</summary>
public interface IDataSourceWithValidateConfig : IDataSource
{
    Task ValidateConfigAsync(ValidateDataSourceConfigRequest request, ValidateDataSourceConfigResponse response, CancellationToken cancellationToken);
}
