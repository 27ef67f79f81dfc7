using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Paths;
using TerraformProvider.Nutanix.Cluster;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// <c>worker_pools[*].autoscaling</c> and <c>machine_health_check</c>: rendered as CAPI expects, read back into the same
/// arguments (an autoscaled pool's live replica count never reaches state, so refresh never fights the autoscaler),
/// and spec errors pointed at the attribute they are about.
/// </summary>
public sealed class WorkerPoolAutoscalingAndHealthCheckTests
{
    private static readonly PrismCentralEndpoint Endpoint = new("pc.example.test", 9440, false, null);

    private static ClusterConfig Config() => new()
    {
        Name = "demo",
        CloudAccountId = "gw-one/pc",
        KubernetesVersion = "v1.33.2",
        PrismElementCluster = "pe-cluster-a",
        Subnets = ["vlan-100-k8s"],
        Image = "ubuntu-2204-kube-v1.33.2",
        ControlPlane = new ControlPlaneConfig("10.10.100.10", 6443, 1, MachineConfig.Default),
        WorkerPools = new Dictionary<string, WorkerPoolConfig>
        {
            ["fixed"] = new(2, MachineConfig.Default, null, null),
            ["elastic"] = new(null, MachineConfig.Default, null, null, new AutoscalingConfig(1, 6)),
        },
        MachineHealthCheck = new HealthCheckConfig(true, "2", "15m", [new ConditionConfig("Ready", "False", "120s")]),
    };

    private static ClusterConfig Rebuilt(ClusterConfig config, Action<System.Text.Json.Nodes.JsonObject>? liveChange = null)
    {
        var live = ClusterMappingTests.LiveOf(ClusterSpecMapper.Render(config, "gw-one", null, Endpoint, PrismCredentials.Basic("admin", "pw")));
        foreach (var md in live.MachineDeployments) liveChange?.Invoke(md);
        return ClusterReconstruction.Reconstruct(live, prior: null);
    }

    [Fact]
    public void AutoscalingAndHealthCheck_RoundTripThroughTheLiveObjects()
    {
        var config = Config();
        var rebuilt = Rebuilt(config);

        Assert.Equal(config.ToCty("gw-one/demo", ClusterObservation.Pending, null), rebuilt.ToCty("gw-one/demo", ClusterObservation.Pending, null));
        Assert.Null(rebuilt.WorkerPools!["elastic"].Replicas);
        Assert.Equal(new AutoscalingConfig(1, 6), rebuilt.WorkerPools["elastic"].Autoscaling);
        Assert.True(config.MachineHealthCheck.SameAs(rebuilt.MachineHealthCheck));
    }

    [Fact]
    public void AnAutoscalerChangingTheCount_IsNoDrift()
    {
        // What CAPI and the autoscaler do to the live MachineDeployment: spec.replicas set, then changed.
        var rebuilt = Rebuilt(Config(), md =>
        {
            if ((string?)md["metadata"]!["name"] == "demo-elastic") md["spec"]!["replicas"] = 5;
        });

        Assert.Null(rebuilt.WorkerPools!["elastic"].Replicas);
        Assert.Equal(2, rebuilt.WorkerPools["fixed"].Replicas);
    }

    [Fact]
    public void RenderedManifests_CarryTheAnnotationsAndTheHealthCheckSettings()
    {
        var rendered = ClusterSpecMapper.Render(Config(), "gw-one", null, Endpoint, PrismCredentials.Basic("admin", "pw"));

        var md = rendered.Find("MachineDeployment", "demo-elastic")!;
        Assert.Null(md["spec"]!["replicas"]);
        Assert.Equal("1", (string?)md["metadata"]!["annotations"]!["cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size"]);
        Assert.Equal("6", (string?)md["metadata"]!["annotations"]!["cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"]);
        Assert.Equal(2, rendered.Find("MachineDeployment", "demo-fixed")!["spec"]!["replicas"]!.GetValue<int>());
        var mhc = rendered.Find("MachineHealthCheck", "demo-mhc")!["spec"]!;
        Assert.Equal(2, mhc["maxUnhealthy"]!.GetValue<int>());
        Assert.Equal("15m", (string?)mhc["nodeStartupTimeout"]);
        Assert.Equal("120s", (string?)mhc["unhealthyConditions"]![0]!["timeout"]);
        Assert.Null(ClusterSpecMapper.Render(Config() with { MachineHealthCheck = HealthCheckConfig.Default with { Enabled = false } }, "gw-one", null, Endpoint, PrismCredentials.Basic("admin", "pw"))
            .Find("MachineHealthCheck", "demo-mhc"));
    }

    [Fact]
    public void SpecErrors_PointAtTheirAttributes()
    {
        var config = Config() with
        {
            WorkerPools = new Dictionary<string, WorkerPoolConfig>
            {
                ["both"] = new(3, MachineConfig.Default, null, null, new AutoscalingConfig(1, 6)),
                ["neither"] = new(null, MachineConfig.Default, null, null),
                ["inverted"] = new(null, MachineConfig.Default, null, null, new AutoscalingConfig(4, 2)),
            },
            MachineHealthCheck = new HealthCheckConfig(true, "150%", "10m", [new ConditionConfig("Ready", "False", "soon")]),
        };

        var paths = ClusterSpecValidator.Validate(ClusterSpecMapper.ToSpec(config, "gw-one", Endpoint, PrismCredentials.Basic("admin", "pw")))
            .Select(e => SpecPaths.ToAttributePath(e.Path)).ToList();

        Assert.Contains(AttributePath.Root("worker_pools").ElementKey("both").Attribute("replicas"), paths);
        Assert.Contains(AttributePath.Root("worker_pools").ElementKey("neither").Attribute("replicas"), paths);
        Assert.Contains(AttributePath.Root("worker_pools").ElementKey("inverted").Attribute("autoscaling"), paths);
        Assert.Contains(AttributePath.Root("machine_health_check").Attribute("max_unhealthy"), paths);
        Assert.Contains(AttributePath.Root("machine_health_check").Attribute("unhealthy_node_conditions").ElementKey(0).Attribute("timeout"), paths);
        Assert.Equal(5, paths.Count);
    }

    [Fact]
    public void MachineFieldsSharedByAllMachines_PointAtTheTopLevelArguments()
    {
        var spec = ClusterSpecMapper.ToSpec(Config() with { Image = null }, "gw-one", Endpoint, PrismCredentials.Basic("admin", "pw"));

        var paths = ClusterSpecValidator.Validate(spec).Select(e => SpecPaths.ToAttributePath(e.Path)).Distinct().ToList();

        Assert.Equal([AttributePath.Root("image")], paths);
    }
}
