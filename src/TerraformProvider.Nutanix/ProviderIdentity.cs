namespace TerraformProvider.Nutanix;

/// <summary>Where this provider lives in the registry and which version this build is.</summary>
internal static class ProviderIdentity
{
    /// <summary>Registry namespace; the one place to change it.</summary>
    public const string Namespace = "nutanix-cloud-native";

    public const string TypeName = "nutanix";

    public const string Address = "registry.terraform.io/" + Namespace + "/" + TypeName;

    public static string Version { get; } =
        typeof(ProviderIdentity).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";
}
