using Terraform.Plugin.DataSources;
using Terraform.Plugin.Provider;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix;

/// <summary>The <c>nutanix</c> provider: its configuration block and the resource types it offers.</summary>
internal sealed class NutanixProvider : IProvider
{
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
                    MarkdownDescription = "Path of the kubeconfig file of the management cluster. Defaults to `$KUBECONFIG`, then `~/.kube/config`.",
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
                    MarkdownDescription = "Timeout of each request to the management cluster, as a duration such as `30s` or `2m`. Defaults to `30s`.",
                    Validators = [Validators.Custom("a positive duration such as \"30s\", \"2m\" or \"1h30m\"",
                        v => Duration.TryParse(v.AsString(), out var d) && d > TimeSpan.Zero ? null : $"\"{v.AsString()}\" is not a positive duration")],
                },
            },
        };
    }

    public Task ConfigureAsync(ConfigureProviderRequest request, ConfigureProviderResponse response, CancellationToken cancellationToken)
    {
        var config = request.Config;
        var settings = new ProviderSettings
        {
            KubeconfigPath = StringOrNull(config["kubeconfig_path"]),
            Kubeconfig = StringOrNull(config["kubeconfig"]),
            KubeconfigContext = StringOrNull(config["kubeconfig_context"]),
            RequestTimeout = StringOrNull(config["request_timeout"]) is { } t && Duration.TryParse(t, out var d) ? d : ProviderSettings.DefaultRequestTimeout,
        };
        response.ResourceData = settings;
        response.DataSourceData = settings;
        return Task.CompletedTask;
    }

    public IReadOnlyList<Func<IResource>> Resources() => [];

    public IReadOnlyList<Func<IDataSource>> DataSources() => [];

    private static string? StringOrNull(CtyValue value) => value.IsKnown && !value.IsNull ? value.AsString() : null;
}
