// Entry point of terraform-provider-nutanix: hand the process to the plugin host.
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Hosting;
using Terraform.Plugin.Logging;
using TerraformProvider.Nutanix;

const string binaryName = "terraform-provider-nutanix";

// Provider code logs through its own hclog writer on stderr (the plugin host does the same for the framework);
// Terraform merges both into its log when TF_LOG / TF_LOG_PROVIDER is set.
using var loggerFactory = new LoggerFactory(
    [new HclogLoggerProvider("provider." + binaryName, HclogLevel.FromEnvironment(Environment.GetEnvironmentVariable), Console.OpenStandardError())],
    new LoggerFilterOptions { MinLevel = LogLevel.Trace });

return await PluginHost.RunAsync(args, () => new NutanixProvider(loggerFactory), new PluginHostOptions
{
    ProviderAddress = ProviderIdentity.Address,
    Version = ProviderIdentity.Version,
    BinaryName = binaryName,
});
