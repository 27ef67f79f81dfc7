using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.DataSources;

/// <summary>Gives the provider type name so data sources can derive theirs.</summary>
public sealed class DataSourceMetadataRequest
{
    public required string ProviderTypeName { get; init; }
}

/// <summary>The data source type name.</summary>
public sealed class DataSourceMetadataResponse
{
    public string TypeName { get; set; } = "";
}

/// <summary>Input of <see cref="IDataSource.Schema"/>.</summary>
public sealed class DataSourceSchemaRequest
{
}

/// <summary>The data source's schema.</summary>
public sealed class DataSourceSchemaResponse
{
    public Schemas.Schema Schema { get; set; } = Schemas.Schema.Empty;

    public DiagnosticBag Diagnostics { get; } = new();
}

/// <summary>Provider data; null until the provider was configured.</summary>
public sealed class DataSourceConfigureRequest
{
    public object? ProviderData { get; init; }
}

public sealed class DataSourceConfigureResponse
{
    public DiagnosticBag Diagnostics { get; } = new();
}

/// <summary>The data block's configuration (wholly known when Read is called).</summary>
public sealed class ReadDataSourceRequest
{
    public required CtyValue Config { get; init; }
}

/// <summary>Result, pre-filled with the configuration; must be wholly known.</summary>
public sealed class ReadDataSourceResponse
{
    public ReadDataSourceResponse(CtyValue state) => State = state;

    public CtyValue State { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();
}

/// <summary>The data block's configuration (may contain unknown values).</summary>
public sealed class ValidateDataSourceConfigRequest
{
    public required CtyValue Config { get; init; }
}

public sealed class ValidateDataSourceConfigResponse
{
    public DiagnosticBag Diagnostics { get; } = new();
}
