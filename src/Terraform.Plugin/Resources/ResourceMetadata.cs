namespace Terraform.Plugin.Resources;

/// <summary>Gives the provider type name so resources can derive theirs.</summary>
public sealed class ResourceMetadataRequest
{
    public required string ProviderTypeName { get; init; }
}

/// <summary>The resource type name, e.g. <c>nutanix_cluster</c>.</summary>
public sealed class ResourceMetadataResponse
{
    public string TypeName { get; set; } = "";
}
