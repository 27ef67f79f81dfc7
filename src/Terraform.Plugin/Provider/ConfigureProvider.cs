using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Provider;

/// <summary>The provider block's configuration as Terraform evaluated it.</summary>
public sealed class ConfigureProviderRequest
{
    /// <summary>Object conforming to the provider schema; may contain unknown values during plan.</summary>
    public required CtyValue Config { get; init; }

    public string TerraformVersion { get; init; } = "";

    /// <summary>Terraform can handle deferred responses.</summary>
    public bool DeferralAllowed { get; init; }
}

/// <summary>What configuration produced: data for resources, data sources and ephemeral resources, and diagnostics.</summary>
public sealed class ConfigureProviderResponse
{
    /// <summary>Handed to every resource implementing <see cref="Resources.IResourceWithConfigure"/>.</summary>
    public object? ResourceData { get; set; }

    /// <summary>Handed to every data source implementing <see cref="DataSources.IDataSourceWithConfigure"/>.</summary>
    public object? DataSourceData { get; set; }

    /// <summary>Handed to every ephemeral resource implementing <see cref="EphemeralResources.IEphemeralResourceWithConfigure"/>.</summary>
    public object? EphemeralResourceData { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();
}
