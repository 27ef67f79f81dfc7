using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Cluster;
using TerraformProvider.Nutanix.Resources;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>Validate- and plan-time rules of <c>nutanix_cluster</c> that need no management cluster.</summary>
public sealed class ClusterPlanningTests
{
    private static ClusterConfig Config(string podCidr = "10.42.0.0/16", string serviceCidr = "10.43.0.0/16") => new()
    {
        Name = "demo",
        CloudAccountId = "gw-one/pc",
        KubernetesVersion = "v1.33.2",
        PrismElementCluster = "pe-cluster-a",
        Subnets = ["vlan-100-k8s"],
        Image = "ubuntu-2204-kube-v1.33.2",
        ControlPlane = new ControlPlaneConfig("10.10.100.10", 6443, 1, MachineConfig.Default),
        WorkerPools = new Dictionary<string, WorkerPoolConfig> { ["general"] = new(2, MachineConfig.Default, null, null) },
        Network = new NetworkConfig(podCidr, serviceCidr, "cluster.local"),
    };

    private static async Task<ValidateResourceConfigResponse> Validate(CtyValue config)
    {
        var response = new ValidateResourceConfigResponse();
        await new ClusterResource().ValidateConfigAsync(new ValidateResourceConfigRequest { Config = config }, response, CancellationToken.None);
        return response;
    }

    [Theory]
    [InlineData("10.42.0.0/16", "10.42.128.0/20")]   // service range inside the pod range
    [InlineData("10.42.8.0/24", "10.42.0.0/16")]     // pod range inside the service range
    [InlineData("10.42.0.0/16", "10.42.0.0/16")]     // the same range twice
    [InlineData("fd00:10::/56", "fd00:10:0:80::/108")]
    public async Task OverlappingPodAndServiceCidrsAreRejectedAtServiceCidr(string pod, string service)
    {
        var response = await Validate(Config(pod, service).ToCty("gw-one/demo", ClusterObservation.Pending, null));

        var error = Assert.Single(response.Diagnostics);
        Assert.Equal(AttributePath.Root("network").Attribute("service_cidr"), error.Path);
        Assert.Contains($"network.service_cidr \"{service}\"", error.Detail, StringComparison.Ordinal);
        Assert.Contains($"network.pod_cidr \"{pod}\"", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServiceCidrInsideTheDefaultPodCidrIsRejected()
    {
        // Only service_cidr is set: the pod range is the default 172.20.0.0/16.
        var value = Config(serviceCidr: "172.20.64.0/18").ToCty("gw-one/demo", ClusterObservation.Pending, null);
        value = value.WithAttribute("network", value["network"].WithAttribute("pod_cidr", CtyValue.Null(CtyType.String)));

        var error = Assert.Single((await Validate(value)).Diagnostics);
        Assert.Equal(AttributePath.Root("network").Attribute("service_cidr"), error.Path);
        Assert.Contains(ClusterSchema.DefaultPodCidr, error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.42.0.0/16", "10.43.0.0/16")]
    [InlineData("10.42.0.0/24", "10.42.1.0/24")]     // adjacent, not overlapping
    [InlineData("10.42.0.0/16", "fd00:10::/108")]    // different address families never overlap
    public async Task DisjointCidrsAreAccepted(string pod, string service)
    {
        Assert.Empty((await Validate(Config(pod, service).ToCty("gw-one/demo", ClusterObservation.Pending, null))).Diagnostics);
    }

    [Fact]
    public async Task AnUnknownCidrIsNotJudgedYet()
    {
        var value = Config("10.42.0.0/16", "10.42.0.0/16").ToCty("gw-one/demo", ClusterObservation.Pending, null);
        value = value.WithAttribute("network", value["network"].WithAttribute("service_cidr", CtyValue.Unknown(CtyType.String)));
        Assert.Empty((await Validate(value)).Diagnostics);
    }
}
