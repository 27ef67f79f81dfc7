using Microsoft.Extensions.Logging;
using Nutanix.Capi.Model;
using Terraform.Plugin.DataSources;
using Terraform.Plugin.Provider;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix;

/// <summary>The <c>nutanix</c> provider: its configuration block and the resource types it offers.</summary>
internal sealed class NutanixProvider(ILoggerFactory? loggerFactory = null, Func<string, string?>? getEnvironment = null) : IProvider
{
    private static readonly IValidator PositiveDuration = Validators.Custom("a positive duration such as \"30s\", \"2m\" or \"1h30m\"",
        v => Duration.TryParse(v.AsString(), out var d) && d > TimeSpan.Zero ? null : $"\"{v.AsString()}\" is not a positive duration such as \"30s\" or \"2m\"");

    private ProviderContext? _context;

    public void Metadata(ProviderMetadataRequest request, ProviderMetadataResponse response)
    {
        response.TypeName = ProviderIdentity.TypeName;
        response.Version = ProviderIdentity.Version;
    }

    public void Schema(ProviderSchemaRequest request, ProviderSchemaResponse response)
    {
        response.Schema = new Schema
        {
            MarkdownDescription = "Creates Kubernetes clusters on Nutanix through Cluster API, via a management cluster.",
            Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
            {
                ["kubeconfig_path"] = new StringAttribute
                {
                    Optional = true,
                    MarkdownDescription = "Path of the kubeconfig file of the management cluster that hosts the gateway. The kubeconfig is taken, in order, from " +
                        "`kubeconfig`, `kubeconfig_path`, `$NUTANIX_MGMT_KUBECONFIG`, `$KUBECONFIG` (first existing file of the list), `~/.kube/config`.",
                },
                ["kubeconfig"] = new StringAttribute
                {
                    Optional = true,
                    Sensitive = true,
                    MarkdownDescription = "Inline kubeconfig of the management cluster (takes precedence over `kubeconfig_path`).",
                },
                ["kubeconfig_context"] = new StringAttribute
                {
                    Optional = true,
                    MarkdownDescription = "Context to use from the kubeconfig. Defaults to its current context.",
                },
                ["request_timeout"] = new StringAttribute
                {
                    Optional = true,
                    MarkdownDescription = "Time allowed for each request to the management cluster, retries included, as a duration such as `30s` or `2m`. Defaults to `30s`. Answers 429/500/502/503/504, connection failures and attempts that time out are retried within it, with jittered exponential backoff or the server's `Retry-After`; a create (POST) is repeated only when the server declined it. While a cluster is awaited, the management cluster may also stay unreachable this long (an API server restart) before the wait fails.",
                    Validators = [PositiveDuration],
                },
                ["prism_request_timeout"] = new StringAttribute
                {
                    Optional = true,
                    MarkdownDescription = "Timeout of each request to Prism Central (retries come on top), as a duration such as `30s`. Defaults to `30s`.",
                    Validators = [PositiveDuration],
                },
            },
        };
    }

    public Task ConfigureAsync(ConfigureProviderRequest request, ConfigureProviderResponse response, CancellationToken cancellationToken)
    {
        var config = request.Config;
        // A kubeconfig produced by another resource is unknown during plan: configure anyway, and let resources
        // plan without contacting the management cluster.
        var known = new[] { "kubeconfig_path", "kubeconfig", "kubeconfig_context" }.All(n => config[n].IsKnown);
        var settings = new ProviderSettings
        {
            KubeconfigPath = StringOrNull(config["kubeconfig_path"]),
            Kubeconfig = StringOrNull(config["kubeconfig"]),
            KubeconfigContext = StringOrNull(config["kubeconfig_context"]),
            RequestTimeout = DurationOr(config["request_timeout"], ProviderSettings.DefaultRequestTimeout),
            PrismRequestTimeout = DurationOr(config["prism_request_timeout"], ProviderSettings.DefaultPrismRequestTimeout),
            IsKnown = known,
        };
        _context?.Dispose();
        _context = new ProviderContext(settings, loggerFactory, getEnvironment);
        response.ResourceData = _context;
        response.DataSourceData = _context;
        return Task.CompletedTask;
    }

    public IReadOnlyList<Func<IResource>> Resources() =>
    [
        () => new Resources.PcgResource(),
        () => new Resources.ClusterResource(),
        () => new Resources.CloudAccountResource(),
    ];

    public IReadOnlyList<Func<IDataSource>> DataSources() =>
    [
        () => new DataSources.PrismElementClusterDataSource(),
        () => new DataSources.SubnetDataSource(),
        () => new DataSources.ImageDataSource(),
    ];

    private static string? StringOrNull(CtyValue value) => value.IsKnown && !value.IsNull ? value.AsString() : null;

    private static TimeSpan DurationOr(CtyValue value, TimeSpan fallback) =>
        StringOrNull(value) is { } text && Duration.TryParse(text, out var d) && d > TimeSpan.Zero ? d : fallback;
}
