namespace TerraformProvider.Nutanix.Tests.EndToEnd;

/// <summary>Quotes a string for HCL.</summary>
internal static class Hcl
{
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("${", "$${", StringComparison.Ordinal) + "\"";
}
