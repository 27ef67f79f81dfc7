// Test-only provider "fixture": exercises every attribute kind through the real terraform CLI.
using Terraform.Plugin.FixtureProvider;
using Terraform.Plugin.Hosting;

return await PluginHost.RunAsync(args, () => new FixtureProvider(), new PluginHostOptions
{
    ProviderAddress = FixtureProvider.Address,
    Version = "0.0.1",
});
