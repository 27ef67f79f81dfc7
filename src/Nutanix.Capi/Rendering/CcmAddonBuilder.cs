using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>
/// The Nutanix cloud controller manager delivered to a workload cluster the way CAPX's cluster template delivers it,
/// as three management-cluster objects:
/// <list type="bullet">
/// <item>ConfigMap <c>&lt;cluster&gt;-ccm</c>: the CCM's workload-side objects (ServiceAccount, ClusterRole and binding,
/// the <c>kube-system/nutanix-config</c> ConfigMap with the CCM's Prism Central settings, the optional trust-bundle
/// ConfigMap, the Deployment);</item>
/// <item>Secret <c>&lt;cluster&gt;-ccm-credentials</c> of type <c>addons.cluster.x-k8s.io/resource-set</c>: wraps the
/// <c>kube-system/nutanix-creds</c> Secret (the CAPX credentials JSON the CCM's <c>credentialRef</c> names);</item>
/// <item>ClusterResourceSet <c>&lt;cluster&gt;-ccm</c>: selects the Cluster by the <c>ccm: nutanix</c> label (as CAPX's
/// template) and the cluster-name label (one set per cluster, each with its own Prism Central settings and control-plane
/// IP, so a set must not reach the other clusters of the namespace). Strategy <c>Reconcile</c>: Cluster API applies the
/// resources again when their content changes, so a credentials rotation reaches the workload cluster's copy.</item>
/// </list>
/// </summary>
public static class CcmAddonBuilder
{
    /// <summary>The label CAPX's template puts on the Cluster to receive the CCM.</summary>
    public const string ClusterLabel = "ccm";

    public const string ClusterLabelValue = "nutanix";

    /// <summary>Annotation on the ClusterResourceSet recording that <see cref="CcmSpec.Image"/> was set (not taken from the table).</summary>
    public const string PinnedImageAnnotation = "nutanix.terraform.io/ccm-image-pinned";

    /// <summary>The key of the ConfigMap holding the CCM objects.</summary>
    public const string ManifestsKey = "nutanix-ccm.yaml";

    /// <summary>The key of the resource-set Secret holding the credentials Secret.</summary>
    public const string SecretKey = "nutanix-ccm-secret.yaml";

    /// <summary>Names on the workload cluster (namespace <c>kube-system</c>).</summary>
    public const string WorkloadNamespace = "kube-system";

    public const string CredentialsSecretName = "nutanix-creds";

    public const string ConfigName = "nutanix-config";

    public const string TrustBundleName = "nutanix-ccm-pc-trusted-ca-bundle";

    public const string ServiceAccountName = "cloud-controller-manager";

    public const string RoleName = "system:cloud-controller-manager";

    public const string DeploymentName = "nutanix-cloud-controller-manager";

    /// <summary>The taint kubelet registers a node with under <c>--cloud-provider=external</c>, removed by the CCM.</summary>
    public const string UninitializedTaint = "node.cloudprovider.kubernetes.io/uninitialized";

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The ConfigMap and ClusterResourceSet name.</summary>
    public static string ResourceSetName(string cluster) => cluster + "-ccm";

    /// <summary>The resource-set Secret's name.</summary>
    public static string SecretName(string cluster) => cluster + "-ccm-credentials";

    /// <summary>True for the names of the CCM's management-cluster objects of <paramref name="cluster"/>.</summary>
    public static bool IsCcmObject(string cluster, string objectName) =>
        objectName == ResourceSetName(cluster) || objectName == SecretName(cluster);

    /// <summary>The image the cluster runs: the pinned one, else the table's for its version; null when neither is known.</summary>
    public static string? Image(WorkloadClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Ccm is not { } ccm) return null;
        if (ccm.Image is { Length: > 0 } pinned) return pinned;
        return KubernetesVersion.TryParse(spec.KubernetesVersion, out var version) ? CcmReleases.ImageFor(version!) : null;
    }

    /// <summary>The errors of the CCM settings: no release known for the minor without a pinned image, or a malformed image.</summary>
    public static IEnumerable<SpecFieldError> Validate(WorkloadClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Ccm is not { } ccm) yield break;
        var path = SpecPath.Root.Field("ccm").Field("image");
        if (ccm.Image is { } image)
        {
            if (image.Length == 0 || image.Any(char.IsWhiteSpace))
            {
                yield return new SpecFieldError(path, $"CCM image \"{image}\" must be a container image reference without spaces, e.g. {CcmReleases.Repository}:v0.5.3");
            }

            yield break;
        }

        if (KubernetesVersion.TryParse(spec.KubernetesVersion, out var version) && CcmReleases.ImageFor(version!) is null)
        {
            var known = string.Join(", ", CcmReleases.Minors.Select(m => "1." + m.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            yield return new SpecFieldError(path,
                $"no Nutanix cloud controller manager release is known for Kubernetes {version!.Major}.{version.Minor} (known: {known}); set ccm.image to a {CcmReleases.Repository} image built for that version, or set ccm.enabled = false and install a cloud controller manager yourself");
        }
    }

    /// <summary>The labels the Cluster must carry to be selected; empty when the spec has no CCM.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ClusterLabels(WorkloadClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Ccm is not null) yield return new(ClusterLabel, ClusterLabelValue);
    }

    /// <summary>The ConfigMap, the resource-set Secret and the ClusterResourceSet, in apply order; empty when the spec has no CCM.</summary>
    public static IReadOnlyList<KubeObject> Build(WorkloadClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Ccm is not { } ccm) return [];
        var image = Image(spec) ?? throw new ArgumentException(string.Join("; ", Validate(spec).Select(e => $"{e.Path}: {e.Message}")), nameof(spec));
        var name = ResourceSetName(spec.Name);
        var configMap = Manifest.Create(CapiResources.ConfigMap, name, spec, new ConfigMapObject
        {
            Data = new(StringComparer.Ordinal) { [ManifestsKey] = YamlJson.Write(WorkloadObjects(spec, image)) },
        });
        var secret = CredentialsResourceSecret(spec.Name, spec.Namespace, spec.Credentials, spec.Labels);
        var set = Manifest.Create(CapiResources.ClusterResourceSet, name, spec, new ClusterResourceSetObject
        {
            Spec = new ClusterResourceSetSpec
            {
                ClusterSelector = new LabelSelector(new(StringComparer.Ordinal)
                {
                    [ClusterLabel] = ClusterLabelValue,
                    [ClusterNaming.ClusterNameLabel] = spec.Name,
                }),
                Resources = [Manifest.LocalRef(CapiResources.ConfigMap, name), Manifest.LocalRef(CapiResources.Secret, SecretName(spec.Name))],
                Strategy = "Reconcile",
            },
        });
        if (ccm.Image is not null)
        {
            set = set with { Metadata = set.Metadata! with { Annotations = new(StringComparer.Ordinal) { [PinnedImageAnnotation] = "true" } } };
        }

        return [configMap, secret, set];
    }

    /// <summary>
    /// The resource-set Secret wrapping <c>kube-system/nutanix-creds</c>, exactly as the cluster renders it, so that a
    /// credentials rotation can apply it on its own.
    /// </summary>
    public static SecretObject CredentialsResourceSecret(string clusterName, string ns, PrismCredentials credentials, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var inner = new SecretObject
        {
            ApiVersion = CapiResources.Secret.ApiVersion,
            Kind = CapiResources.Secret.Kind,
            Metadata = new ObjectMeta { Name = CredentialsSecretName, Namespace = WorkloadNamespace },
            Type = "Opaque",
            Data = new(StringComparer.Ordinal) { ["credentials"] = Base64(CredentialsSecret.Json(credentials)) },
        };
        return Manifest.Create(CapiResources.Secret, SecretName(clusterName), clusterName, ns, labels ?? new Dictionary<string, string>(), new SecretObject
        {
            Type = "addons.cluster.x-k8s.io/resource-set",
            Data = new(StringComparer.Ordinal) { [SecretKey] = Base64(YamlJson.Write(CapiJson.ToNode(inner))) },
        });
    }

    /// <summary>
    /// The CCM settings the live objects show: null when the cluster has no CCM ClusterResourceSet; the image only when
    /// it was pinned (read from the Deployment in the ConfigMap, so a hand edit shows as drift).
    /// </summary>
    public static CcmSpec? Read(LiveCluster live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var name = ResourceSetName(live.Name);
        var set = live.ClusterResourceSets.FirstOrDefault(s => (string?)s["metadata"]?["name"] == name);
        if (set is null) return null;
        if (Json.Text(set["metadata"]?["annotations"]?[PinnedImageAnnotation]) != "true") return CcmSpec.Default;
        var yaml = live.ConfigMaps.TryGetValue(name, out var cm) ? Json.Text(cm["data"]?[ManifestsKey]) : null;
        return new CcmSpec(yaml is null ? "" : ImageIn(yaml) ?? "");
    }

    /// <summary>The CCM container's image in the ConfigMap's manifests; null when there is no CCM Deployment or the text is not YAML.</summary>
    public static string? ImageIn(string manifestsYaml)
    {
        ArgumentNullException.ThrowIfNull(manifestsYaml);
        try
        {
            var deployment = YamlJson.ReadDocuments(manifestsYaml).OfType<JsonObject>()
                .FirstOrDefault(o => (string?)o["kind"] == "Deployment" && (string?)o["metadata"]?["name"] == DeploymentName);
            return (deployment?["spec"]?["template"]?["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>()
                .Select(c => Json.Text(c["image"])).FirstOrDefault(i => i is not null);
        }
        catch (YamlJsonException)
        {
            return null;
        }
    }

    private static List<JsonObject> WorkloadObjects(WorkloadClusterSpec spec, string image)
    {
        var hasBundle = !string.IsNullOrEmpty(spec.PrismCentral.AdditionalTrustBundle);
        var prismCentral = new JsonObject
        {
            ["address"] = spec.PrismCentral.Address,
            ["port"] = spec.PrismCentral.Port,
            ["insecure"] = spec.PrismCentral.Insecure,
            ["credentialRef"] = new JsonObject { ["kind"] = "secret", ["name"] = CredentialsSecretName, ["namespace"] = WorkloadNamespace },
        };
        if (hasBundle)
        {
            prismCentral["additionalTrustBundle"] = new JsonObject { ["kind"] = "ConfigMap", ["name"] = TrustBundleName, ["namespace"] = WorkloadNamespace };
        }

        var config = new JsonObject
        {
            ["prismCentral"] = prismCentral,
            ["enableCustomLabeling"] = false,
            ["topologyDiscovery"] = new JsonObject { ["type"] = "Prism" },
            // The control-plane virtual IP moves between nodes (kube-vip): the CCM must not report it as a node address.
            ["ignoredNodeIPs"] = new JsonArray(spec.ControlPlane.EndpointHost),
        };

        var objects = new List<JsonObject>
        {
            Workload("v1", "ServiceAccount", ServiceAccountName, WorkloadNamespace),
            WithBody(Workload("v1", "ConfigMap", ConfigName, WorkloadNamespace), "data",
                new JsonObject { ["nutanix_config.json"] = config.ToJsonString(IndentedJson) }),
        };
        if (hasBundle)
        {
            objects.Add(WithBody(Workload("v1", "ConfigMap", TrustBundleName, WorkloadNamespace), "data",
                new JsonObject { ["ca.crt"] = spec.PrismCentral.AdditionalTrustBundle }));
        }

        objects.Add(WithBody(Workload("rbac.authorization.k8s.io/v1", "ClusterRole", RoleName, null), "rules", new JsonArray(
            Rule("", ["secrets"], ["get", "list", "watch"]),
            Rule("", ["configmaps"], ["get", "list", "watch"]),
            Rule("", ["events"], ["create", "patch", "update"]),
            Rule("", ["nodes"], ["*"]),
            Rule("", ["nodes/status"], ["patch"]),
            Rule("", ["serviceaccounts"], ["create"]),
            Rule("", ["endpoints"], ["create", "get", "list", "watch", "update"]),
            Rule("coordination.k8s.io", ["leases"], ["get", "list", "watch", "create", "update", "patch", "delete"]))));
        var binding = Workload("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", RoleName, null);
        binding["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = RoleName };
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = ServiceAccountName, ["namespace"] = WorkloadNamespace });
        objects.Add(binding);
        objects.Add(Deployment(image));
        return objects;
    }

    private static JsonObject Deployment(string image)
    {
        var appLabels = new JsonObject { ["k8s-app"] = DeploymentName };
        var deployment = Workload("apps/v1", "Deployment", DeploymentName, WorkloadNamespace);
        deployment["metadata"]!.AsObject()["labels"] = appLabels.DeepClone();
        deployment["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = appLabels.DeepClone() },
            // One instance at a time (leader election); an old pod holds the host network port until it is gone.
            ["strategy"] = new JsonObject { ["type"] = "Recreate" },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = appLabels.DeepClone() },
                ["spec"] = new JsonObject
                {
                    // Host network: the CCM must run before any CNI made pod networking usable.
                    ["hostNetwork"] = true,
                    ["dnsPolicy"] = "Default",
                    ["priorityClassName"] = "system-cluster-critical",
                    ["serviceAccountName"] = ServiceAccountName,
                    ["nodeSelector"] = new JsonObject { ["node-role.kubernetes.io/control-plane"] = "" },
                    ["affinity"] = new JsonObject
                    {
                        ["podAntiAffinity"] = new JsonObject
                        {
                            ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(new JsonObject
                            {
                                ["labelSelector"] = new JsonObject { ["matchLabels"] = appLabels.DeepClone() },
                                ["topologyKey"] = "kubernetes.io/hostname",
                            }),
                        },
                    },
                    ["tolerations"] = new JsonArray(
                        Toleration("node-role.kubernetes.io/control-plane", "NoSchedule"),
                        Toleration("node-role.kubernetes.io/master", "NoSchedule"),
                        Toleration(UninitializedTaint, "NoSchedule"),
                        Toleration("node.kubernetes.io/not-ready", "NoSchedule"),
                        Toleration("node.kubernetes.io/not-ready", "NoExecute", 120),
                        Toleration("node.kubernetes.io/unreachable", "NoExecute", 120)),
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = DeploymentName,
                        ["image"] = image,
                        ["imagePullPolicy"] = "IfNotPresent",
                        ["args"] = new JsonArray("--leader-elect=true", "--cloud-config=/etc/cloud/nutanix_config.json"),
                        ["env"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "POD_NAMESPACE",
                            ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.namespace" } },
                        }),
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "50Mi" } },
                        ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "nutanix-config-volume", ["mountPath"] = "/etc/cloud", ["readOnly"] = true }),
                    }),
                    ["volumes"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "nutanix-config-volume",
                        ["configMap"] = new JsonObject { ["name"] = ConfigName },
                    }),
                },
            },
        };
        return deployment;
    }

    private static JsonObject Workload(string apiVersion, string kind, string name, string? ns)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null) metadata["namespace"] = ns;
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    private static JsonObject WithBody(JsonObject obj, string field, JsonNode value)
    {
        obj[field] = value;
        return obj;
    }

    private static JsonObject Rule(string group, string[] resources, string[] verbs) => new()
    {
        ["apiGroups"] = new JsonArray(JsonValue.Create(group)),
        ["resources"] = new JsonArray(resources.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
        ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
    };

    private static JsonObject Toleration(string key, string effect, int? seconds = null)
    {
        var t = new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = effect };
        if (seconds is { } s) t["tolerationSeconds"] = s;
        return t;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
