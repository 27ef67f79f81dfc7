using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nutanix.Capi.Gateway;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;
using TerraformProvider.Nutanix.Cluster;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// After a cloud account's credentials change, the credentials Secret of each cluster using the account is rewritten
/// (CAPX reads only that copy); clusters of other accounts and clusters being deleted are left alone, and a cluster
/// that cannot be updated is reported without stopping the others.
/// </summary>
public sealed class ClusterCredentialsTests
{
    private const string Ns = "team-a";

    private static JsonObject Cluster(string name, string? account, bool deleting = false)
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = Ns,
            ["labels"] = new JsonObject { [ClusterRenderer.ClusterNameLabel] = name, [ClusterRenderer.ManagedByLabel] = ClusterRenderer.ManagedByValue },
        };
        if (account is not null) metadata["annotations"] = new JsonObject { [ClusterSpecMapper.CloudAccountAnnotation] = account };
        if (deleting) metadata["deletionTimestamp"] = "2026-01-01T00:00:00Z";
        return new JsonObject { ["apiVersion"] = "cluster.x-k8s.io/v1beta1", ["kind"] = "Cluster", ["metadata"] = metadata };
    }

    private static CloudAccountRecord Account(PrismCredentials credentials) =>
        new($"{Ns}/pc", Ns, "pc", "pc.example", 9440, false, null, CredentialsFormat.Write(credentials), credentials.Username, credentials.IsApiKey);

    private static FakeKube Kube(PrismCredentials old)
    {
        var kube = new FakeKube();
        foreach (var (name, account, deleting) in new[] { ("a", "team-a/pc", false), ("b", "team-a/pc", false), ("other", "team-a/other-account", false), ("gone", "team-a/pc", true), ("foreign", null, false) })
        {
            kube.Put("clusters", Cluster(name, account, deleting));
            kube.Put("secrets", ClusterRenderer.CredentialsSecret(name, Ns, old));
        }

        return kube;
    }

    private static string Password(FakeKube kube, string cluster)
    {
        var b64 = (string)kube.Get("secrets", cluster + "-credentials")["data"]!["credentials"]!;
        Assert.True(CredentialsFormat.TryRead(Encoding.UTF8.GetString(Convert.FromBase64String(b64)), out _, out var password, out _));
        return password!;
    }

    [Fact]
    public async Task ClustersUsing_AreThoseAnnotatedWithTheAccount_NotBeingDeleted()
    {
        var kube = Kube(PrismCredentials.Basic("admin", "old-password"));
        Assert.Equal(["team-a/a", "team-a/b"], await ClusterCredentials.ClustersUsingAsync(kube.Client(), "team-a/pc", CancellationToken.None));
        Assert.Equal(["team-a/other"], await ClusterCredentials.ClustersUsingAsync(kube.Client(), "team-a/other-account", CancellationToken.None));
    }

    [Fact]
    public async Task Refresh_RewritesTheSecretsOfTheAccountsClusters_AsTheRendererRendersThem()
    {
        var kube = Kube(PrismCredentials.Basic("admin", "old-password"));
        var rotated = PrismCredentials.Basic("admin", "new-password");

        var result = await ClusterCredentials.RefreshAsync(kube.Client(), Account(rotated), rotated, CancellationToken.None);

        Assert.Equal(["team-a/a", "team-a/b"], result.Refreshed);
        Assert.Empty(result.Failed);
        Assert.Equal("new-password", Password(kube, "a"));
        Assert.Equal("new-password", Password(kube, "b"));
        Assert.Equal("old-password", Password(kube, "other"));
        Assert.Equal("old-password", Password(kube, "gone"));
        Assert.Equal("old-password", Password(kube, "foreign"));
        Assert.Equal(2, kube.Count("PATCH", "secrets"));
        Assert.All(kube.Requests.Where(r => r.Method == "PATCH"), r => Assert.Contains("fieldManager=terraform-provider-nutanix", r.Query, StringComparison.Ordinal));

        // The object applied is the one a cluster apply renders (same labels and type), so the cluster plans no change.
        var spec = new WorkloadClusterSpec
        {
            Name = "a",
            Namespace = Ns,
            KubernetesVersion = "v1.33.2",
            PrismCentral = new PrismCentralEndpoint("pc.example", 9440, false, null),
            Credentials = rotated,
            ControlPlane = new ControlPlaneSpec(1, new MachineSpec
            {
                VcpuSockets = 2, VcpusPerSocket = 1, Memory = Quantity.Parse("4Gi"), SystemDiskSize = Quantity.Parse("40Gi"),
                Cluster = NutanixResourceIdentifier.Parse("pe"), Subnets = [NutanixResourceIdentifier.Parse("net")], Image = NutanixResourceIdentifier.Parse("img"),
            }, "10.0.0.10"),
        };
        var rendered = ClusterRenderer.Render(spec);
        Assert.Equal(rendered.Find("Secret", rendered.Names.CredentialsSecret)!.ToJsonString(), kube.Get("secrets", "a-credentials").ToJsonString());
    }

    [Fact]
    public async Task Refresh_ReportsAClusterThatCannotBeUpdated_AndStillUpdatesTheOthers()
    {
        var kube = Kube(PrismCredentials.Basic("admin", "old-password"));
        kube.OnPatch = (plural, name) => name == "a-credentials"
            ? FakeKube.Json(HttpStatusCode.Forbidden, FakeKube.Status(403, "Forbidden"))
            : null;
        var rotated = PrismCredentials.FromApiKey("new-api-key-0123");

        var result = await ClusterCredentials.RefreshAsync(kube.Client(), Account(rotated), rotated, CancellationToken.None);

        Assert.Equal(["team-a/b"], result.Refreshed);
        var (cluster, reason) = Assert.Single(result.Failed);
        Assert.Equal("team-a/a", cluster);
        Assert.StartsWith("HTTP 403 Forbidden", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("new-api-key-0123", reason, StringComparison.Ordinal);
        Assert.Equal("old-password", Password(kube, "a"));
        var b = Encoding.UTF8.GetString(Convert.FromBase64String((string)kube.Get("secrets", "b-credentials")["data"]!["credentials"]!));
        Assert.True(CredentialsFormat.TryRead(b, out _, out _, out var key));
        Assert.Equal("new-api-key-0123", key);
    }

    [Fact]
    public async Task Refresh_RewritesTheCcmCopy_WhereTheClusterHasTheCcm()
    {
        var old = PrismCredentials.Basic("admin", "old-password");
        var kube = Kube(old);
        kube.Put("secrets", CapiJson.ToNode(CcmAddonBuilder.CredentialsResourceSecret("a", Ns, old)));
        var rotated = PrismCredentials.Basic("admin", "new-password");

        var result = await ClusterCredentials.RefreshAsync(kube.Client(), Account(rotated), rotated, CancellationToken.None);

        Assert.Equal(["team-a/a", "team-a/b"], result.Refreshed);
        Assert.Equal(CapiJson.ToNode(CcmAddonBuilder.CredentialsResourceSecret("a", Ns, rotated)).ToJsonString(), kube.Get("secrets", "a-ccm-credentials").ToJsonString());
        var wrapped = Encoding.UTF8.GetString(Convert.FromBase64String((string)kube.Get("secrets", "a-ccm-credentials")["data"]![CcmAddonBuilder.SecretKey]!));
        var inner = global::Kubernetes.Machinery.Yaml.YamlJson.ReadDocument(wrapped)!;
        Assert.True(CredentialsFormat.TryRead(Encoding.UTF8.GetString(Convert.FromBase64String((string)inner["data"]!["credentials"]!)), out _, out var password, out _));
        Assert.Equal("new-password", password);
        // A cluster without the CCM gets no CCM Secret.
        Assert.Equal(3, kube.Count("PATCH", "secrets"));
    }
}
