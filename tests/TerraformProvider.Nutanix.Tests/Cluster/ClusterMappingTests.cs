using System.Text;
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

/// <summary>Schema ↔ domain mapping: render, rebuild from the live objects, normalise, redact.</summary>
public sealed class ClusterMappingTests
{
    private const string Password = "S3cret-Pa55word!";
    private static readonly PrismCentralEndpoint Endpoint = new("pc.example.test", 9440, false, null);

    internal static ClusterConfig Sample() => new()
    {
        Name = "demo",
        CloudAccountId = "gw-one/pc",
        PcgId = "gw-one/gw-one",
        KubernetesVersion = "v1.33.2",
        PrismElementCluster = "pe-cluster-a",
        Subnets = ["vlan-100-k8s", "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"],
        Image = "ubuntu-2204-kube-v1.33.2",
        ControlPlane = new ControlPlaneConfig("10.10.100.10", 6443, 3, new MachineConfig(
            2, 2, "8Gi", "60Gi", "uefi", "team-platform",
            new Dictionary<string, string> { ["AppType"] = "Kubernetes" },
            [new DataDiskConfig("100Gi", "Disk", "SCSI", 1, "Standard", "default-container", null)],
            ["4321", "Tesla T4"])),
        WorkerPools = new Dictionary<string, WorkerPoolConfig>
        {
            ["general"] = new(2, MachineConfig.Default, new Dictionary<string, string> { ["tier"] = "general", ["node-role.kubernetes.io/worker"] = "" }, null),
            ["batch"] = new(1, MachineConfig.Default with { Memory = "16Gi" }, null, [new TaintConfig("batch", "true", "NoSchedule"), new TaintConfig("dedicated", null, "NoExecute")]),
        },
        Network = new NetworkConfig("10.42.0.0/16", "10.43.0.0/16", "cluster.example"),
        SshAuthorizedKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG7P0S9M5NnJvsIeTRHysRnvNZcazSl2PPornTSeLJQj ops@example.com"],
        KubeVip = new KubeVipConfig("ghcr.io/kube-vip/kube-vip:v0.9.1", true),
        Addons = new Dictionary<string, AddonConfig> { ["cni"] = new("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cni\n", "Reconcile") },
    };

    /// <summary>The objects as the API server would return them (JSON round trip), bundled like Read fetches them.</summary>
    internal static LiveCluster LiveOf(RenderedCluster rendered) =>
        TestSupport.Capi.LiveClusters.Bundle(rendered.Manifests.Select(m => (JsonObject)JsonNode.Parse(m.ToJsonString())!).ToList());

    [Fact]
    public void EveryArgumentIsRebuiltFromTheRenderedObjects()
    {
        var config = Sample();
        var live = LiveOf(ClusterSpecMapper.Render(config, "gw-one", config.PcgId, Endpoint, PrismCredentials.Basic("admin", Password)));

        var rebuilt = ClusterReconstruction.Reconstruct(live, prior: null);

        var expected = config.ToCty("gw-one/demo", ClusterObservation.Pending, null);
        var actual = rebuilt.ToCty("gw-one/demo", ClusterObservation.Pending, null);
        Assert.Equal(Describe(expected), Describe(actual));
        Assert.True(expected.Equals(actual));
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(true, "mirror.example.com/cloud-provider-nutanix/controller:v0.5.3")]
    [InlineData(false, null)]
    public void TheCcmSettingsAreRebuiltFromTheRenderedObjects(bool enabled, string? image)
    {
        var config = Sample() with { Ccm = new CcmConfig(enabled, image) };
        var rendered = ClusterSpecMapper.Render(config, "gw-one", config.PcgId, Endpoint, PrismCredentials.Basic("admin", Password));
        Assert.Equal(enabled, rendered.Find("ClusterResourceSet", "demo-ccm") is not null);

        var rebuilt = ClusterReconstruction.Reconstruct(LiveOf(rendered), prior: null);

        Assert.Equal(new CcmConfig(enabled, image), rebuilt.Ccm);
        Assert.True(config.ToCty("gw-one/demo", ClusterObservation.Pending, null).Equals(rebuilt.ToCty("gw-one/demo", ClusterObservation.Pending, null)));
    }

    [Fact]
    public void AnUnknownMinorIsAPlanErrorOnCcmImage()
    {
        var spec = ClusterSpecMapper.ToSpec(Sample() with { KubernetesVersion = "v1.29.6" }, "gw-one", Endpoint, PrismCredentials.Basic("admin", Password));
        var error = Assert.Single(ClusterSpecValidator.Validate(spec));
        Assert.Equal(AttributePath.Root("ccm").Attribute("image").ToString(), SpecPaths.ToAttributePath(error.Path).ToString());
        Assert.Empty(ClusterSpecValidator.Validate(ClusterSpecMapper.ToSpec(
            Sample() with { KubernetesVersion = "v1.29.6", Ccm = new CcmConfig(false, null) }, "gw-one", Endpoint, PrismCredentials.Basic("admin", Password))));
    }

    [Fact]
    public void WithoutTheCcmTheWaitStopsAtAnInitializedControlPlane()
    {
        Assert.Equal(WaitTarget.Ready, ClusterResource.WaitTargetOf(Sample()));
        Assert.Equal(WaitTarget.ControlPlaneInitialized, ClusterResource.WaitTargetOf(Sample() with { Ccm = new CcmConfig(false, null) }));
        Assert.Equal(WaitTarget.ControlPlaneInitialized, ClusterResource.WaitTargetOf(Sample() with { Ccm = new CcmConfig(false, null), WaitFor = "control_plane" }));
        Assert.Equal(WaitTarget.None, ClusterResource.WaitTargetOf(Sample() with { Ccm = new CcmConfig(false, null), WaitFor = "none" }));
    }

    [Fact]
    public void RefreshKeepsEquivalentSpellingsButShowsRealDrift()
    {
        var config = Sample() with { KubernetesVersion = "1.33.2" };
        var pools = config.WorkerPools!.ToDictionary(p => p.Key, p => p.Value);
        pools["general"] = pools["general"] with { Machine = MachineConfig.Default with { Memory = "4096Mi" } };
        config = config with { WorkerPools = pools };
        var rendered = ClusterSpecMapper.Render(config, "gw-one", config.PcgId, Endpoint, PrismCredentials.Basic("admin", Password));
        var prior = config.ToCty("gw-one/demo", ClusterObservation.Pending, ClusterSpecMapper.RedactedYaml(rendered));

        // Freshly applied: no difference at all.
        var unchanged = ClusterResource.Refresh(LiveOf(rendered), "gw-one/demo", prior);
        Assert.Equal("4096Mi", unchanged["worker_pools"]["general"]["machine"]["memory"].AsString());
        Assert.Equal("1.33.2", unchanged["kubernetes_version"].AsString());
        foreach (var attribute in new[] { "name", "control_plane", "worker_pools", "network", "addons", "kube_vip", "subnets", "manifests" })
        {
            Assert.True(prior[attribute].Equals(unchanged[attribute]), attribute);
        }

        // kubectl scale of one pool: exactly that value differs.
        var live = LiveOf(rendered);
        live.MachineDeployments.Single(d => (string?)d["metadata"]!["name"] == "demo-general")["spec"]!["replicas"] = 5;
        var drifted = ClusterResource.Refresh(live, "gw-one/demo", prior);
        Assert.Equal(5, Number(drifted["worker_pools"]["general"]["replicas"]));
        Assert.Equal(1, Number(drifted["worker_pools"]["batch"]["replicas"]));
        Assert.True(prior["control_plane"].Equals(drifted["control_plane"]));
    }

    [Fact]
    public void ImportRendersTheManifestsFromTheLiveObjects()
    {
        var config = Sample();
        var rendered = ClusterSpecMapper.Render(config, "gw-one", config.PcgId, Endpoint, PrismCredentials.Basic("admin", Password));
        var imported = Cty.Object(ClusterSchema.Type, new Dictionary<string, CtyValue> { ["id"] = CtyValue.String("gw-one/demo") });

        var state = ClusterResource.Refresh(LiveOf(rendered), "gw-one/demo", imported);

        Assert.Equal("gw-one/pc", state["cloud_account_id"].AsString());
        Assert.Equal("gw-one/gw-one", state["pcg_id"].AsString());
        Assert.Equal("ready", state["wait_for"].AsString());
        Assert.Equal(ClusterSpecMapper.RedactedYaml(rendered), state["manifests"].AsString());
    }

    [Fact]
    public void ManifestsInStateNeverCarryTheCredentials()
    {
        var config = Sample();
        var rendered = ClusterSpecMapper.Render(config, "gw-one", config.PcgId, Endpoint, PrismCredentials.Basic("admin", Password));
        var secret = rendered.Find("Secret", rendered.Names.CredentialsSecret)!;
        var applied = Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["credentials"]!));
        Assert.Contains(Password, applied, StringComparison.Ordinal);

        var yaml = ClusterSpecMapper.RedactedYaml(rendered);
        Assert.DoesNotContain(Password, yaml, StringComparison.Ordinal);
        Assert.DoesNotContain((string)secret["data"]!["credentials"]!, yaml, StringComparison.Ordinal);
        Assert.Contains(ClusterSpecMapper.Redacted, yaml, StringComparison.Ordinal);
        Assert.Contains("kind: KubeadmControlPlane", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void MachineChangeRenamesTheTemplateSoCapiRolls()
    {
        var config = Sample();
        var before = ClusterSpecMapper.Render(config, "gw-one", null, Endpoint, PrismCredentials.Basic("admin", Password));
        var pools = config.WorkerPools!.ToDictionary(p => p.Key, p => p.Value);
        pools["general"] = pools["general"] with { Machine = MachineConfig.Default with { Memory = "8Gi" } };
        var after = ClusterSpecMapper.Render(config with { WorkerPools = pools }, "gw-one", null, Endpoint, PrismCredentials.Basic("admin", Password));

        Assert.NotEqual(before.Names.WorkerPools["general"].MachineTemplate, after.Names.WorkerPools["general"].MachineTemplate);
        Assert.Equal(before.Names.WorkerPools["batch"].MachineTemplate, after.Names.WorkerPools["batch"].MachineTemplate);
        Assert.Equal(before.Names.ControlPlaneMachineTemplate, after.Names.ControlPlaneMachineTemplate);
    }

    [Theory]
    [InlineData("4Gi", "4096Mi", true)]
    [InlineData("4Gi", "4G", false)]
    [InlineData("v1.33.2", "1.33.2", true)]
    [InlineData("v1.33.2", "v1.33.3", false)]
    [InlineData("3F1C2D4E-5A6B-4C7D-8E9F-0A1B2C3D4E5F", "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", true)]
    [InlineData("pe-cluster-a", "PE-cluster-a", false)]
    public void EquivalentSpellings(string a, string b, bool same) => Assert.Equal(same, StateNormalizer.SameMeaning(a, b));

    [Fact]
    public void EmptyAndNullCollectionsDoNotDiffer()
    {
        var emptyList = CtyValue.List(CtyType.String, []);
        var nullList = CtyValue.Null(CtyType.List(CtyType.String));
        Assert.True(StateNormalizer.PreferPrior(nullList, emptyList).Equals(emptyList));
        Assert.True(StateNormalizer.PreferPrior(emptyList, nullList).Equals(nullList));
        var live = CtyValue.List(CtyType.String, [CtyValue.String("a")]);
        Assert.True(StateNormalizer.PreferPrior(live, nullList).Equals(live));
    }

    [Fact]
    public void ProgressReportsMachinesAndIsNotDoneWithoutStatus()
    {
        var config = Sample();
        var live = LiveOf(ClusterSpecMapper.Render(config, "gw-one", null, Endpoint, PrismCredentials.Basic("admin", Password)));
        var (done, summary) = ClusterProgress.Evaluate(live, WaitTarget.Ready);
        Assert.False(done);
        Assert.Contains("control plane 0/3 ready", summary, StringComparison.Ordinal);
        Assert.Contains("workers 0/3 ready", summary, StringComparison.Ordinal);
        Assert.True(ClusterProgress.Evaluate(live, WaitTarget.None).Done);
    }

    [Fact]
    public async Task EndpointInsideAClusterCidrIsRejectedAtTheAttribute()
    {
        var config = Sample() with { ControlPlane = Sample().ControlPlane with { EndpointIp = "10.43.0.10" } };
        var value = config.ToCty("gw-one/demo", ClusterObservation.Pending, null);
        var response = new ValidateResourceConfigResponse();
        await new ClusterResource().ValidateConfigAsync(new ValidateResourceConfigRequest { Config = value }, response, CancellationToken.None);
        var error = Assert.Single(response.Diagnostics);
        Assert.Equal(AttributePath.Root("control_plane").Attribute("endpoint_ip"), error.Path);
        Assert.Contains("10.43.0.10", error.Detail, StringComparison.Ordinal);
        Assert.Contains("service_cidr", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Strategy_changes_are_found_for_kept_addons_only()
    {
        var manifests = "kind: Namespace";
        var prior = Sample() with
        {
            Addons = new Dictionary<string, AddonConfig> { ["cni"] = new(manifests, "ApplyOnce"), ["ccm"] = new(manifests, "Reconcile"), ["gone"] = new(manifests, "ApplyOnce") },
        };
        var next = Sample() with
        {
            Addons = new Dictionary<string, AddonConfig> { ["cni"] = new(manifests, "Reconcile"), ["ccm"] = new(manifests, "Reconcile"), ["new"] = new(manifests, "Reconcile") },
        };
        var state = prior.ToCty("gw-one/demo", ClusterObservation.Pending, null);
        var plan = next.ToCty("gw-one/demo", ClusterObservation.Pending, null);

        Assert.Equal([("cni", "ApplyOnce", "Reconcile")], ClusterResource.AddonStrategyChanges(plan, state));
        Assert.Empty(ClusterResource.AddonStrategyChanges(state, state));
        Assert.Empty(ClusterResource.AddonStrategyChanges(plan, CtyValue.Null(plan.Type)));

        // A strategy not known yet (e.g. from another resource's attribute) is no change to announce.
        var unknownStrategy = plan.WithAttribute("addons", CtyValue.Map(ClusterSchema.Addons.ObjectType, [new("cni", plan["addons"]["cni"].WithAttribute("strategy", CtyValue.Unknown(CtyType.String)))]));
        Assert.Empty(ClusterResource.AddonStrategyChanges(unknownStrategy, state));
    }

    private static long Number(CtyValue v) => v.AsNumber().TryGetInt64(out var n) ? n : -1;

    private static string Describe(CtyValue v) => v.ToString();
}
