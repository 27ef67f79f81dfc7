using Nutanix.Prism;
using Terraform.Plugin.DataSources;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.DataSources;

/// <summary>
/// <c>nutanix_subnet</c>: a subnet by name, optionally scoped to a Prism Element cluster. A name found on several
/// clusters without a scope is an error listing them.
/// </summary>
internal sealed class SubnetDataSource : PrismDataSource
{
    private static readonly Schema DataSchema = new()
    {
        MarkdownDescription = "Looks up a subnet by name, optionally on one Prism Element cluster.",
        Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
        {
            ["cloud_account_id"] = CloudAccountId,
            ["name"] = new StringAttribute { Required = true, MarkdownDescription = "Subnet name.", Validators = [AttributeChecks.NotEmpty] },
            ["prism_element_cluster"] = new StringAttribute
            {
                Optional = true,
                MarkdownDescription = "Name of the Prism Element cluster to look on; needed when the subnet name exists on several clusters.",
            },
            ["uuid"] = new StringAttribute { Computed = true, MarkdownDescription = "Subnet UUID; usable in `nutanix_cluster.subnets`." },
            ["cluster_uuid"] = new StringAttribute { Computed = true, MarkdownDescription = "UUID of the Prism Element cluster the subnet belongs to (null for subnets not bound to one cluster, such as overlay subnets)." },
            ["cluster_name"] = new StringAttribute { Computed = true, MarkdownDescription = "Name of that Prism Element cluster (null when `cluster_uuid` is)." },
            ["subnet_type"] = new StringAttribute { Computed = true, MarkdownDescription = "`VLAN` or `OVERLAY`." },
            ["vlan_id"] = new Int64Attribute { Computed = true, MarkdownDescription = "VLAN ID of a `VLAN` subnet (null otherwise)." },
            ["subnet_ip"] = new StringAttribute { Computed = true, MarkdownDescription = "Network address of the subnet's IP configuration, e.g. `10.10.100.0` (null when the subnet has no IP management)." },
            ["prefix_length"] = new Int64Attribute { Computed = true, MarkdownDescription = "Prefix length of the network, e.g. `24` (null when the subnet has no IP management)." },
            ["default_gateway_ip"] = new StringAttribute { Computed = true, MarkdownDescription = "Default gateway of the network (null when the subnet has no IP management)." },
        },
    };

    public override void Metadata(DataSourceMetadataRequest request, DataSourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_subnet";

    public override void Schema(DataSourceSchemaRequest request, DataSourceSchemaResponse response) => response.Schema = DataSchema;

    protected override async Task ReadAsync(PrismCentralClient prism, ReadDataSourceRequest request, ReadDataSourceResponse response, CancellationToken cancellationToken)
    {
        var name = request.Config["name"].AsString();
        var scope = Cty.StringOrNull(request.Config["prism_element_cluster"]);
        string? clusterUuid = null;
        if (scope is not null)
        {
            var cluster = await SingleAsync(response.Diagnostics, "prism_element_cluster", "Prism Element cluster", scope,
                await prism.FindPrismElementClustersByNameAsync(scope, cancellationToken).ConfigureAwait(false),
                async () => (await prism.ListPrismElementClustersAsync(null, cancellationToken).ConfigureAwait(false)).Select(c => c.Name),
                found => ("Ambiguous Prism Element cluster name", $"{found.Count} clusters are named \"{scope}\".")).ConfigureAwait(false);
            if (cluster is null) return;
            clusterUuid = cluster.Uuid;
        }

        var subnet = await SingleAsync(response.Diagnostics, "name", scope is null ? "subnet" : $"subnet on cluster {scope}", name,
            await prism.FindSubnetsByNameAsync(name, clusterUuid, cancellationToken).ConfigureAwait(false),
            async () => (await prism.ListAllSubnetsAsync(null, cancellationToken).ConfigureAwait(false))
                .Where(s => clusterUuid is null || s.ClusterReference?.Uuid == clusterUuid).Select(s => s.Name).Distinct(),
            found => ("Subnet name is ambiguous",
                $"Subnet \"{name}\" exists {found.Count} times: " +
                string.Join(", ", found.Select(s => $"on cluster {s.ClusterReference?.Name ?? "?"} (subnet uuid {s.Uuid})")) +
                ". Set prism_element_cluster to the cluster you mean.")).ConfigureAwait(false);
        if (subnet is null) return;

        var r = subnet.Resources;
        response.State = request.Config
            .WithAttribute("uuid", CtyValue.String(subnet.Uuid))
            .WithAttribute("cluster_uuid", Cty.StringOrNullValue(subnet.ClusterReference?.Uuid))
            .WithAttribute("cluster_name", Cty.StringOrNullValue(subnet.ClusterReference?.Name))
            .WithAttribute("subnet_type", Cty.StringOrNullValue(r?.SubnetType))
            .WithAttribute("vlan_id", Cty.Int64OrNullValue(r?.VlanId))
            .WithAttribute("subnet_ip", Cty.StringOrNullValue(r?.IpConfig?.SubnetIp))
            .WithAttribute("prefix_length", Cty.Int64OrNullValue(r?.IpConfig?.PrefixLength))
            .WithAttribute("default_gateway_ip", Cty.StringOrNullValue(r?.IpConfig?.DefaultGatewayIp));
    }
}
