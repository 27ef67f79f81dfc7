// Entry point of terraform-provider-nutanix: hand the process to the plugin host.
using Terraform.Plugin.Hosting;
using TerraformProvider.Nutanix;

return await PluginHost.RunAsync(args, () => new NutanixProvider(), new PluginHostOptions
{
    ProviderAddress = ProviderIdentity.Address,
    Version = ProviderIdentity.Version,
    BinaryName = "terraform-provider-nutanix",
});
