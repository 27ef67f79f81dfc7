using System.Text;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;
using TestSupport.Capi;

namespace Nutanix.Capi.Tests;

/// <summary>
/// The Nutanix CCM objects: the shapes CAPX v1.10's cluster template delivers (ConfigMap with the CCM objects and the
/// <c>nutanix-config</c> JSON, resource-set Secret with <c>kube-system/nutanix-creds</c>, ClusterResourceSet selecting
/// <c>ccm: nutanix</c>), valid against the CAPI CRD snapshot, with the image release per Kubernetes minor.
/// </summary>
public sealed class CcmRenderingTests
{
    private static WorkloadClusterSpec Spec(string version = "v1.33.2", CcmSpec? ccm = null, string? trustBundle = null) => new()
    {
        Name = "demo",
        Namespace = "clusters",
        KubernetesVersion = version,
        PrismCentral = new PrismCentralEndpoint("pc.example.com", 9440, true, trustBundle),
        Credentials = PrismCredentials.Basic("admin", "s3cr3t<&>\"pw"),
        ControlPlane = new ControlPlaneSpec(3, new MachineSpec
        {
            VcpuSockets = 2,
            VcpusPerSocket = 1,
            Memory = Quantity.Parse("4Gi"),
            SystemDiskSize = Quantity.Parse("40Gi"),
            Cluster = NutanixResourceIdentifier.Parse("pe-a"),
            Subnets = [NutanixResourceIdentifier.Parse("vlan-10")],
            Image = NutanixResourceIdentifier.Parse("ubuntu-2204-kube-v1.33.2"),
        }, "10.0.0.100"),
        Ccm = ccm ?? CcmSpec.Default,
    };

    private static JsonObject Get(RenderedCluster r, string kind, string name) =>
        r.Find(kind, name) ?? throw new InvalidOperationException($"{kind} {name} not rendered; have: {string.Join(", ", r.Manifests.Select(m => $"{m["kind"]}/{m["metadata"]!["name"]}"))}");

    private static List<JsonObject> WorkloadObjects(RenderedCluster r) =>
        YamlJson.ReadDocuments((string)Get(r, "ConfigMap", "demo-ccm")["data"]![CcmAddonBuilder.ManifestsKey]!).OfType<JsonObject>().ToList();

    private static JsonObject Workload(RenderedCluster r, string kind, string name) =>
        WorkloadObjects(r).Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name);

    private static string Decode(JsonNode? base64) => Encoding.UTF8.GetString(Convert.FromBase64String((string)base64!));

    [Fact]
    public void The_resource_set_selects_this_cluster_by_the_ccm_label_and_is_valid_against_the_crd()
    {
        var rendered = ClusterRenderer.Render(Spec());
        var set = Get(rendered, "ClusterResourceSet", "demo-ccm");
        Assert.Empty(CrdFixture.Registry.Validate(set));
        Assert.Equal("addons.cluster.x-k8s.io/v1beta2", (string?)set["apiVersion"]);
        Assert.Equal("clusters", (string?)set["metadata"]!["namespace"]);
        Assert.Equal("Reconcile", (string?)set["spec"]!["strategy"]);
        var match = set["spec"]!["clusterSelector"]!["matchLabels"]!.AsObject();
        Assert.Equal("nutanix", (string?)match["ccm"]);
        Assert.Equal("demo", (string?)match["cluster.x-k8s.io/cluster-name"]);
        Assert.Equal(
            ["ConfigMap/demo-ccm", "Secret/demo-ccm-credentials"],
            set["spec"]!["resources"]!.AsArray().Select(r => $"{r!["kind"]}/{r["name"]}"));

        // The Cluster carries every label of the selector.
        var cluster = Get(rendered, "Cluster", "demo");
        Assert.Empty(CrdFixture.Registry.Validate(cluster));
        var labels = cluster["metadata"]!["labels"]!.AsObject();
        Assert.All(match, kv => Assert.Equal((string?)kv.Value, (string?)labels[kv.Key]));
        Assert.Null(set["metadata"]!["annotations"]); // not pinned
    }

    [Fact]
    public void The_config_names_the_account_endpoint_the_credentials_secret_prism_topology_and_ignores_the_vip()
    {
        var rendered = ClusterRenderer.Render(Spec());
        var config = JsonNode.Parse((string)Workload(rendered, "ConfigMap", "nutanix-config")["data"]!["nutanix_config.json"]!)!;
        Assert.Equal("kube-system", (string?)Workload(rendered, "ConfigMap", "nutanix-config")["metadata"]!["namespace"]);
        Assert.Equal("pc.example.com", (string?)config["prismCentral"]!["address"]);
        Assert.Equal(9440, (int)config["prismCentral"]!["port"]!);
        Assert.True((bool)config["prismCentral"]!["insecure"]!);
        Assert.Equal("secret", (string?)config["prismCentral"]!["credentialRef"]!["kind"]);
        Assert.Equal("nutanix-creds", (string?)config["prismCentral"]!["credentialRef"]!["name"]);
        Assert.Equal("kube-system", (string?)config["prismCentral"]!["credentialRef"]!["namespace"]);
        Assert.Null(config["prismCentral"]!["additionalTrustBundle"]);
        Assert.Equal("Prism", (string?)config["topologyDiscovery"]!["type"]);
        Assert.Equal(["10.0.0.100"], config["ignoredNodeIPs"]!.AsArray().Select(x => (string?)x));
        Assert.False((bool)config["enableCustomLabeling"]!);
    }

    [Fact]
    public void A_trust_bundle_goes_to_the_workload_cluster_and_the_config_references_it()
    {
        const string Pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        var rendered = ClusterRenderer.Render(Spec(trustBundle: Pem));
        var bundle = Workload(rendered, "ConfigMap", CcmAddonBuilder.TrustBundleName);
        Assert.Equal(Pem, (string?)bundle["data"]!["ca.crt"]);
        var config = JsonNode.Parse((string)Workload(rendered, "ConfigMap", "nutanix-config")["data"]!["nutanix_config.json"]!)!;
        Assert.Equal("ConfigMap", (string?)config["prismCentral"]!["additionalTrustBundle"]!["kind"]);
        Assert.Equal(CcmAddonBuilder.TrustBundleName, (string?)config["prismCentral"]!["additionalTrustBundle"]!["name"]);
        Assert.Equal("kube-system", (string?)config["prismCentral"]!["additionalTrustBundle"]!["namespace"]);
    }

    [Fact]
    public void The_deployment_runs_on_control_plane_nodes_tolerating_the_uninitialized_taint_with_rbac()
    {
        var rendered = ClusterRenderer.Render(Spec());
        var deployment = Workload(rendered, "Deployment", "nutanix-cloud-controller-manager");
        Assert.Equal("apps/v1", (string?)deployment["apiVersion"]);
        Assert.Equal("kube-system", (string?)deployment["metadata"]!["namespace"]);
        var pod = deployment["spec"]!["template"]!["spec"]!;
        Assert.True((bool)pod["hostNetwork"]!);
        Assert.Equal("cloud-controller-manager", (string?)pod["serviceAccountName"]);
        Assert.Equal("", (string?)pod["nodeSelector"]!["node-role.kubernetes.io/control-plane"]);
        var tolerations = pod["tolerations"]!.AsArray().Select(t => $"{t!["key"]}:{t["effect"]}:{t["operator"]}").ToList();
        Assert.Contains("node.cloudprovider.kubernetes.io/uninitialized:NoSchedule:Exists", tolerations);
        Assert.Contains("node-role.kubernetes.io/control-plane:NoSchedule:Exists", tolerations);
        Assert.Contains("node.kubernetes.io/not-ready:NoSchedule:Exists", tolerations);
        var container = pod["containers"]![0]!;
        Assert.Equal("ghcr.io/nutanix-cloud-native/cloud-provider-nutanix/controller:v0.5.3", (string?)container["image"]);
        Assert.Contains("--cloud-config=/etc/cloud/nutanix_config.json", container["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("/etc/cloud", (string?)container["volumeMounts"]![0]!["mountPath"]);
        Assert.Equal("nutanix-config", (string?)pod["volumes"]![0]!["configMap"]!["name"]);

        Assert.Equal("kube-system", (string?)Workload(rendered, "ServiceAccount", "cloud-controller-manager")["metadata"]!["namespace"]);
        var role = Workload(rendered, "ClusterRole", "system:cloud-controller-manager");
        var rules = role["rules"]!.AsArray().Select(r => $"{r!["apiGroups"]![0]}/{string.Join(",", r["resources"]!.AsArray().Select(x => (string?)x))}").ToList();
        Assert.Contains("/nodes", rules);
        Assert.Contains("/nodes/status", rules);
        Assert.Contains("/secrets", rules);
        Assert.Contains("coordination.k8s.io/leases", rules);
        var binding = Workload(rendered, "ClusterRoleBinding", "system:cloud-controller-manager");
        Assert.Equal("system:cloud-controller-manager", (string?)binding["roleRef"]!["name"]);
        Assert.Equal("cloud-controller-manager", (string?)binding["subjects"]![0]!["name"]);
        Assert.Equal("kube-system", (string?)binding["subjects"]![0]!["namespace"]);
    }

    [Fact]
    public void The_resource_set_secret_wraps_kube_system_nutanix_creds_in_the_capx_credentials_format()
    {
        var spec = Spec();
        var rendered = ClusterRenderer.Render(spec);
        var secret = Get(rendered, "Secret", "demo-ccm-credentials");
        Assert.Equal("addons.cluster.x-k8s.io/resource-set", (string?)secret["type"]);
        var inner = YamlJson.ReadDocument(Decode(secret["data"]![CcmAddonBuilder.SecretKey]))!.AsObject();
        Assert.Equal("Secret", (string?)inner["kind"]);
        Assert.Equal("nutanix-creds", (string?)inner["metadata"]!["name"]);
        Assert.Equal("kube-system", (string?)inner["metadata"]!["namespace"]);
        var credentials = JsonNode.Parse(Decode(inner["data"]!["credentials"]))!.AsArray().Single()!;
        Assert.Equal("basic_auth", (string?)credentials["type"]);
        Assert.Equal("admin", (string?)credentials["data"]!["prismCentral"]!["username"]);
        Assert.Equal("s3cr3t<&>\"pw", (string?)credentials["data"]!["prismCentral"]!["password"]);
        Assert.Equal(CredentialsSecret.Json(spec.Credentials), Decode(inner["data"]!["credentials"]));
        // Rebuilt alone (a rotation) it is the object the cluster renders.
        Assert.True(JsonNode.DeepEquals(secret, CapiJson.ToNode(CcmAddonBuilder.CredentialsResourceSecret("demo", "clusters", spec.Credentials))));

        // The plan's redacted manifests never show it.
        var redacted = rendered.ToRedactedYaml("(redacted)");
        Assert.DoesNotContain("s3cr3t", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain((string)secret["data"]![CcmAddonBuilder.SecretKey]!, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.30.2", "v0.4.1")]
    [InlineData("v1.31.4", "v0.5.0")]
    [InlineData("v1.32.6", "v0.5.1")]
    [InlineData("v1.33.2", "v0.5.3")]
    [InlineData("1.34.1", "v0.6.3")]
    [InlineData("v1.35.0", "v0.7.0")]
    public void The_image_release_follows_the_kubernetes_minor(string version, string tag)
    {
        var rendered = ClusterRenderer.Render(Spec(version));
        var image = (string?)Workload(rendered, "Deployment", "nutanix-cloud-controller-manager")["spec"]!["template"]!["spec"]!["containers"]![0]!["image"];
        Assert.Equal("ghcr.io/nutanix-cloud-native/cloud-provider-nutanix/controller:" + tag, image);
    }

    [Theory]
    [InlineData("v1.28.9")]
    [InlineData("v1.29.6")]
    [InlineData("v1.36.0")]
    public void An_unknown_minor_without_a_pinned_image_is_an_error_naming_ccm_image(string version)
    {
        var error = Assert.Single(ClusterSpecValidator.Validate(Spec(version)));
        Assert.Equal("ccm.image", error.Path.ToString());
        Assert.Contains("set ccm.image", error.Message, StringComparison.Ordinal);
        Assert.Contains("ccm.enabled = false", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ClusterRenderer.Render(Spec(version)));

        // A pinned image renders it; no CCM renders nothing.
        var pinned = ClusterRenderer.Render(Spec(version, new CcmSpec("mirror.example.com/cloud-provider-nutanix/controller:v0.3.2")));
        Assert.Equal("true", (string?)Get(pinned, "ClusterResourceSet", "demo-ccm")["metadata"]!["annotations"]![CcmAddonBuilder.PinnedImageAnnotation]);
        Assert.Equal("mirror.example.com/cloud-provider-nutanix/controller:v0.3.2", CcmAddonBuilder.ImageIn((string)Get(pinned, "ConfigMap", "demo-ccm")["data"]![CcmAddonBuilder.ManifestsKey]!));
        Assert.Empty(ClusterSpecValidator.Validate(Spec(version) with { Ccm = null }));
    }

    [Fact]
    public void A_malformed_pinned_image_is_an_error()
    {
        var error = Assert.Single(ClusterSpecValidator.Validate(Spec(ccm: new CcmSpec("bad image"))));
        Assert.Equal("ccm.image", error.Path.ToString());
    }

    [Fact]
    public void Disabled_renders_no_ccm_object_and_no_ccm_label()
    {
        var rendered = ClusterRenderer.Render(Spec() with { Ccm = null });
        Assert.DoesNotContain(rendered.Manifests, m => ((string?)m["metadata"]!["name"])!.Contains("ccm", StringComparison.Ordinal));
        Assert.Null(Get(rendered, "Cluster", "demo")["metadata"]!["labels"]!["ccm"]);
    }

    [Fact]
    public void Read_back_gives_the_settings_and_a_hand_edited_pinned_image_shows()
    {
        Assert.Equal(CcmSpec.Default, ClusterReader.Read(LiveClusters.Bundle(ClusterRenderer.Render(Spec()).Manifests)).Spec.Ccm);
        Assert.Null(ClusterReader.Read(LiveClusters.Bundle(ClusterRenderer.Render(Spec() with { Ccm = null }).Manifests)).Spec.Ccm);
        var pinned = ClusterRenderer.Render(Spec(ccm: new CcmSpec("mirror.example.com/ccm/controller:v1")));
        Assert.Equal(new CcmSpec("mirror.example.com/ccm/controller:v1"), ClusterReader.Read(LiveClusters.Bundle(pinned.Manifests)).Spec.Ccm);

        var edited = pinned.Manifests.Select(m => m.DeepClone().AsObject()).ToList();
        var cm = edited.Single(m => (string?)m["kind"] == "ConfigMap" && (string?)m["metadata"]!["name"] == "demo-ccm");
        cm["data"]![CcmAddonBuilder.ManifestsKey] = ((string)cm["data"]![CcmAddonBuilder.ManifestsKey]!).Replace("controller:v1", "controller:v2", StringComparison.Ordinal);
        Assert.Equal(new CcmSpec("mirror.example.com/ccm/controller:v2"), ClusterReader.Read(LiveClusters.Bundle(edited)).Spec.Ccm);
    }
}
