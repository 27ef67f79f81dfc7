using Terraform.Plugin.DataSources;
using Terraform.Plugin.Provider;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using Tfplugin6;

namespace Terraform.Plugin.Tests.Server;

/// <summary>Schema mistakes surface as GetProviderSchema errors naming the attribute, before Terraform sees them.</summary>
public sealed class SchemaChecksTests
{
    [Fact]
    public async Task InvalidSchemas_AreReportedPerAttribute()
    {
        var broken = new Schemas.Schema
        {
            Attributes = new Dictionary<string, Schemas.Attribute>
            {
                ["no_flags"] = new StringAttribute(),
                ["both"] = new StringAttribute { Required = true, Computed = true },
                ["default_not_computed"] = new StringAttribute { Optional = true, Default = CtyValue.String("x") },
                ["BadName"] = new StringAttribute { Optional = true },
                ["tags"] = new SetNestedAttribute
                {
                    Optional = true,
                    Attributes = new Dictionary<string, Schemas.Attribute> { ["secret"] = new StringAttribute { Optional = true, WriteOnly = true } },
                },
                ["fine"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("ok") },
            },
            Blocks = new Dictionary<string, Block> { ["rules"] = new() { Nesting = BlockNesting.List, MinItems = 3, MaxItems = 1 } },
        };

        await using var server = await InProcessServer.StartAsync(() => new OneResourceProvider(broken));
        var response = await server.Client.GetProviderSchemaAsync(new GetProviderSchema.Types.Request());
        var details = response.Diagnostics.Select(d => d.Detail).ToList();
        Assert.All(response.Diagnostics, d => Assert.Equal(Diagnostic.Types.Severity.Error, d.Severity));
        Assert.Contains(details, d => d.Contains("attribute no_flags", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("attribute both", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("attribute default_not_computed", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("attribute BadName", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("attribute tags.secret", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("block rules", StringComparison.Ordinal));
        Assert.DoesNotContain(details, d => d.Contains("attribute fine", StringComparison.Ordinal));
        Assert.All(details, d => Assert.StartsWith("resource one_thing", d, StringComparison.Ordinal));
    }

    private sealed class OneResourceProvider(Schemas.Schema schema) : IProvider
    {
        public void Metadata(ProviderMetadataRequest request, ProviderMetadataResponse response) => response.TypeName = "one";

        public void Schema(ProviderSchemaRequest request, ProviderSchemaResponse response)
        {
        }

        public Task ConfigureAsync(ConfigureProviderRequest request, ConfigureProviderResponse response, CancellationToken cancellationToken) => Task.CompletedTask;

        public IReadOnlyList<Func<IResource>> Resources() => [() => new Thing(schema)];

        public IReadOnlyList<Func<IDataSource>> DataSources() => [];
    }

    private sealed class Thing(Schemas.Schema schema) : IResource
    {
        public void Metadata(ResourceMetadataRequest request, ResourceMetadataResponse response) => response.TypeName = "one_thing";

        public void Schema(ResourceSchemaRequest request, ResourceSchemaResponse response) => response.Schema = schema;

        public Task CreateAsync(CreateRequest request, CreateResponse response, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ReadAsync(ReadRequest request, ReadResponse response, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeleteAsync(DeleteRequest request, DeleteResponse response, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
