namespace Terraform.Plugin.Provider;

/// <summary>Input of <see cref="IProvider.Metadata"/> (nothing yet; kept for forward compatibility).</summary>
public sealed class ProviderMetadataRequest
{
}

/// <summary>The provider's type name (e.g. <c>nutanix</c>, the prefix of every resource type) and version.</summary>
public sealed class ProviderMetadataResponse
{
    public string TypeName { get; set; } = "";

    public string Version { get; set; } = "";
}
