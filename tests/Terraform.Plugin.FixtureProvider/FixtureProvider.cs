using Terraform.Plugin.DataSources;
using Terraform.Plugin.EphemeralResources;
using Terraform.Plugin.Provider;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Schemas;

namespace Terraform.Plugin.FixtureProvider;

/// <summary>
/// Provider <c>fixture</c>. Objects live as JSON files in the directory named by <c>FIXTURE_STATE_DIR</c> (or
/// the provider's <c>state_dir</c> attribute), so Read and Import see real data.
/// </summary>
public sealed class FixtureProvider : IProviderWithEphemeralResources
{
    public const string Address = "registry.terraform.io/test/fixture";

    public void Metadata(ProviderMetadataRequest request, ProviderMetadataResponse response)
    {
        response.TypeName = "fixture";
        response.Version = "0.0.1";
    }

    public void Schema(ProviderSchemaRequest request, ProviderSchemaResponse response) => response.Schema = new Schema
    {
        Attributes = new Dictionary<string, Schemas.Attribute>
        {
            ["state_dir"] = new StringAttribute { Optional = true, Description = "Overrides FIXTURE_STATE_DIR." },
        },
    };

    public Task ConfigureAsync(ConfigureProviderRequest request, ConfigureProviderResponse response, CancellationToken cancellationToken)
    {
        var configured = request.Config["state_dir"];
        var dir = configured.IsKnown && !configured.IsNull ? configured.AsString() : Environment.GetEnvironmentVariable("FIXTURE_STATE_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            response.Diagnostics.AddError("No state directory", "Set FIXTURE_STATE_DIR or the provider's state_dir.");
            return Task.CompletedTask;
        }

        var store = new ThingStore(dir);
        response.ResourceData = store;
        response.DataSourceData = store;
        response.EphemeralResourceData = store;
        return Task.CompletedTask;
    }

    public IReadOnlyList<Func<IResource>> Resources() => [() => new ThingResource()];

    public IReadOnlyList<Func<IDataSource>> DataSources() => [() => new ThingDataSource()];

    public IReadOnlyList<Func<IEphemeralResource>> EphemeralResources() => [() => new SecretEphemeralResource()];
}
