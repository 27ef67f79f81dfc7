namespace TerraformProvider.Nutanix.Tests.EndToEnd;

/// <summary>Quotes a string for HCL.</summary>
internal static class Hcl
{
    /// <summary>versions.tf mapping the local name <c>nutanix</c> to this provider's source address.</summary>
    public const string RequiredProviders = """
        terraform {
          required_providers {
            nutanix = { source = "nutanix-cloud-native/nutanix" }
          }
        }
        """;

    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("${", "$${", StringComparison.Ordinal) + "\"";
}
