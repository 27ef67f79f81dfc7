namespace TerraformProvider.Nutanix.Plumbing;

/// <summary>The provider block cannot be used to reach the management cluster; the message names the attribute and the fix.</summary>
internal sealed class ProviderConfigurationException(string summary, string detail) : Exception(summary + ": " + detail)
{
    public string Summary { get; } = summary;

    public string Detail { get; } = detail;
}
