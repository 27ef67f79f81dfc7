using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.EphemeralResources;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Cluster;
using TerraformProvider.Nutanix.Ephemeral;
using TerraformProvider.Nutanix.Plumbing;
using TerraformProvider.Nutanix.Resources;
using Cty = TerraformProvider.Nutanix.Cluster.Cty;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// <c>nutanix_cluster_kubeconfig</c> against an in-memory management cluster, <see cref="WorkloadKubeconfig"/> on a
/// kubeconfig shaped as CAPI writes it, and <c>kubeconfig_in_state</c> in plan and refresh.
/// </summary>
public sealed class ClusterKubeconfigTests
{
    private static readonly ObjectType Type = ClusterKubeconfigEphemeralResource.KubeconfigSchema.ImpliedType;

    /// <summary>
    /// A kubeconfig in the shape CAPI's kubeconfig Secret holds (cluster <c>NAME</c>, user <c>NAME-admin</c>, context
    /// <c>NAME-admin@NAME</c>), with a freshly made CA and an admin client certificate signed by it.
    /// </summary>
    private sealed record Issued(string Kubeconfig, string CaPem, string CertPem, string KeyPem);

    private static Issued IssueKubeconfig(string cluster, string server)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=kubernetes", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddYears(10));
        using var clientKey = RSA.Create(2048);
        var clientRequest = new CertificateRequest("CN=kubernetes-admin, O=system:masters", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var client = clientRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddYears(1), [1, 2, 3, 4]);
        var caPem = ca.ExportCertificatePem() + "\n";
        var certPem = client.ExportCertificatePem() + "\n";
        var keyPem = clientKey.ExportRSAPrivateKeyPem() + "\n";
        static string B64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
        var kubeconfig = $"""
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: {B64(caPem)}
                server: {server}
              name: {cluster}
            contexts:
            - context:
                cluster: {cluster}
                user: {cluster}-admin
              name: {cluster}-admin@{cluster}
            current-context: {cluster}-admin@{cluster}
            kind: Config
            preferences: {"{}"}
            users:
            - name: {cluster}-admin
              user:
                client-certificate-data: {B64(certPem)}
                client-key-data: {B64(keyPem)}

            """;
        return new Issued(kubeconfig, caPem, certPem, keyPem);
    }

    private static JsonObject ClusterObject(string ns, string name, string phase) => new()
    {
        ["apiVersion"] = "cluster.x-k8s.io/v1beta2",
        ["kind"] = "Cluster",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString() },
        ["status"] = new JsonObject { ["phase"] = phase },
    };

    private static JsonObject KubeconfigSecret(string ns, string cluster, string kubeconfig) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["type"] = "cluster.x-k8s.io/secret",
        ["metadata"] = new JsonObject
        {
            ["name"] = cluster + "-kubeconfig",
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["cluster.x-k8s.io/cluster-name"] = cluster },
        },
        ["data"] = new JsonObject { ["value"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(kubeconfig)) },
    };

    private static async Task<OpenEphemeralResourceResponse> OpenAsync(FakeKube kube, string clusterId)
    {
        using var context = new ProviderContext(new ProviderSettings(), kube.Client());
        var resource = new ClusterKubeconfigEphemeralResource();
        resource.Configure(new EphemeralResourceConfigureRequest { ProviderData = context }, new EphemeralResourceConfigureResponse());
        var config = Cty.Object(Type, new Dictionary<string, CtyValue> { ["cluster_id"] = CtyValue.String(clusterId) });
        var response = new OpenEphemeralResourceResponse(config);
        await resource.OpenAsync(new OpenEphemeralResourceRequest { Config = config, DeferralAllowed = true }, response, CancellationToken.None);
        return response;
    }

    [Fact]
    public async Task Open_ReturnsTheKubeconfigAndItsParts_OnlyReading()
    {
        var issued = IssueKubeconfig("demo", "https://10.10.100.10:6443");
        var kube = new FakeKube();
        kube.Put("clusters", ClusterObject("gw-one", "demo", "Provisioned"));
        kube.Put("secrets", KubeconfigSecret("gw-one", "demo", issued.Kubeconfig));

        var response = await OpenAsync(kube, "gw-one/demo");

        Assert.Empty(response.Diagnostics);
        Assert.Null(response.Deferred);
        var result = response.Result;
        Assert.Equal(issued.Kubeconfig, result["kubeconfig"].AsString());
        Assert.Equal("https://10.10.100.10:6443", result["host"].AsString());
        Assert.Equal(issued.CaPem, result["cluster_ca_certificate"].AsString());
        Assert.Equal(issued.CertPem, result["client_certificate"].AsString());
        Assert.Equal(issued.KeyPem, result["client_key"].AsString());
        Assert.Equal("gw-one/demo", result["cluster_id"].AsString());
        Assert.All(kube.Requests, r => Assert.Equal("GET", r.Method));
        Assert.Contains(kube.Requests, r => r.Plural == "secrets" && r.Name == "demo-kubeconfig");
    }

    [Fact]
    public async Task Open_OnAMissingCluster_NamesClusterIdAndTheFix()
    {
        var response = await OpenAsync(new FakeKube(), "gw-one/nope");
        var error = Assert.Single(response.Diagnostics);
        Assert.Equal("Cluster gw-one/nope not found", error.Summary);
        Assert.Equal("cluster_id", error.Path?.ToString());
        Assert.Contains("nutanix_cluster.<name>.id", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_BeforeCapiWroteTheKubeconfig_SaysThePhaseAndHowToWait()
    {
        var kube = new FakeKube();
        kube.Put("clusters", ClusterObject("gw-one", "demo", "Provisioning"));
        var response = await OpenAsync(kube, "gw-one/demo");
        var error = Assert.Single(response.Diagnostics);
        Assert.Equal("Cluster gw-one/demo has no kubeconfig yet", error.Summary);
        Assert.Equal("cluster_id", error.Path?.ToString());
        Assert.Contains("phase Provisioning", error.Detail, StringComparison.Ordinal);
        Assert.Contains("gw-one/demo-kubeconfig", error.Detail, StringComparison.Ordinal);
        Assert.Contains("wait_for", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_OnASecretThatIsNoKubeconfig_FailsWithoutQuotingIt()
    {
        var kube = new FakeKube();
        kube.Put("clusters", ClusterObject("gw-one", "demo", "Provisioned"));
        kube.Put("secrets", KubeconfigSecret("gw-one", "demo", "secret-material: [unclosed"));
        var response = await OpenAsync(kube, "gw-one/demo");
        var error = Assert.Single(response.Diagnostics);
        Assert.Equal("cluster_id", error.Path?.ToString());
        Assert.DoesNotContain("secret-material", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-slash")]
    [InlineData("gw-one/Not_A_Label")]
    [InlineData("/demo")]
    public async Task Validate_RefusesAnIdThatIsNotNamespaceSlashName(string id)
    {
        var resource = new ClusterKubeconfigEphemeralResource();
        var response = new ValidateEphemeralResourceConfigResponse();
        await resource.ValidateConfigAsync(new ValidateEphemeralResourceConfigRequest
        {
            Config = Cty.Object(Type, new Dictionary<string, CtyValue> { ["cluster_id"] = CtyValue.String(id) }),
        }, response, CancellationToken.None);
        var error = Assert.Single(response.Diagnostics);
        Assert.Equal("Invalid cluster_id", error.Summary);
        Assert.Equal("cluster_id", error.Path?.ToString());
    }

    [Fact]
    public void KubeconfigInStateFalse_NullsTheKubeconfigOfAPlan_TrueOrUnknownLeavesIt()
    {
        var unknownKubeconfig = Cty.Object(ClusterSchema.Type, new Dictionary<string, CtyValue>
        {
            ["name"] = CtyValue.String("demo"),
            ["kubeconfig"] = CtyValue.Unknown(CtyType.String),
        });
        var off = ClusterResource.KubeconfigOutOfState(unknownKubeconfig.WithAttribute("kubeconfig_in_state", CtyValue.Bool(false)));
        Assert.True(off["kubeconfig"].IsKnown && off["kubeconfig"].IsNull);
        var on = ClusterResource.KubeconfigOutOfState(unknownKubeconfig.WithAttribute("kubeconfig_in_state", CtyValue.Bool(true)));
        Assert.False(on["kubeconfig"].IsKnown);
        var undecided = ClusterResource.KubeconfigOutOfState(unknownKubeconfig.WithAttribute("kubeconfig_in_state", CtyValue.Unknown(CtyType.Bool)));
        Assert.False(undecided["kubeconfig"].IsKnown);
    }

    [Fact]
    public void Refresh_KeepsTheKubeconfigOutOfStateWhenAsked_AndImportDefaultsToTrue()
    {
        var config = ClusterMappingTests.Sample();
        var rendered = ClusterSpecMapper.Render(config, "gw-one", config.PcgId, new PrismCentralEndpoint("pc.example.test", 9440, false, null), PrismCredentials.Basic("admin", "pw"));
        var bundled = ClusterMappingTests.LiveOf(rendered);
        var issued = IssueKubeconfig("demo", "https://10.10.100.10:6443");
        var live = new LiveCluster
        {
            Cluster = bundled.Cluster,
            NutanixCluster = bundled.NutanixCluster,
            ControlPlane = bundled.ControlPlane,
            MachineDeployments = bundled.MachineDeployments,
            MachineTemplates = bundled.MachineTemplates,
            BootstrapTemplates = bundled.BootstrapTemplates,
            ClusterResourceSets = bundled.ClusterResourceSets,
            ConfigMaps = bundled.ConfigMaps,
            Machines = bundled.Machines,
            NutanixMachines = bundled.NutanixMachines,
            MachineHealthCheck = bundled.MachineHealthCheck,
            KubeconfigSecret = KubeconfigSecret("gw-one", "demo", issued.Kubeconfig),
        };
        var prior = config.ToCty("gw-one/demo", ClusterObservation.Pending, ClusterSpecMapper.RedactedYaml(rendered));

        var kept = ClusterResource.Refresh(live, "gw-one/demo", prior.WithAttribute("kubeconfig_in_state", CtyValue.Bool(true)));
        Assert.Equal(issued.Kubeconfig, kept["kubeconfig"].AsString());
        Assert.True(kept["kubeconfig_in_state"].AsBool());

        var outOfState = ClusterResource.Refresh(live, "gw-one/demo", prior.WithAttribute("kubeconfig_in_state", CtyValue.Bool(false)));
        Assert.True(outOfState["kubeconfig"].IsNull);
        Assert.False(outOfState["kubeconfig_in_state"].AsBool());

        var imported = ClusterResource.Refresh(live, "gw-one/demo", Cty.Object(ClusterSchema.Type, new Dictionary<string, CtyValue> { ["id"] = CtyValue.String("gw-one/demo") }));
        Assert.True(imported["kubeconfig_in_state"].AsBool());
        Assert.Equal(issued.Kubeconfig, imported["kubeconfig"].AsString());
    }

    [Fact]
    public void WorkloadKubeconfig_Parse_TakesTheCurrentContextsClusterAndUser()
    {
        var issued = IssueKubeconfig("demo", "https://10.10.100.10:6443");
        var parsed = WorkloadKubeconfig.Parse(issued.Kubeconfig);
        Assert.Equal("https://10.10.100.10:6443", parsed.Server);
        Assert.Equal(issued.CaPem, parsed.ClusterCaCertificate);
        Assert.Equal(issued.CertPem, parsed.ClientCertificate);
        Assert.Equal(issued.KeyPem, parsed.ClientKey);
        using var ca = X509Certificate2.CreateFromPem(parsed.ClusterCaCertificate);
        using var client = X509Certificate2.CreateFromPem(parsed.ClientCertificate);
        Assert.Equal(ca.Subject, client.Issuer);

        var e = Assert.Throws<FormatException>(() => WorkloadKubeconfig.Parse("client-key-data: [oops"));
        Assert.DoesNotContain("oops", e.Message, StringComparison.Ordinal);
    }
}
