using System.Text.Json.Nodes;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;
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

    private static readonly PrismCentralEndpoint Endpoint = new("pc.example.test", 9440, false, null);

    /// <summary>A shape with every quantity set: control plane with a data disk, one worker pool.</summary>
    private static ClusterConfig Spelled(string version, string cpMemory, string cpDisk, string dataDisk, string poolMemory) => Config() with
    {
        KubernetesVersion = version,
        ControlPlane = new ControlPlaneConfig("10.10.100.10", 6443, 1, MachineConfig.Default with
        {
            Memory = cpMemory,
            SystemDisk = cpDisk,
            DataDisks = [new DataDiskConfig(dataDisk, "Disk", "SCSI", null, null, null, null)],
        }),
        WorkerPools = new Dictionary<string, WorkerPoolConfig>
        {
            ["general"] = new(2, MachineConfig.Default with { Memory = poolMemory }, new Dictionary<string, string> { ["size"] = "1.0" }, null),
        },
    };

    private static CtyValue State(ClusterConfig config) =>
        config.ToCty("gw-one/demo", ClusterObservation.Pending, ClusterSpecMapper.RedactedYaml(ClusterSpecMapper.Render(config, "gw-one", null, Endpoint, PrismCredentials.Basic("u", "p"))));

    [Fact]
    public void EquivalentSpellingsPlanThePriorValue()
    {
        var state = State(Spelled("v1.33.2", "4Gi", "40Gi", "100Gi", "8Gi"));
        var plan = State(Spelled("1.33.2", "4096Mi", "40960Mi", "102400Mi", "8192Mi"));

        var planned = StateNormalizer.KeepPriorSpelling(plan, state);

        Assert.Equal("v1.33.2", planned["kubernetes_version"].AsString());
        Assert.Equal("4Gi", planned["control_plane"]["machine"]["memory"].AsString());
        Assert.Equal("40Gi", planned["control_plane"]["machine"]["system_disk"].AsString());
        Assert.Equal("100Gi", planned["control_plane"]["machine"]["data_disks"].Elements[0]["size"].AsString());
        Assert.Equal("8Gi", planned["worker_pools"]["general"]["machine"]["memory"].AsString());
        Assert.True(ClusterResource.ChangesOnlySettings(planned, state));
    }

    [Fact]
    public void DifferentValuesAndOtherStringsArePlannedAsConfigured()
    {
        // 4G is 4·10⁹ bytes, not 4Gi; a label "1.0" is not a quantity argument even though it parses as one.
        var state = State(Spelled("v1.33.2", "4Gi", "40Gi", "100Gi", "8Gi"));
        var configured = Spelled("v1.33.3", "4G", "40Gi", "100G", "8Gi") with
        {
            WorkerPools = new Dictionary<string, WorkerPoolConfig>
            {
                ["general"] = new(2, MachineConfig.Default with { Memory = "8Gi" }, new Dictionary<string, string> { ["size"] = "1" }, null),
            },
        };
        var plan = State(configured);

        var planned = StateNormalizer.KeepPriorSpelling(plan, state);

        Assert.Equal("v1.33.3", planned["kubernetes_version"].AsString());
        Assert.Equal("4G", planned["control_plane"]["machine"]["memory"].AsString());
        Assert.Equal("100G", planned["control_plane"]["machine"]["data_disks"].Elements[0]["size"].AsString());
        Assert.Equal("1", planned["worker_pools"]["general"]["labels"]["size"].AsString());
        Assert.False(ClusterResource.ChangesOnlySettings(planned, state));
    }

    [Fact]
    public void ImportThenPlanWithANonCanonicalSpellingChangesNothing()
    {
        // The cluster was applied from "4096Mi"/"40960Mi"; the live templates hold the canonical 4Gi/40Gi.
        var configured = Spelled("v1.33.2", "4096Mi", "40960Mi", "102400Mi", "8192Mi");
        var rendered = ClusterSpecMapper.Render(configured, "gw-one", null, Endpoint, PrismCredentials.Basic("u", "p"));
        var imported = Cty.Object(ClusterSchema.Type, new Dictionary<string, CtyValue> { ["id"] = CtyValue.String("gw-one/demo") });
        var state = ClusterResource.Refresh(ClusterMappingTests.LiveOf(rendered), "gw-one/demo", imported);
        Assert.Equal("4Gi", state["control_plane"]["machine"]["memory"].AsString());

        var plan = configured.ToCty("gw-one/demo", ClusterObservation.Pending, state["manifests"].AsString());
        var planned = StateNormalizer.KeepPriorSpelling(plan, state);

        foreach (var argument in new[] { "kubernetes_version", "control_plane", "worker_pools", "network" })
        {
            Assert.True(planned[argument].Equals(state[argument]), argument);
        }
    }

    [Fact]
    public void RefreshIgnoresARespelledLiveQuantityButReportsARealChange()
    {
        var configured = Spelled("v1.33.2", "4Gi", "40Gi", "100Gi", "8Gi");
        var rendered = ClusterSpecMapper.Render(configured, "gw-one", null, Endpoint, PrismCredentials.Basic("u", "p"));
        var prior = State(configured);
        var cpTemplate = rendered.Names.ControlPlaneMachineTemplate;

        // Someone rewrote the template with other spellings of the same sizes: no drift.
        var live = ClusterMappingTests.LiveOf(rendered);
        var spec = (JsonObject)live.MachineTemplates[cpTemplate]["spec"]!["template"]!["spec"]!;
        spec["systemDiskSize"] = "40960Mi";
        spec["memorySize"] = "4096Mi";
        var refreshed = ClusterResource.Refresh(live, "gw-one/demo", prior);
        Assert.True(prior["control_plane"].Equals(refreshed["control_plane"]));

        // A different size (40G = 40·10⁹ bytes, less than 40Gi) is drift and shows.
        live = ClusterMappingTests.LiveOf(rendered);
        ((JsonObject)live.MachineTemplates[cpTemplate]["spec"]!["template"]!["spec"]!)["systemDiskSize"] = "40G";
        refreshed = ClusterResource.Refresh(live, "gw-one/demo", prior);
        Assert.Equal("40G", refreshed["control_plane"]["machine"]["system_disk"].AsString());
    }

    [Fact]
    public void OnlyWaitForAndTimeoutsChangingIsAStateOnlyUpdate()
    {
        var state = State(Config());
        var plan = state.WithAttribute("wait_for", CtyValue.String("none"))
            .WithAttribute("timeouts", Cty.Object(ClusterSchema.Timeouts.ObjectType, new Dictionary<string, CtyValue>
            {
                ["create"] = CtyValue.String("90m"),
                ["update"] = CtyValue.Null(CtyType.String),
                ["delete"] = CtyValue.Null(CtyType.String),
            }));
        Assert.True(ClusterResource.IsStateOnlyUpdate(plan, state));

        // Manifests rendered differently (a provider upgrade) must be applied.
        Assert.False(ClusterResource.IsStateOnlyUpdate(plan.WithAttribute("manifests", CtyValue.String("other")), state));

        // Any argument that reaches the objects is a real update.
        var scaled = plan.WithAttribute("control_plane", plan["control_plane"].WithAttribute("replicas", CtyValue.Number(3)));
        Assert.False(ClusterResource.IsStateOnlyUpdate(scaled, state));
    }

    [Fact]
    public void TheCrdDefaultedDeviceIndexIsNotDrift()
    {
        // The API server defaults deviceIndex to 0 on a disk configured without one.
        var configured = Spelled("v1.33.2", "4Gi", "40Gi", "100Gi", "8Gi");
        var rendered = ClusterSpecMapper.Render(configured, "gw-one", null, Endpoint, PrismCredentials.Basic("u", "p"));
        var live = ClusterMappingTests.LiveOf(rendered);
        var disk = (JsonObject)live.MachineTemplates[rendered.Names.ControlPlaneMachineTemplate]["spec"]!["template"]!["spec"]!["dataDisks"]![0]!;
        disk["deviceProperties"]!["deviceIndex"] = 0;

        var refreshed = ClusterResource.Refresh(live, "gw-one/demo", State(configured));
        Assert.True(refreshed["control_plane"]["machine"]["data_disks"].Elements[0]["device_index"].IsNull);
        var imported = ClusterResource.Refresh(live, "gw-one/demo", Cty.Object(ClusterSchema.Type, new Dictionary<string, CtyValue> { ["id"] = CtyValue.String("gw-one/demo") }));
        Assert.True(imported["control_plane"]["machine"]["data_disks"].Elements[0]["device_index"].IsNull);

        // Configured as 0 explicitly: it stays 0; any other live index is reported.
        var explicitZero = configured with { ControlPlane = configured.ControlPlane with { Machine = configured.ControlPlane.Machine with { DataDisks = [new DataDiskConfig("100Gi", "Disk", "SCSI", 0, null, null, null)] } } };
        Assert.Equal(0, Number(ClusterResource.Refresh(live, "gw-one/demo", State(explicitZero))["control_plane"]["machine"]["data_disks"].Elements[0]["device_index"]));
        disk["deviceProperties"]!["deviceIndex"] = 2;
        Assert.Equal(2, Number(ClusterResource.Refresh(live, "gw-one/demo", State(configured))["control_plane"]["machine"]["data_disks"].Elements[0]["device_index"]));
    }

    private static long Number(CtyValue v) => v.AsNumber().TryGetInt64(out var n) ? n : -1;
}
