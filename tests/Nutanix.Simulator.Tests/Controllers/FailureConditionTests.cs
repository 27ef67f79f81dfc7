using System.Text.Json.Nodes;
using Nutanix.Simulator.Controllers;
using Nutanix.Simulator.Inventory;

namespace Nutanix.Simulator.Tests.Controllers;

public sealed class FailureConditionTests
{
    private const string Core = "cluster.x-k8s.io";
    private const string Infra = "infrastructure.cluster.x-k8s.io";

    private static JsonObject? Condition(JsonObject? obj, string type) =>
        obj?["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    private static JsonObject? V1Beta2Condition(JsonObject? obj, string type) =>
        obj?["status"]?["v1beta2"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    private static void ReplaceSecret(ControllerHarness h, ClusterManifests manifests)
    {
        var secret = h.Get("", "secrets", manifests.CredentialsSecretName)!;
        var fresh = Kubernetes.Machinery.Yaml.YamlJson.ReadDocuments(manifests.Secret()).Single()!.AsObject();
        secret.Remove("data");
        secret["stringData"] = fresh["stringData"]!.DeepClone();
        h.Store.Update(h.Type("", "secrets"), secret);
    }

    [Fact]
    public async Task MissingSecret_CredentialRefFailure_ThenRecoversWhenSecretAppears()
    {
        var manifests = new ClusterManifests { ControlPlaneReplicas = 1, WorkerReplicas = 1, IncludeSecret = false };
        await using var h = await ControllerHarness.StartAsync();
        h.Apply(manifests.All());
        await ControllerHarness.WaitForAsync(() => (string?)Condition(h.Get(Infra, "nutanixclusters", "c1"), "CredentialRefSecretOwnerSet")?["status"] == "False", h.Describe);

        var nc = h.Get(Infra, "nutanixclusters", "c1")!;
        var condition = Condition(nc, "CredentialRefSecretOwnerSet")!;
        Assert.Equal("CredentialRefSecretOwnerSetFailed", (string?)condition["reason"]);
        Assert.Equal("Error", (string?)condition["severity"]);
        Assert.Equal("error occurred while fetching cluster c1 secret for credential ref: secrets \"c1\" not found", (string?)condition["message"]);
        Assert.Equal("False", (string?)V1Beta2Condition(nc, "CredentialRefSecretOwnerSet")!["status"]);
        Assert.False(nc["status"]!["ready"]!.GetValue<bool>());
        await Task.Delay(200);
        Assert.Equal("Provisioning", (string?)h.Get(Core, "clusters", "c1")!["status"]!["phase"]);
        // The MachineSet creates its Machine at once (as CAPI); it stays Pending, and the control plane creates none.
        Assert.All(h.List(Core, "machines"), m =>
        {
            Assert.Equal("Pending", (string?)m["status"]?["phase"]);
            Assert.Null(m["metadata"]!["labels"]?["cluster.x-k8s.io/control-plane"]);
        });
        Assert.Empty(h.Inventory.ListVms());

        h.Apply(manifests.Secret());
        await ControllerHarness.WaitForAsync(() => ClusterLifecycleTests.ClusterUp(h, "c1", 1, 1), h.Describe);
    }

    [Fact]
    public async Task WrongPassword_PrismClientInitFalse_WithoutLeakingThePassword()
    {
        var manifests = new ClusterManifests { ControlPlaneReplicas = 1, WorkerReplicas = 1, Password = "not-the-password-123" };
        await using var h = await ControllerHarness.StartAsync();
        h.Apply(manifests.All());
        await ControllerHarness.WaitForAsync(() => (string?)Condition(h.Get(Infra, "nutanixclusters", "c1"), "PrismClientInit")?["status"] == "False", h.Describe);

        var nc = h.Get(Infra, "nutanixclusters", "c1")!;
        var condition = Condition(nc, "PrismClientInit")!;
        Assert.Equal("PrismClientInitFailed", (string?)condition["reason"]);
        Assert.Contains("401 Unauthorized", (string?)condition["message"]);
        Assert.DoesNotContain("not-the-password-123", nc.ToJsonString());
        Assert.Equal("PrismClientInitFailed", (string?)V1Beta2Condition(nc, "PrismClientInit")!["reason"]);
        Assert.False(nc["status"]!["ready"]!.GetValue<bool>());
        Assert.Equal("True", (string?)Condition(nc, "CredentialRefSecretOwnerSet")!["status"]);
        Assert.Empty(h.Inventory.ListVms());

        ReplaceSecret(h, manifests with { Password = ControllerHarness.Password });
        await ControllerHarness.WaitForAsync(() => ClusterLifecycleTests.ClusterUp(h, "c1", 1, 1), h.Describe);
    }

    [Fact]
    public async Task ApiKeyCredentials_AreChecked()
    {
        await using var h = await ControllerHarness.StartAsync();
        h.Apply(new ClusterManifests { Name = "good", ControlPlaneReplicas = 1, WorkerReplicas = 0, ApiKey = h.Credentials.ApiKey }.All());
        h.Apply(new ClusterManifests { Name = "bad", ControlPlaneReplicas = 1, WorkerReplicas = 0, ApiKey = "0123456789abcdef", EndpointHost = "10.10.100.11" }.All());
        await ControllerHarness.WaitForAsync(() => ClusterLifecycleTests.ClusterUp(h, "good", 1, 0)
            && (string?)Condition(h.Get(Infra, "nutanixclusters", "bad"), "PrismClientInit")?["status"] == "False", h.Describe);
        var bad = h.Get(Infra, "nutanixclusters", "bad")!;
        Assert.Contains("API key failed: 401 Unauthorized", (string?)Condition(bad, "PrismClientInit")!["message"]);
        Assert.DoesNotContain("0123456789abcdef", bad.ToJsonString());
        Assert.Single(h.Inventory.ListVms());
    }

    [Fact]
    public async Task PasswordRotation_BreaksClient_UntilSecretUpdated()
    {
        var manifests = new ClusterManifests { ControlPlaneReplicas = 1, WorkerReplicas = 1 };
        await using var h = await ClusterLifecycleTests.StartClusterAsync(manifests);
        h.Credentials.RotatePassword("Rotated/5u");
        h.Patch(Core, "machinedeployments", "c1-wmd", """{"spec":{"replicas":2}}""");
        await ControllerHarness.WaitForAsync(() => (string?)Condition(h.Get(Infra, "nutanixclusters", "c1"), "PrismClientInit")?["status"] == "False", h.Describe);
        Assert.True(h.Get(Infra, "nutanixclusters", "c1")!["status"]!["ready"]!.GetValue<bool>());
        await Task.Delay(300);
        Assert.Equal(2, h.Inventory.ListVms().Count);

        ReplaceSecret(h, manifests with { Password = "Rotated/5u" });
        await ControllerHarness.WaitForAsync(() => ClusterLifecycleTests.ClusterUp(h, "c1", 1, 2), h.Describe);
        Assert.Equal("True", (string?)Condition(h.Get(Infra, "nutanixclusters", "c1"), "PrismClientInit")!["status"]);
        Assert.Equal(3, h.Inventory.ListVms().Count);
    }

    [Fact]
    public async Task SecretOwnedByAnotherNutanixCluster_IsRefused()
    {
        await using var h = await ClusterLifecycleTests.StartClusterAsync(new ClusterManifests { ControlPlaneReplicas = 1, WorkerReplicas = 0 });
        h.Apply(new ClusterManifests { Name = "c2", SecretName = "c1", IncludeSecret = false, ControlPlaneReplicas = 1, WorkerReplicas = 0, EndpointHost = "10.10.100.11" }.All());
        await ControllerHarness.WaitForAsync(() => (string?)Condition(h.Get(Infra, "nutanixclusters", "c2"), "CredentialRefSecretOwnerSet")?["status"] == "False", h.Describe);
        var condition = Condition(h.Get(Infra, "nutanixclusters", "c2"), "CredentialRefSecretOwnerSet")!;
        Assert.Equal("secret c1 already owned by another nutanixCluster object", (string?)condition["message"]);
        var owners = h.Get("", "secrets", "c1")!["metadata"]!["ownerReferences"]!.AsArray();
        Assert.Equal("c1", (string?)Assert.Single(owners)!["name"]);
    }

    public static TheoryData<string, string?, string?, string?, string> BadTemplates => new()
    {
        { "unknown-subnet", "no-such-subnet", null, null, "failed to retrieve subnet by name no-such-subnet" },
        { "subnet-on-other-pe", "vlan-200-k8s", null, null, "failed to retrieve subnet by name vlan-200-k8s" },
        { "ambiguous-subnet", "dup-subnet", null, null, "more than one subnet found with name dup-subnet" },
        { "unknown-image", null, "no-such-image", null, "failed to get the disk list to create the VM {vm}. found no image with name no-such-image" },
        { "ambiguous-image", null, "dup-image", null, "failed to get the disk list to create the VM {vm}. more than one image found with name dup-image" },
        { "unknown-pe", null, null, "no-such-pe", "failed to retrieve Prism Element cluster by name no-such-pe" },
    };

    [Theory]
    [MemberData(nameof(BadTemplates))]
    public async Task InvalidMachineTemplate_FailsMachineWithCapxReason(string caseName, string? subnet, string? image, string? pe, string expected)
    {
        var manifests = new ClusterManifests { ControlPlaneReplicas = 1, WorkerReplicas = 0 };
        await using var h = await ControllerHarness.StartAsync(seed: SeedWithDuplicates());
        var all = manifests.All().Replace(manifests.MachineTemplate("c1-mt-0"), manifests.MachineTemplate("c1-mt-0", image, subnet, pe), StringComparison.Ordinal);
        h.Apply(all);
        await ControllerHarness.WaitForAsync(() => h.List(Infra, "nutanixmachines").Any(m => m["status"]?["failureReason"] is not null), h.Describe);

        var nm = Assert.Single(h.List(Infra, "nutanixmachines"));
        var vmName = (string)nm["metadata"]!["name"]!;
        var message = expected.Replace("{vm}", vmName, StringComparison.Ordinal);
        Assert.Equal("CreateError", (string?)nm["status"]!["failureReason"]);
        Assert.Equal(message, (string?)nm["status"]!["failureMessage"]);
        var provisioned = Condition(nm, "VMProvisioned")!;
        Assert.Equal("False", (string?)provisioned["status"]);
        Assert.Equal("FailedVMTask", (string?)provisioned["reason"]);
        Assert.Equal("Error", (string?)provisioned["severity"]);
        Assert.Equal(message, (string?)provisioned["message"]);
        Assert.False(nm["status"]!["ready"]!.GetValue<bool>());

        await ControllerHarness.WaitForAsync(() => (string?)h.List(Core, "machines").Single()["status"]?["phase"] == "Failed", h.Describe);
        var machine = h.List(Core, "machines").Single();
        Assert.Equal("CreateError", (string?)machine["status"]!["deprecated"]!["v1beta1"]!["failureReason"]);
        Assert.Contains(message, (string?)machine["status"]!["deprecated"]!["v1beta1"]!["failureMessage"]);
        Assert.Null(machine["status"]!["nodeRef"]);
        Assert.Empty(h.Inventory.ListVms());

        // As CAPI: the Cluster is Provisioned (infrastructure ready, endpoint set) but its control plane never initializes.
        var cluster = h.Get(Core, "clusters", "c1")!;
        Assert.Equal("Provisioned", (string?)cluster["status"]!["phase"]);
        Assert.False(cluster["status"]!["controlPlaneReady"]!.GetValue<bool>());
        Assert.True(caseName.Length > 0);
    }

    private static InventorySeed SeedWithDuplicates()
    {
        var seed = ControllerHarness.DefaultSeed();
        var template = seed.Subnets.First(s => s.Name == "vlan-100-k8s");
        var image = seed.Images.First(i => i.Name == "ubuntu-2204-kube-v1.33.2");
        return new InventorySeed
        {
            PrismCentral = seed.PrismCentral,
            Clusters = seed.Clusters,
            Subnets =
            [
                .. seed.Subnets,
                template with { Uuid = Guid.NewGuid().ToString(), Name = "dup-subnet", VlanId = 901, SubnetIp = "10.90.1.0", DefaultGatewayIp = "10.90.1.1", Pools = [] },
                template with { Uuid = Guid.NewGuid().ToString(), Name = "dup-subnet", VlanId = 902, SubnetIp = "10.90.2.0", DefaultGatewayIp = "10.90.2.1", Pools = [] },
            ],
            Images =
            [
                .. seed.Images,
                image with { Uuid = Guid.NewGuid().ToString(), Name = "dup-image" },
                image with { Uuid = Guid.NewGuid().ToString(), Name = "dup-image" },
            ],
            Projects = seed.Projects,
            Categories = seed.Categories,
        };
    }
}
