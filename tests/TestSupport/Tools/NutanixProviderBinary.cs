namespace TestSupport.Tools;

/// <summary>The provider under test, published once per run.</summary>
public static class NutanixProviderBinary
{
    /// <summary>The AOT-published <c>terraform-provider-nutanix</c>.</summary>
    public static Task<string> PublishAsync() =>
        PublishedBinary.GetAsync("src/TerraformProvider.Nutanix/TerraformProvider.Nutanix.csproj", "terraform-provider-nutanix", nativeAot: true);
}
