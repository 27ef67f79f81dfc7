using Microsoft.Extensions.Logging;
using Terraform.Plugin.DataSources;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.EphemeralResources;
using Terraform.Plugin.Functions;
using Terraform.Plugin.Provider;
using Terraform.Plugin.Resources;

namespace Terraform.Plugin.Server;

/// <summary>
/// Process-wide provider state behind the gRPC service: the provider instance, its catalogue of resource and
/// data source types with their schemas (built once), the data produced by ConfigureProvider, and the
/// StopProvider cancellation.
/// </summary>
public sealed class ProviderRuntime
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private Catalog? _catalog;
    private CancellationTokenSource _stop = new();

    public ProviderRuntime(IProvider provider, ILogger<ProviderRuntime> logger)
    {
        Provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _logger = logger;
    }

    public IProvider Provider { get; }

    internal object? ResourceData { get; private set; }

    internal object? DataSourceData { get; private set; }

    internal object? EphemeralResourceData { get; private set; }

    internal bool Configured { get; private set; }

    internal Catalog Types
    {
        get
        {
            lock (_gate) return _catalog ??= Catalog.Build(Provider, _logger);
        }
    }

    internal void SetConfigured(object? resourceData, object? dataSourceData, object? ephemeralResourceData)
    {
        ResourceData = resourceData;
        DataSourceData = dataSourceData;
        EphemeralResourceData = ephemeralResourceData;
        Configured = true;
    }

    /// <summary>A token cancelled by StopProvider (or by <paramref name="requestToken"/>).</summary>
    internal CancellationTokenSource Link(CancellationToken requestToken)
    {
        lock (_gate) return CancellationTokenSource.CreateLinkedTokenSource(requestToken, _stop.Token);
    }

    /// <summary>Cancels everything in flight; later requests get a fresh token.</summary>
    internal void Stop()
    {
        CancellationTokenSource old;
        lock (_gate)
        {
            old = _stop;
            _stop = new CancellationTokenSource();
        }

        _logger.LogInformation("StopProvider: cancelling in-flight operations");
        old.Cancel();
        old.Dispose();
    }

    internal IResource NewResource(ResourceEntry entry, DiagnosticBag diagnostics)
    {
        var resource = entry.Factory();
        if (resource is IResourceWithConfigure configurable)
        {
            var response = new ResourceConfigureResponse();
            configurable.Configure(new ResourceConfigureRequest { ProviderData = ResourceData }, response);
            diagnostics.AddRange(response.Diagnostics);
        }

        return resource;
    }

    internal IDataSource NewDataSource(DataSourceEntry entry, DiagnosticBag diagnostics)
    {
        var dataSource = entry.Factory();
        if (dataSource is IDataSourceWithConfigure configurable)
        {
            var response = new DataSourceConfigureResponse();
            configurable.Configure(new DataSourceConfigureRequest { ProviderData = DataSourceData }, response);
            diagnostics.AddRange(response.Diagnostics);
        }

        return dataSource;
    }

    internal IEphemeralResource NewEphemeralResource(EphemeralResourceEntry entry, DiagnosticBag diagnostics)
    {
        var ephemeral = entry.Factory();
        if (ephemeral is IEphemeralResourceWithConfigure configurable)
        {
            var response = new EphemeralResourceConfigureResponse();
            configurable.Configure(new EphemeralResourceConfigureRequest { ProviderData = EphemeralResourceData }, response);
            diagnostics.AddRange(response.Diagnostics);
        }

        return ephemeral;
    }

    internal sealed record ResourceEntry(string TypeName, Func<IResource> Factory, Schemas.Schema Schema);

    internal sealed record DataSourceEntry(string TypeName, Func<IDataSource> Factory, Schemas.Schema Schema);

    internal sealed record EphemeralResourceEntry(string TypeName, Func<IEphemeralResource> Factory, Schemas.Schema Schema);

    internal sealed record FunctionEntry(Func<IFunction> Factory, FunctionDefinition Definition);

    internal sealed class Catalog
    {
        public required string TypeName { get; init; }

        public required string Version { get; init; }

        public required Schemas.Schema ProviderSchema { get; init; }

        public required IReadOnlyDictionary<string, ResourceEntry> Resources { get; init; }

        public required IReadOnlyDictionary<string, DataSourceEntry> DataSources { get; init; }

        public required IReadOnlyDictionary<string, EphemeralResourceEntry> EphemeralResources { get; init; }

        public required IReadOnlyDictionary<string, FunctionEntry> Functions { get; init; }

        /// <summary>Problems defining the provider itself (duplicate names, schema errors).</summary>
        public required DiagnosticBag Diagnostics { get; init; }

        public static Catalog Build(IProvider provider, ILogger logger)
        {
            var diagnostics = new DiagnosticBag();
            var metadata = new ProviderMetadataResponse();
            provider.Metadata(new ProviderMetadataRequest(), metadata);
            var schema = new ProviderSchemaResponse();
            provider.Schema(new ProviderSchemaRequest(), schema);
            diagnostics.AddRange(schema.Diagnostics);
            SchemaChecks.Check("provider", schema.Schema, diagnostics);

            var resources = new Dictionary<string, ResourceEntry>(StringComparer.Ordinal);
            foreach (var factory in provider.Resources())
            {
                var resource = factory();
                var meta = new ResourceMetadataResponse();
                resource.Metadata(new ResourceMetadataRequest { ProviderTypeName = metadata.TypeName }, meta);
                var rs = new ResourceSchemaResponse();
                resource.Schema(new ResourceSchemaRequest(), rs);
                diagnostics.AddRange(rs.Diagnostics);
                SchemaChecks.Check("resource " + meta.TypeName, rs.Schema, diagnostics);
                if (!resources.TryAdd(meta.TypeName, new ResourceEntry(meta.TypeName, factory, rs.Schema)))
                {
                    diagnostics.AddError("Duplicate resource type", $"The provider defines resource type \"{meta.TypeName}\" more than once.");
                }
            }

            var dataSources = new Dictionary<string, DataSourceEntry>(StringComparer.Ordinal);
            foreach (var factory in provider.DataSources())
            {
                var dataSource = factory();
                var meta = new DataSourceMetadataResponse();
                dataSource.Metadata(new DataSourceMetadataRequest { ProviderTypeName = metadata.TypeName }, meta);
                var ds = new DataSourceSchemaResponse();
                dataSource.Schema(new DataSourceSchemaRequest(), ds);
                diagnostics.AddRange(ds.Diagnostics);
                SchemaChecks.Check("data source " + meta.TypeName, ds.Schema, diagnostics);
                if (!dataSources.TryAdd(meta.TypeName, new DataSourceEntry(meta.TypeName, factory, ds.Schema)))
                {
                    diagnostics.AddError("Duplicate data source type", $"The provider defines data source type \"{meta.TypeName}\" more than once.");
                }
            }

            var ephemeralResources = new Dictionary<string, EphemeralResourceEntry>(StringComparer.Ordinal);
            if (provider is IProviderWithEphemeralResources withEphemeral)
            {
                foreach (var factory in withEphemeral.EphemeralResources())
                {
                    var ephemeral = factory();
                    var meta = new EphemeralResourceMetadataResponse();
                    ephemeral.Metadata(new EphemeralResourceMetadataRequest { ProviderTypeName = metadata.TypeName }, meta);
                    var es = new EphemeralResourceSchemaResponse();
                    ephemeral.Schema(new EphemeralResourceSchemaRequest(), es);
                    diagnostics.AddRange(es.Diagnostics);
                    SchemaChecks.Check("ephemeral resource " + meta.TypeName, es.Schema, diagnostics);
                    SchemaChecks.CheckEphemeral("ephemeral resource " + meta.TypeName, es.Schema, diagnostics);
                    if (!ephemeralResources.TryAdd(meta.TypeName, new EphemeralResourceEntry(meta.TypeName, factory, es.Schema)))
                    {
                        diagnostics.AddError("Duplicate ephemeral resource type", $"The provider defines ephemeral resource type \"{meta.TypeName}\" more than once.");
                    }
                }
            }

            var functions = new Dictionary<string, FunctionEntry>(StringComparer.Ordinal);
            if (provider is IProviderWithFunctions withFunctions)
            {
                foreach (var factory in withFunctions.Functions())
                {
                    var definition = factory().Definition;
                    if (!functions.TryAdd(definition.Name, new FunctionEntry(factory, definition)))
                    {
                        diagnostics.AddError("Duplicate function", $"The provider defines function \"{definition.Name}\" more than once.");
                    }
                }
            }

            logger.LogDebug(
                "provider {ProviderType} {ProviderVersion}: {ResourceCount} resource types, {DataSourceCount} data sources, {EphemeralCount} ephemeral resource types, {FunctionCount} functions",
                metadata.TypeName, metadata.Version, resources.Count, dataSources.Count, ephemeralResources.Count, functions.Count);
            return new Catalog
            {
                TypeName = metadata.TypeName,
                Version = metadata.Version,
                ProviderSchema = schema.Schema,
                Resources = resources,
                DataSources = dataSources,
                EphemeralResources = ephemeralResources,
                Functions = functions,
                Diagnostics = diagnostics,
            };
        }
    }
}
