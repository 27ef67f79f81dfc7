using Nutanix.Prism;
using Nutanix.Prism.Models;
using Terraform.Plugin.DataSources;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.DataSources;

/// <summary><c>nutanix_prism_element_cluster</c>: a Prism Element cluster by name → uuid and details.</summary>
internal sealed class PrismElementClusterDataSource : PrismDataSource
{
    private static readonly Schema DataSchema = new()
    {
        MarkdownDescription = "Looks up a Prism Element cluster registered with the account's Prism Central by name.",
        Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
        {
            ["cloud_account_id"] = CloudAccountId,
            ["name"] = new StringAttribute { Required = true, MarkdownDescription = "Cluster name.", Validators = [AttributeChecks.NotEmpty] },
            ["uuid"] = new StringAttribute { Computed = true, MarkdownDescription = "Cluster UUID; usable as `nutanix_cluster.prism_element_cluster`." },
            ["aos_version"] = new StringAttribute { Computed = true, MarkdownDescription = "AOS build version, e.g. `6.5.4.5`." },
            ["external_ip"] = new StringAttribute { Computed = true, MarkdownDescription = "The cluster's virtual (external) IP address (null when none is configured)." },
            ["hypervisor_ips"] = new ListAttribute { Computed = true, ElementType = CtyType.String, MarkdownDescription = "IP addresses of the cluster's hypervisor (AHV) hosts, in Prism Central's order." },
        },
    };

    public override void Metadata(DataSourceMetadataRequest request, DataSourceMetadataResponse response) =>
        response.TypeName = request.ProviderTypeName + "_prism_element_cluster";

    public override void Schema(DataSourceSchemaRequest request, DataSourceSchemaResponse response) => response.Schema = DataSchema;

    protected override async Task ReadAsync(PrismCentralClient prism, ReadDataSourceRequest request, ReadDataSourceResponse response, CancellationToken cancellationToken)
    {
        var name = request.Config["name"].AsString();
        var cluster = await SingleAsync(response.Diagnostics, "name", "Prism Element cluster", name,
            await prism.FindPrismElementClustersByNameAsync(name, cancellationToken).ConfigureAwait(false),
            async () => (await prism.ListPrismElementClustersAsync(null, cancellationToken).ConfigureAwait(false)).Select(c => c.Name),
            found => ("Ambiguous Prism Element cluster name",
                $"{found.Count} clusters are named \"{name}\": {string.Join(", ", found.Select(c => c.Uuid))}. Rename one in Prism Central.")).ConfigureAwait(false);
        if (cluster is null) return;

        var ips = cluster.Resources?.Nodes?.HypervisorServerList?.Select(h => h.Ip).OfType<string>() ?? [];
        response.State = request.Config
            .WithAttribute("uuid", CtyValue.String(cluster.Uuid))
            .WithAttribute("aos_version", Cty.StringOrNullValue(cluster.BuildVersion()))
            .WithAttribute("external_ip", Cty.StringOrNullValue(cluster.Resources?.Network?.ExternalIp))
            .WithAttribute("hypervisor_ips", CtyValue.List(CtyType.String, ips.Select(CtyValue.String)));
    }
}
