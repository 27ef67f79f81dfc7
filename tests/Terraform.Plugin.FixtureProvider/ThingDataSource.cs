using Terraform.Plugin.DataSources;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.FixtureProvider;

/// <summary><c>fixture_thing_lookup</c>: reads a stored thing by id.</summary>
public sealed class ThingDataSource : IDataSourceWithConfigure
{
    private ThingStore? _store;

    public void Metadata(DataSourceMetadataRequest request, DataSourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_thing_lookup";

    public void Schema(DataSourceSchemaRequest request, DataSourceSchemaResponse response) => response.Schema = new Schema
    {
        Attributes = new Dictionary<string, Schemas.Attribute>
        {
            ["id"] = new StringAttribute { Required = true },
            ["found"] = new BoolAttribute { Computed = true },
            ["name"] = new StringAttribute { Computed = true },
        },
    };

    public void Configure(DataSourceConfigureRequest request, DataSourceConfigureResponse response) => _store = request.ProviderData as ThingStore;

    public Task ReadAsync(ReadDataSourceRequest request, ReadDataSourceResponse response, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            response.Diagnostics.AddError("Provider not configured", "The fixture provider has no state directory.");
            return Task.CompletedTask;
        }

        var stored = _store.Load(request.Config["id"].AsString(), ThingResource.ThingSchema.ImpliedType);
        response.State = response.State
            .WithAttribute("found", CtyValue.Bool(stored is not null))
            .WithAttribute("name", stored is null ? CtyValue.Null(CtyType.String) : stored["name"]);
        return Task.CompletedTask;
    }
}
