using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Tests;

public sealed class RenderingTests
{
    private const string PeUuid = "0005f2a1-1b2c-4d5e-8f90-123456789abc";

    private static MachineSpec Machine(string memory = "4Gi") => new()
    {
        VcpuSockets = 2,
        VcpusPerSocket = 1,
        Memory = Quantity.Parse(memory),
        SystemDiskSize = Quantity.Parse("40Gi"),
        Cluster = NutanixResourceIdentifier.Parse(PeUuid),
        Subnets = [NutanixResourceIdentifier.Parse("vlan-10")],
        Image = NutanixResourceIdentifier.Parse("ubuntu-2204-kube-v1.31.4"),
    };

    private static WorkloadClusterSpec Spec(string version = "v1.31.4") => new()
    {
        Name = "demo",
        Namespace = "clusters",
        KubernetesVersion = version,
        PrismCentral = new PrismCentralEndpoint("pc.example.com"),
        Credentials = PrismCredentials.Basic("admin", "s3cr3t<&>\"pw"),
        ControlPlane = new ControlPlaneSpec(3, Machine(), "10.0.0.100"),
        SshAuthorizedKeys = ["ssh-ed25519 AAAAC3Nza demo@example"],
        WorkerPools =
        [
            new WorkerPoolSpec
            {
                Name = "workers",
                Machine = Machine("8Gi") with
                {
                    BootType = BootType.Uefi,
                    Project = NutanixResourceIdentifier.Parse("team-a"),
                    AdditionalCategories = [new CategoryIdentifier("AppType", "Kubernetes")],
                    DataDisks =
                    [
                        new DataDisk
                        {
                            Size = Quantity.Parse("100Gi"),
                            DiskMode = "Flash",
                            DeviceIndex = 1,
                            StorageContainer = NutanixResourceIdentifier.Parse("default-container"),
                        },
                    ],
                    Gpus = [GpuIdentifier.Parse("8192"), GpuIdentifier.Parse("Tesla T4")],
                },
                NodeLabels = new Dictionary<string, string> { ["tier"] = "backend", ["node-role.kubernetes.io/worker"] = "" },
                Taints = [new NodeTaint("dedicated", "backend", "NoSchedule")],
                Autoscaling = new AutoscalingSpec(1, 5),
            },
            new WorkerPoolSpec
            {
                Name = "gpu",
                Replicas = 1,
                Machine = Machine() with { Image = null, ImageLookup = new ImageLookup("ubuntu-22.04") },
            },
        ],
    };

    private static JsonObject Get(RenderedCluster r, string kind, string name) =>
        r.Find(kind, name) ?? throw new InvalidOperationException($"{kind} {name} not rendered; have: {string.Join(", ", r.Manifests.Select(m => $"{m["kind"]}/{m["metadata"]!["name"]}"))}");

    [Fact]
    public void EveryRenderedObjectValidatesAgainstTheRealCrds()
    {
        var spec = Spec() with
        {
            PrismCentral = new PrismCentralEndpoint("pc.example.com", 9440, false, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
            Addons = [new AddonManifest("cni", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: calico-system\n")],
        };
        var rendered = ClusterRenderer.Render(spec);
        var checkedCount = 0;
        foreach (var manifest in rendered.Manifests)
        {
            var copy = manifest.DeepClone().AsObject();
            if (CrdFixture.Registry.Resolve((string)copy["apiVersion"]!, (string)copy["kind"]!) is null)
            {
                Assert.Equal("v1", (string?)copy["apiVersion"]);
                continue;
            }

            Assert.Empty(CrdFixture.Registry.Prune(copy));
            CrdFixture.Registry.ApplyDefaults(copy);
            var errors = CrdFixture.Registry.Validate(copy);
            Assert.True(errors.Count == 0, $"{copy["kind"]}/{copy["metadata"]!["name"]}:\n{string.Join("\n", errors)}");
            checkedCount++;
        }

        // Cluster, NutanixCluster, KCP, 3 NMT, 2 MD, 2 KCT, MHC, CRS
        Assert.Equal(12, checkedCount);
    }

    [Fact]
    public void OutputIsByteDeterministicAndRoundTripsThroughYaml()
    {
        var a = ClusterRenderer.Render(Spec()).ToYaml();
        var b = ClusterRenderer.Render(Spec()).ToYaml();
        Assert.Equal(a, b);
        var docs = YamlJson.ReadDocuments(a);
        var rendered = ClusterRenderer.Render(Spec());
        Assert.Equal(rendered.Manifests.Count, docs.Count);
        for (var i = 0; i < docs.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(rendered.Manifests[i], docs[i]), $"document {i} differs after YAML round trip");
        }
    }

    [Fact]
    public void ObjectsAreOrderedAndLabelled()
    {
        var r = ClusterRenderer.Render(Spec());
        var kinds = r.Manifests.Select(m => (string)m["kind"]!).ToList();
        Assert.Equal("Secret", kinds[0]);
        Assert.True(kinds.IndexOf("KubeadmConfigTemplate") < kinds.IndexOf("Cluster"));
        Assert.True(kinds.IndexOf("Cluster") < kinds.IndexOf("KubeadmControlPlane"));
        Assert.True(kinds.IndexOf("KubeadmControlPlane") < kinds.IndexOf("NutanixCluster"));
        foreach (var m in r.Manifests)
        {
            Assert.Equal("clusters", (string?)m["metadata"]!["namespace"]);
            Assert.Equal("demo", (string?)m["metadata"]!["labels"]!["cluster.x-k8s.io/cluster-name"]);
            Assert.Equal("terraform-provider-nutanix", (string?)m["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]);
        }

        var cluster = Get(r, "Cluster", "demo");
        Assert.Equal("cluster.x-k8s.io/v1beta1", (string?)cluster["apiVersion"]);
        Assert.Equal("172.20.0.0/16", (string?)cluster["spec"]!["clusterNetwork"]!["pods"]!["cidrBlocks"]![0]);
        Assert.Equal("demo-kcp", (string?)cluster["spec"]!["controlPlaneRef"]!["name"]);
        Assert.Equal("NutanixCluster", (string?)cluster["spec"]!["infrastructureRef"]!["kind"]);

        var nc = Get(r, "NutanixCluster", "demo");
        Assert.Equal("{\"host\":\"10.0.0.100\",\"port\":6443}", nc["spec"]!["controlPlaneEndpoint"]!.ToJsonString());
        Assert.Equal("{\"address\":\"pc.example.com\",\"port\":9440,\"insecure\":false,\"credentialRef\":{\"kind\":\"Secret\",\"name\":\"demo-credentials\"}}", nc["spec"]!["prismCentral"]!.ToJsonString());
    }

    [Fact]
    public void MachineTemplateNameChangesIffMachineSpecChanges()
    {
        var r1 = ClusterRenderer.Render(Spec());
        Assert.Matches("^demo-cp-[0-9a-f]{8}$", r1.Names.ControlPlaneMachineTemplate);
        Assert.Matches("^demo-workers-[0-9a-f]{8}$", r1.Names.WorkerPools["workers"].MachineTemplate);

        // Unrelated changes (replicas, version, pool labels) keep the machine template names.
        var spec2 = Spec("v1.32.0") with { ControlPlane = Spec().ControlPlane with { Replicas = 5 } };
        var r2 = ClusterRenderer.Render(spec2);
        Assert.Equal(r1.Names.ControlPlaneMachineTemplate, r2.Names.ControlPlaneMachineTemplate);
        Assert.Equal(r1.Names.WorkerPools["workers"].MachineTemplate, r2.Names.WorkerPools["workers"].MachineTemplate);

        // An equal quantity written differently is the same spec.
        var spec3 = Spec() with { ControlPlane = Spec().ControlPlane with { Machine = Machine("4096Mi") } };
        Assert.Equal(r1.Names.ControlPlaneMachineTemplate, ClusterRenderer.Render(spec3).Names.ControlPlaneMachineTemplate);

        // A machine change yields a new template name, referenced by the KCP.
        var spec4 = Spec() with { ControlPlane = Spec().ControlPlane with { Machine = Machine("6Gi") } };
        var r4 = ClusterRenderer.Render(spec4);
        Assert.NotEqual(r1.Names.ControlPlaneMachineTemplate, r4.Names.ControlPlaneMachineTemplate);
        Assert.Equal(r1.Names.WorkerPools["workers"].MachineTemplate, r4.Names.WorkerPools["workers"].MachineTemplate);
        var kcp = Get(r4, "KubeadmControlPlane", "demo-kcp");
        Assert.Equal(r4.Names.ControlPlaneMachineTemplate, (string?)kcp["spec"]!["machineTemplate"]!["spec"]!["infrastructureRef"]!["name"]);
        Assert.Equal("6Gi", (string?)Get(r4, "NutanixMachineTemplate", r4.Names.ControlPlaneMachineTemplate)["spec"]!["template"]!["spec"]!["memorySize"]);
    }

    [Fact]
    public void KubeVipStaticPodCarriesEndpointAndSettings()
    {
        var r = ClusterRenderer.Render(Spec());
        var kcp = Get(r, "KubeadmControlPlane", "demo-kcp");
        var file = kcp["spec"]!["kubeadmConfigSpec"]!["files"]![0]!;
        Assert.Equal("/etc/kubernetes/manifests/kube-vip.yaml", (string?)file["path"]);
        Assert.Equal("root:root", (string?)file["owner"]);
        var pod = YamlJson.ReadDocument((string)file["content"]!)!;
        Assert.Equal("Pod", (string?)pod["kind"]);
        var container = pod["spec"]!["containers"]![0]!;
        Assert.Equal("ghcr.io/kube-vip/kube-vip:v0.9.2", (string?)container["image"]);
        Assert.Equal("[\"manager\"]", container["args"]!.ToJsonString());
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string)e!["value"]!);
        Assert.Equal("10.0.0.100", env["address"]);
        Assert.Equal("6443", env["port"]);
        Assert.Equal("true", env["vip_arp"]);
        Assert.Equal("true", env["cp_enable"]);
        Assert.Equal("false", env["svc_enable"]);
        Assert.Equal("[\"NET_ADMIN\",\"SYS_TIME\",\"NET_RAW\"]", container["securityContext"]!["capabilities"]!["add"]!.ToJsonString());
        Assert.True((bool)pod["spec"]!["hostNetwork"]!);
        Assert.Equal("/etc/kubernetes/admin.conf", (string?)pod["spec"]!["volumes"]![0]!["hostPath"]!["path"]);
        Assert.Equal("v1.31.4", (string?)kcp["spec"]!["version"]);
        Assert.Equal(3, (int)kcp["spec"]!["replicas"]!);
        Assert.Equal("infrastructure.cluster.x-k8s.io", (string?)kcp["spec"]!["machineTemplate"]!["spec"]!["infrastructureRef"]!["apiGroup"]);
    }

    [Theory]
    [InlineData("v1.28.9", false, true)]
    [InlineData("1.29.0", true, true)]
    [InlineData("v1.31.4", true, true)]
    [InlineData("v1.33.1", true, false)]
    public void SuperAdminSwapAndCloudProviderFlagDependOnVersion(string version, bool superAdmin, bool apiServerCloudProvider)
    {
        var kcp = Get(ClusterRenderer.Render(Spec(version)), "KubeadmControlPlane", "demo-kcp");
        var cfg = kcp["spec"]!["kubeadmConfigSpec"]!;
        var pre = cfg["preKubeadmCommands"]!.AsArray().Select(x => (string)x!).ToList();
        var post = cfg["postKubeadmCommands"]!.AsArray().Select(x => (string)x!).ToList();
        Assert.Equal(superAdmin, pre.Any(c => c.Contains("path: /etc/kubernetes/admin.conf#path: /etc/kubernetes/super-admin.conf", StringComparison.Ordinal)));
        Assert.Equal(superAdmin, post.Any(c => c.Contains("path: /etc/kubernetes/super-admin.conf#path: /etc/kubernetes/admin.conf", StringComparison.Ordinal)));
        Assert.Contains("echo \"127.0.0.1   kubernetes\" >>/etc/hosts", pre);
        Assert.Contains("echo \"127.0.0.1   {{ ds.meta_data.hostname }}\" >>/etc/hosts", pre);
        var apiArgs = cfg["clusterConfiguration"]!["apiServer"]!["extraArgs"]!.AsArray();
        Assert.Equal(apiServerCloudProvider, apiArgs.Any(a => (string?)a!["name"] == "cloud-provider" && (string?)a["value"] == "external"));
        var kubelet = cfg["initConfiguration"]!["nodeRegistration"]!["kubeletExtraArgs"]!.AsArray();
        Assert.Contains(kubelet, a => (string?)a!["name"] == "cloud-provider" && (string?)a["value"] == "external");
        Assert.Equal("capiuser", (string?)cfg["users"]![0]!["name"]);
        Assert.Equal("ssh-ed25519 AAAAC3Nza demo@example", (string?)cfg["users"]![0]!["sshAuthorizedKeys"]![0]);
    }

    [Fact]
    public void CredentialsSecretUsesTheCapxFormat()
    {
        var r = ClusterRenderer.Render(Spec());
        var secret = Get(r, "Secret", "demo-credentials");
        Assert.Equal("Opaque", (string?)secret["type"]);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["credentials"]!));
        Assert.Equal("[{\"type\":\"basic_auth\",\"data\":{\"prismCentral\":{\"username\":\"admin\",\"password\":\"s3cr3t<&>\\\"pw\"},\"prismElements\":null}}]", json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("s3cr3t<&>\"pw", doc.RootElement[0].GetProperty("data").GetProperty("prismCentral").GetProperty("password").GetString());
        Assert.DoesNotContain("s3cr3t", PrismCredentials.Basic("admin", "s3cr3t").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKeyCredentialsVariant()
    {
        var r = ClusterRenderer.Render(Spec() with { Credentials = PrismCredentials.FromApiKey("key-123") });
        var json = Encoding.UTF8.GetString(Convert.FromBase64String((string)Get(r, "Secret", "demo-credentials")["data"]!["credentials"]!));
        Assert.Equal("[{\"type\":\"api_key\",\"data\":{\"prismCentral\":{\"apiKey\":\"key-123\"},\"prismElements\":null}}]", json);
        Assert.DoesNotContain("key-123", PrismCredentials.FromApiKey("key-123").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TrustBundleVariant()
    {
        const string pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        var without = ClusterRenderer.Render(Spec());
        Assert.Null(without.Names.TrustBundleConfigMap);
        Assert.DoesNotContain(without.Manifests, m => (string?)m["kind"] == "ConfigMap");

        var r = ClusterRenderer.Render(Spec() with { PrismCentral = new PrismCentralEndpoint("pc.example.com", 9440, true, pem) });
        Assert.Equal("demo-pc-trusted-ca-bundle", r.Names.TrustBundleConfigMap);
        Assert.Equal(pem, (string?)Get(r, "ConfigMap", "demo-pc-trusted-ca-bundle")["data"]!["ca.crt"]);
        var pc = Get(r, "NutanixCluster", "demo")["spec"]!["prismCentral"]!;
        Assert.Equal("{\"kind\":\"ConfigMap\",\"name\":\"demo-pc-trusted-ca-bundle\"}", pc["additionalTrustBundle"]!.ToJsonString());
        Assert.True((bool)pc["insecure"]!);
        Assert.Contains("ca.crt: |\n", r.ToYaml(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddonsAreDeliveredByClusterResourceSets()
    {
        const string cni = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: calico-system\n";
        var r = ClusterRenderer.Render(Spec() with { Addons = [new AddonManifest("cni", cni), new AddonManifest("ccm", "kind: List\n", Reconcile: true)] });
        Assert.Equal(cni, (string?)Get(r, "ConfigMap", "demo-addon-cni")["data"]!["cni.yaml"]);
        var crs = Get(r, "ClusterResourceSet", "demo-addon-cni");
        Assert.Equal("addons.cluster.x-k8s.io/v1beta2", (string?)crs["apiVersion"]);
        Assert.Equal("{\"addons.terraform-provider-nutanix/cni\":\"demo\"}", crs["spec"]!["clusterSelector"]!["matchLabels"]!.ToJsonString());
        Assert.Equal("[{\"kind\":\"ConfigMap\",\"name\":\"demo-addon-cni\"}]", crs["spec"]!["resources"]!.ToJsonString());
        Assert.Equal("ApplyOnce", (string?)crs["spec"]!["strategy"]);
        Assert.Equal("Reconcile", (string?)Get(r, "ClusterResourceSet", "demo-addon-ccm")["spec"]!["strategy"]);
        var labels = Get(r, "Cluster", "demo")["metadata"]!["labels"]!;
        Assert.Equal("demo", (string?)labels["addons.terraform-provider-nutanix/cni"]);
        Assert.Equal("demo", (string?)labels["addons.terraform-provider-nutanix/ccm"]);
    }

    [Fact]
    public void WorkerPoolCarriesLabelsTaintsAndMachineDetails()
    {
        var r = ClusterRenderer.Render(Spec());
        var names = r.Names.WorkerPools["workers"];
        var md = Get(r, "MachineDeployment", "demo-workers");
        Assert.False(md["spec"]!.AsObject().ContainsKey("replicas"));
        Assert.Equal(1, (int)Get(r, "MachineDeployment", "demo-gpu")["spec"]!["replicas"]!);
        Assert.Equal(names.BootstrapTemplate, (string?)md["spec"]!["template"]!["spec"]!["bootstrap"]!["configRef"]!["name"]);
        Assert.Equal(names.MachineTemplate, (string?)md["spec"]!["template"]!["spec"]!["infrastructureRef"]!["name"]);
        Assert.Equal("", (string?)md["spec"]!["template"]!["metadata"]!["labels"]!["node-role.kubernetes.io/worker"]);
        Assert.Equal("5", (string?)md["metadata"]!["annotations"]!["cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"]);

        var kct = Get(r, "KubeadmConfigTemplate", names.BootstrapTemplate);
        var reg = kct["spec"]!["template"]!["spec"]!["joinConfiguration"]!["nodeRegistration"]!;
        Assert.Contains(reg["kubeletExtraArgs"]!.AsArray(), a => (string?)a!["name"] == "node-labels" && (string?)a["value"] == "tier=backend");
        Assert.Equal("[{\"key\":\"dedicated\",\"value\":\"backend\",\"effect\":\"NoSchedule\"}]", reg["taints"]!.ToJsonString());

        var nmt = Get(r, "NutanixMachineTemplate", names.MachineTemplate)["spec"]!["template"]!["spec"]!;
        Assert.Equal("uefi", (string?)nmt["bootType"]);
        Assert.Equal("8Gi", (string?)nmt["memorySize"]);
        Assert.Equal($"{{\"type\":\"uuid\",\"uuid\":\"{PeUuid}\"}}", nmt["cluster"]!.ToJsonString());
        Assert.Equal("[{\"type\":\"name\",\"name\":\"vlan-10\"}]", nmt["subnet"]!.ToJsonString());
        Assert.Equal("{\"type\":\"name\",\"name\":\"team-a\"}", nmt["project"]!.ToJsonString());
        Assert.Equal("[{\"key\":\"AppType\",\"value\":\"Kubernetes\"}]", nmt["additionalCategories"]!.ToJsonString());
        Assert.Equal("[{\"type\":\"deviceID\",\"deviceID\":8192},{\"type\":\"name\",\"name\":\"Tesla T4\"}]", nmt["gpus"]!.ToJsonString());
        Assert.Equal("100Gi", (string?)nmt["dataDisks"]![0]!["diskSize"]);

        var gpuPool = Get(r, "NutanixMachineTemplate", r.Names.WorkerPools["gpu"].MachineTemplate)["spec"]!["template"]!["spec"]!;
        Assert.Null(gpuPool["image"]);
        Assert.Equal("{\"baseOS\":\"ubuntu-22.04\"}", gpuPool["imageLookup"]!.ToJsonString());

        var mhc = Get(r, "MachineHealthCheck", "demo-mhc");
        Assert.Equal("40%", (string?)mhc["spec"]!["maxUnhealthy"]);
        Assert.Equal(6, mhc["spec"]!["unhealthyConditions"]!.AsArray().Count);
    }

    [Fact]
    public void InvalidInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => ClusterRenderer.Render(Spec() with { Name = "Demo_1" }));
        Assert.Throws<ArgumentException>(() => ClusterRenderer.Render(Spec() with { ControlPlane = Spec().ControlPlane with { Machine = Machine("1Gi") } }));
        Assert.Throws<ArgumentException>(() => ClusterRenderer.Render(Spec() with { ControlPlane = Spec().ControlPlane with { Machine = Machine() with { ImageLookup = new ImageLookup("x") } } }));
        Assert.Throws<ArgumentException>(() => ClusterRenderer.Render(Spec() with { WorkerPools = [Spec().WorkerPools[0], Spec().WorkerPools[0]] }));
        Assert.Throws<ArgumentException>(() => ClusterRenderer.Render(Spec() with { WorkerPools = [Spec().WorkerPools[0] with { Taints = [new NodeTaint("a", null, "Sometimes")] }] }));
        Assert.Throws<FormatException>(() => ClusterRenderer.Render(Spec("latest")));
        var forbidden = Assert.Throws<ArgumentException>(() => ClusterRenderer.Render(Spec() with
        {
            WorkerPools = [Spec().WorkerPools[0] with { NodeLabels = new Dictionary<string, string> { ["example.kubernetes.io/x"] = "y" } }],
        }));
        Assert.Contains("example.kubernetes.io/x", forbidden.Message, StringComparison.Ordinal);
        var allowed = ClusterRenderer.Render(Spec() with
        {
            WorkerPools = [Spec().WorkerPools[0] with { NodeLabels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "z1", ["node.cluster.x-k8s.io/pool"] = "a" } }],
        });
        var kct = allowed.Find("KubeadmConfigTemplate", allowed.Names.WorkerPools["workers"].BootstrapTemplate)!;
        Assert.Contains(kct["spec"]!["template"]!["spec"]!["joinConfiguration"]!["nodeRegistration"]!["kubeletExtraArgs"]!.AsArray(),
            a => (string?)a!["name"] == "node-labels" && (string?)a["value"] == "topology.kubernetes.io/zone=z1");
        Assert.Equal("a", (string?)allowed.Find("MachineDeployment", "demo-workers")!["spec"]!["template"]!["metadata"]!["labels"]!["node.cluster.x-k8s.io/pool"]);
    }

    [Fact]
    public void SpecHashIsAFixedFunctionOfTheCanonicalJson()
    {
        // sha256('{"a":"x\"yé","b":1,"c":[true,null,{"d":"\u000a"}]}')[..8]: a regression guard, since template names
        // derived from this hash must not change between releases (that would roll every machine).
        var value = new JsonObject
        {
            ["c"] = new JsonArray(true, null, new JsonObject { ["d"] = "\n" }),
            ["b"] = 1,
            ["a"] = "x\"yé",
        };
        Assert.Equal("8ef6a49b", ClusterRenderer.SpecHash(value));
    }
}
