using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nutanix.Capi.Schema;
using Nutanix.Capi.Yaml;

namespace Nutanix.Capi.Rendering;

/// <summary>
/// Renders a <see cref="WorkloadClusterSpec"/> into the CAPI v1.13 / CAPX v1.10.3 manifests of the CAPX
/// <c>cluster-template.yaml</c> shape: Cluster, NutanixCluster, KubeadmControlPlane (with the kube-vip static pod),
/// per-pool MachineDeployment + KubeadmConfigTemplate + NutanixMachineTemplate, MachineHealthCheck, the per-cluster
/// credentials Secret, the optional trust-bundle ConfigMap and addon ClusterResourceSets.
/// Machine and bootstrap template names carry a hash of their spec so that a change produces a new template and
/// CAPI rolls the machines.
/// </summary>
public static class ClusterRenderer
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "terraform-provider-nutanix";
    public const string ClusterNameLabel = "cluster.x-k8s.io/cluster-name";
    public const string DeploymentNameLabel = "cluster.x-k8s.io/deployment-name";
    public const string AddonLabelPrefix = "addons.terraform-provider-nutanix/";

    public const string ClusterApiVersion = "cluster.x-k8s.io/v1beta1";
    public const string InfraApiVersion = "infrastructure.cluster.x-k8s.io/v1beta1";
    public const string InfraApiGroup = "infrastructure.cluster.x-k8s.io";
    public const string ControlPlaneApiVersion = "controlplane.cluster.x-k8s.io/v1beta2";
    public const string BootstrapApiVersion = "bootstrap.cluster.x-k8s.io/v1beta2";
    public const string AddonsApiVersion = "addons.cluster.x-k8s.io/v1beta2";

    private const string TlsCipherSuites =
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";

    private const string EvictionHard = "nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%,memory.available<100Mi,imagefs.inodesFree<10%";

    private const string KubeVipManifestPath = "/etc/kubernetes/manifests/kube-vip.yaml";

    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Renders the cluster; throws <see cref="ArgumentException"/> for invalid input.</summary>
    public static RenderedCluster Render(WorkloadClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ValidateInput(spec);
        var version = KubernetesVersion.Parse(spec.KubernetesVersion);
        var name = spec.Name;
        var manifests = new List<JsonObject>();

        string? trustBundleName = null;
        if (!string.IsNullOrEmpty(spec.PrismCentral.AdditionalTrustBundle))
        {
            trustBundleName = name + "-pc-trusted-ca-bundle";
            manifests.Add(Object("v1", "ConfigMap", trustBundleName, spec, new JsonObject
            {
                ["data"] = new JsonObject { ["ca.crt"] = spec.PrismCentral.AdditionalTrustBundle },
            }));
        }

        var secretName = CredentialsSecretName(name);
        manifests.Add(CredentialsSecret(name, spec.Namespace, spec.Credentials, spec.Labels));

        var clusterLabels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var addon in spec.Addons)
        {
            var addonName = $"{name}-addon-{addon.Name}";
            var label = AddonLabelPrefix + addon.Name;
            clusterLabels[label] = name;
            manifests.Add(Object("v1", "ConfigMap", addonName, spec, new JsonObject
            {
                ["data"] = new JsonObject { [addon.Name + ".yaml"] = addon.Manifests },
            }));
            manifests.Add(Object(AddonsApiVersion, "ClusterResourceSet", addonName, spec, new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["clusterSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { [label] = name } },
                    ["resources"] = new JsonArray(new JsonObject { ["kind"] = "ConfigMap", ["name"] = addonName }),
                    ["strategy"] = addon.Reconcile ? "Reconcile" : "ApplyOnce",
                },
            }));
        }

        // Worker pools: bootstrap + machine templates (hash-named) and MachineDeployments.
        var poolNames = new SortedDictionary<string, WorkerPoolNames>(StringComparer.Ordinal);
        var machineTemplates = new List<JsonObject>();
        var deployments = new List<JsonObject>();
        foreach (var pool in spec.WorkerPools)
        {
            var kctSpec = WorkerBootstrapSpec(spec, pool);
            var kctName = $"{name}-{pool.Name}-bootstrap-{SpecHash(kctSpec)}";
            manifests.Add(Object(BootstrapApiVersion, "KubeadmConfigTemplate", kctName, spec, new JsonObject
            {
                ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = kctSpec } },
            }));

            var machineSpec = MachineSpecJson(pool.Machine);
            var nmtName = $"{name}-{pool.Name}-{SpecHash(machineSpec)}";
            machineTemplates.Add(Object(InfraApiVersion, "NutanixMachineTemplate", nmtName, spec, new JsonObject
            {
                ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = machineSpec } },
            }));

            var mdName = $"{name}-{pool.Name}";
            deployments.Add(MachineDeployment(spec, pool, version, mdName, kctName, nmtName));
            poolNames[pool.Name] = new WorkerPoolNames(mdName, nmtName, kctName);
        }

        var kcpName = name + "-kcp";
        var cpMachineSpec = MachineSpecJson(spec.ControlPlane.Machine);
        var cpTemplateName = $"{name}-cp-{SpecHash(cpMachineSpec)}";

        var cluster = Object(ClusterApiVersion, "Cluster", name, spec, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["clusterNetwork"] = new JsonObject
                {
                    ["pods"] = new JsonObject { ["cidrBlocks"] = new JsonArray(spec.PodCidr) },
                    ["serviceDomain"] = spec.ServiceDomain,
                    ["services"] = new JsonObject { ["cidrBlocks"] = new JsonArray(spec.ServiceCidr) },
                },
                ["controlPlaneRef"] = new JsonObject
                {
                    ["apiVersion"] = ControlPlaneApiVersion,
                    ["kind"] = "KubeadmControlPlane",
                    ["name"] = kcpName,
                },
                ["infrastructureRef"] = new JsonObject
                {
                    ["apiVersion"] = InfraApiVersion,
                    ["kind"] = "NutanixCluster",
                    ["name"] = name,
                },
            },
        });
        var clusterMetaLabels = cluster["metadata"]!["labels"]!.AsObject();
        foreach (var (k, v) in clusterLabels)
        {
            clusterMetaLabels[k] = v;
        }

        manifests.Add(cluster);
        manifests.AddRange(deployments);

        if (spec.MachineHealthCheck)
        {
            manifests.Add(MachineHealthCheck(spec));
        }

        manifests.Add(KubeadmControlPlane(spec, version, kcpName, cpTemplateName));

        var prismCentral = new JsonObject
        {
            ["address"] = spec.PrismCentral.Address,
            ["port"] = spec.PrismCentral.Port,
            ["insecure"] = spec.PrismCentral.Insecure,
            ["credentialRef"] = new JsonObject { ["kind"] = "Secret", ["name"] = secretName },
        };
        if (trustBundleName is not null)
        {
            prismCentral["additionalTrustBundle"] = new JsonObject { ["kind"] = "ConfigMap", ["name"] = trustBundleName };
        }

        manifests.Add(Object(InfraApiVersion, "NutanixCluster", name, spec, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["controlPlaneEndpoint"] = new JsonObject { ["host"] = spec.ControlPlane.EndpointHost, ["port"] = spec.ControlPlane.EndpointPort },
                ["prismCentral"] = prismCentral,
            },
        }));

        manifests.Add(Object(InfraApiVersion, "NutanixMachineTemplate", cpTemplateName, spec, new JsonObject
        {
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = cpMachineSpec } },
        }));
        manifests.AddRange(machineTemplates);

        var names = new RenderedNames(name, spec.Namespace, secretName, trustBundleName, kcpName, cpTemplateName, poolNames);
        return new RenderedCluster(manifests, names);
    }

    /// <summary>Name of a cluster's CAPX credentials Secret (referenced by the NutanixCluster's <c>credentialRef</c>).</summary>
    public static string CredentialsSecretName(string clusterName) => clusterName + "-credentials";

    /// <summary>
    /// The cluster's CAPX credentials Secret exactly as <see cref="Render"/> renders it (same labels), so that it can
    /// be applied on its own when the credentials change, e.g. after a rotation of the account it was copied from.
    /// </summary>
    public static JsonObject CredentialsSecret(string clusterName, string ns, PrismCredentials credentials, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Object("v1", "Secret", CredentialsSecretName(clusterName), clusterName, ns, labels ?? new Dictionary<string, string>(), new JsonObject
        {
            ["type"] = "Opaque",
            ["data"] = new JsonObject { ["credentials"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(CredentialsJson(credentials))) },
        });
    }

    /// <summary>
    /// The CAPX credentials JSON (Secret key <c>credentials</c>):
    /// <c>[{"type":"basic_auth","data":{"prismCentral":{"username":..,"password":..},"prismElements":null}}]</c> or the
    /// <c>api_key</c> variant with <c>{"apiKey":..}</c>.
    /// </summary>
    public static string CredentialsJson(PrismCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var pc = credentials.IsApiKey
            ? new JsonObject { ["apiKey"] = credentials.ApiKey }
            : new JsonObject { ["username"] = credentials.Username, ["password"] = credentials.Password };
        var entry = new JsonObject
        {
            ["type"] = credentials.IsApiKey ? "api_key" : "basic_auth",
            ["data"] = new JsonObject { ["prismCentral"] = pc, ["prismElements"] = null },
        };
        return new JsonArray(entry).ToJsonString(CompactJson);
    }

    /// <summary>The kube-vip static pod manifest written to <c>/etc/kubernetes/manifests/kube-vip.yaml</c>.</summary>
    public static string KubeVipManifest(WorkloadClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var services = spec.KubeVipServices ? "true" : "false";
        var env = new JsonArray();
        foreach (var (k, v) in new (string, string)[]
        {
            ("vip_arp", "true"),
            ("address", spec.ControlPlane.EndpointHost),
            ("port", spec.ControlPlane.EndpointPort.ToString(CultureInfo.InvariantCulture)),
            ("vip_subnet", "32"),
            ("cp_enable", "true"),
            ("cp_namespace", "kube-system"),
            ("vip_ddns", "false"),
            ("vip_leaderelection", "true"),
            ("vip_leaseduration", "15"),
            ("vip_renewdeadline", "10"),
            ("vip_retryperiod", "2"),
            ("svc_enable", services),
            ("lb_enable", services),
            ("enableServicesElection", services),
        })
        {
            env.Add((JsonNode)new JsonObject { ["name"] = k, ["value"] = v });
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "kube-vip", ["namespace"] = "kube-system" },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "kube-vip",
                    ["image"] = spec.KubeVipImage,
                    ["imagePullPolicy"] = "IfNotPresent",
                    ["args"] = new JsonArray("manager"),
                    ["env"] = env,
                    ["securityContext"] = new JsonObject
                    {
                        ["capabilities"] = new JsonObject { ["add"] = new JsonArray("NET_ADMIN", "SYS_TIME", "NET_RAW") },
                    },
                    ["volumeMounts"] = new JsonArray(new JsonObject { ["mountPath"] = "/etc/kubernetes/admin.conf", ["name"] = "kubeconfig" }),
                    ["resources"] = new JsonObject(),
                }),
                ["hostNetwork"] = true,
                ["volumes"] = new JsonArray(new JsonObject
                {
                    ["name"] = "kubeconfig",
                    ["hostPath"] = new JsonObject { ["type"] = "FileOrCreate", ["path"] = "/etc/kubernetes/admin.conf" },
                }),
            },
            ["status"] = new JsonObject(),
        };
        return YamlJson.Write(pod);
    }

    /// <summary>Eight hex characters of the SHA-256 of the value's canonical (key-sorted) JSON.</summary>
    public static string SpecHash(JsonNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var canonical = Canonical(value);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(hash)[..8];
    }

    // A fixed canonical form (sorted keys, minimal escaping done here rather than by an encoder whose defaults could
    // change between runtime versions): the hash names templates, so it must never drift or machines would roll.
    private static string Canonical(JsonNode? node)
    {
        var sb = new StringBuilder();
        AppendCanonical(sb, node);
        return sb.ToString();
    }

    private static void AppendCanonical(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    AppendString(sb, key);
                    sb.Append(':');
                    AppendCanonical(sb, value);
                }

                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    AppendCanonical(sb, a[i]);
                }

                sb.Append(']');
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                AppendString(sb, v.GetValue<string>());
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private static JsonObject KubeadmControlPlane(WorkloadClusterSpec spec, KubernetesVersion version, string kcpName, string templateName)
    {
        var apiServerArgs = new List<(string, string)> { ("tls-cipher-suites", TlsCipherSuites) };
        if (version < new KubernetesVersion(1, 33, 0))
        {
            // kube-apiserver lost --cloud-provider in 1.33; before that CAPX injects "external".
            apiServerArgs.Insert(0, ("cloud-provider", "external"));
        }

        var pre = new JsonArray(
            "hostnamectl set-hostname \"{{ ds.meta_data.hostname }}\"",
            "echo \"::1         ipv6-localhost ipv6-loopback\" >/etc/hosts",
            "echo \"127.0.0.1   localhost\" >>/etc/hosts",
            "echo \"127.0.0.1   kubernetes\" >>/etc/hosts",
            "echo \"127.0.0.1   {{ ds.meta_data.hostname }}\" >>/etc/hosts");
        var post = new JsonArray("echo export KUBECONFIG=/etc/kubernetes/admin.conf >> /root/.bashrc");
        if (version >= new KubernetesVersion(1, 29, 0))
        {
            // kubeadm >= 1.29 gives admin.conf no rights until the control plane is up on the first node; kube-vip
            // must use super-admin.conf during `kubeadm init` and switch back afterwards.
            pre.Add((JsonNode)$"if [ -f /run/kubeadm/kubeadm.yaml ]; then sed -i 's#path: /etc/kubernetes/admin.conf#path: /etc/kubernetes/super-admin.conf#' {KubeVipManifestPath}; fi");
            post.Add((JsonNode)$"if [ -f /run/kubeadm/kubeadm.yaml ]; then sed -i 's#path: /etc/kubernetes/super-admin.conf#path: /etc/kubernetes/admin.conf#' {KubeVipManifestPath}; fi");
        }

        var kubeadm = new JsonObject
        {
            ["clusterConfiguration"] = new JsonObject
            {
                ["apiServer"] = new JsonObject
                {
                    ["certSANs"] = new JsonArray("localhost", "127.0.0.1", "0.0.0.0"),
                    ["extraArgs"] = Args(apiServerArgs),
                },
                ["controllerManager"] = new JsonObject { ["extraArgs"] = Args([("tls-cipher-suites", TlsCipherSuites)]) },
                ["scheduler"] = new JsonObject { ["extraArgs"] = Args([("tls-cipher-suites", TlsCipherSuites)]) },
            },
            ["files"] = new JsonArray(new JsonObject
            {
                ["content"] = KubeVipManifest(spec),
                ["owner"] = "root:root",
                ["path"] = KubeVipManifestPath,
            }),
            ["initConfiguration"] = new JsonObject { ["nodeRegistration"] = new JsonObject { ["kubeletExtraArgs"] = Args(KubeletArgs(null)) } },
            ["joinConfiguration"] = new JsonObject { ["nodeRegistration"] = new JsonObject { ["kubeletExtraArgs"] = Args(KubeletArgs(null)) } },
            ["preKubeadmCommands"] = pre,
            ["postKubeadmCommands"] = post,
        };
        if (Users(spec) is { } users)
        {
            kubeadm["users"] = users;
        }

        return Object(ControlPlaneApiVersion, "KubeadmControlPlane", kcpName, spec, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["replicas"] = spec.ControlPlane.Replicas,
                ["version"] = version.ToString(),
                ["machineTemplate"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["infrastructureRef"] = new JsonObject
                        {
                            ["apiGroup"] = InfraApiGroup,
                            ["kind"] = "NutanixMachineTemplate",
                            ["name"] = templateName,
                        },
                    },
                },
                ["kubeadmConfigSpec"] = kubeadm,
            },
        });
    }

    private static JsonObject WorkerBootstrapSpec(WorkloadClusterSpec spec, WorkerPoolSpec pool)
    {
        var kubeletLabels = pool.NodeLabels
            .Where(l => !IsCapiSyncedLabel(l.Key))
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}={l.Value}")
            .ToList();
        var nodeRegistration = new JsonObject
        {
            ["kubeletExtraArgs"] = Args(KubeletArgs(kubeletLabels.Count == 0 ? null : string.Join(",", kubeletLabels))),
        };
        if (pool.Taints.Count > 0)
        {
            var taints = new JsonArray();
            foreach (var t in pool.Taints)
            {
                var taint = new JsonObject { ["key"] = t.Key };
                if (!string.IsNullOrEmpty(t.Value))
                {
                    taint["value"] = t.Value;
                }

                taint["effect"] = t.Effect;
                taints.Add((JsonNode)taint);
            }

            nodeRegistration["taints"] = taints;
        }

        var kct = new JsonObject
        {
            ["joinConfiguration"] = new JsonObject { ["nodeRegistration"] = nodeRegistration },
            ["preKubeadmCommands"] = new JsonArray("hostnamectl set-hostname \"{{ ds.meta_data.hostname }}\""),
        };
        if (Users(spec) is { } users)
        {
            kct["users"] = users;
        }

        return kct;
    }

    private static JsonObject MachineDeployment(WorkloadClusterSpec spec, WorkerPoolSpec pool, KubernetesVersion version, string mdName, string kctName, string nmtName)
    {
        var selector = new JsonObject { [ClusterNameLabel] = spec.Name, [DeploymentNameLabel] = mdName };
        var templateLabels = new JsonObject { [ClusterNameLabel] = spec.Name, [DeploymentNameLabel] = mdName };
        foreach (var (k, v) in pool.NodeLabels.Where(l => IsCapiSyncedLabel(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            templateLabels[k] = v;
        }

        var md = Object(ClusterApiVersion, "MachineDeployment", mdName, spec, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["clusterName"] = spec.Name,
                ["replicas"] = pool.Replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = selector },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = templateLabels },
                    ["spec"] = new JsonObject
                    {
                        ["clusterName"] = spec.Name,
                        ["version"] = version.ToString(),
                        ["bootstrap"] = new JsonObject
                        {
                            ["configRef"] = new JsonObject { ["apiVersion"] = BootstrapApiVersion, ["kind"] = "KubeadmConfigTemplate", ["name"] = kctName },
                        },
                        ["infrastructureRef"] = new JsonObject { ["apiVersion"] = InfraApiVersion, ["kind"] = "NutanixMachineTemplate", ["name"] = nmtName },
                    },
                },
            },
        });
        if (pool.AutoscalerMin is { } min && pool.AutoscalerMax is { } max)
        {
            // The autoscaler owns spec.replicas; re-applying a fixed count would fight it (CAPI defaults the
            // initial replicas from the min-size annotation).
            md["spec"]!.AsObject().Remove("replicas");
            md["metadata"]!["annotations"] = new JsonObject
            {
                ["cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"] = max.ToString(CultureInfo.InvariantCulture),
                ["cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size"] = min.ToString(CultureInfo.InvariantCulture),
            };
        }

        return md;
    }

    private static JsonObject MachineHealthCheck(WorkloadClusterSpec spec)
    {
        var conditions = new JsonArray();
        foreach (var (type, status) in new[] { ("Ready", "False"), ("Ready", "Unknown"), ("MemoryPressure", "True"), ("DiskPressure", "True"), ("PIDPressure", "True"), ("NetworkUnavailable", "True") })
        {
            conditions.Add((JsonNode)new JsonObject { ["type"] = type, ["status"] = status, ["timeout"] = "300s" });
        }

        return Object(ClusterApiVersion, "MachineHealthCheck", spec.Name + "-mhc", spec, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["clusterName"] = spec.Name,
                ["maxUnhealthy"] = "40%",
                ["nodeStartupTimeout"] = "10m",
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [ClusterNameLabel] = spec.Name } },
                ["unhealthyConditions"] = conditions,
            },
        });
    }

    /// <summary>The NutanixMachineTemplate <c>spec.template.spec</c> for a machine shape.</summary>
    public static JsonObject MachineSpecJson(MachineSpec machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var spec = new JsonObject
        {
            ["bootType"] = machine.BootType == BootType.Uefi ? "uefi" : "legacy",
            ["cluster"] = machine.Cluster.ToJson(),
        };
        if (machine.Image is not null)
        {
            spec["image"] = machine.Image.ToJson();
        }

        if (machine.ImageLookup is not null)
        {
            var lookup = new JsonObject { ["baseOS"] = machine.ImageLookup.BaseOS };
            if (!string.IsNullOrEmpty(machine.ImageLookup.Format))
            {
                lookup["format"] = machine.ImageLookup.Format;
            }

            spec["imageLookup"] = lookup;
        }

        spec["memorySize"] = machine.Memory.ToString();
        spec["subnet"] = new JsonArray(machine.Subnets.Select(s => (JsonNode)s.ToJson()).ToArray());
        spec["systemDiskSize"] = machine.SystemDiskSize.ToString();
        spec["vcpuSockets"] = machine.VcpuSockets;
        spec["vcpusPerSocket"] = machine.VcpusPerSocket;
        if (machine.Project is not null)
        {
            spec["project"] = machine.Project.ToJson();
        }

        if (machine.AdditionalCategories.Count > 0)
        {
            spec["additionalCategories"] = new JsonArray(machine.AdditionalCategories
                .Select(c => (JsonNode)new JsonObject { ["key"] = c.Key, ["value"] = c.Value }).ToArray());
        }

        if (machine.DataDisks.Count > 0)
        {
            var disks = new JsonArray();
            foreach (var d in machine.DataDisks)
            {
                var props = new JsonObject { ["adapterType"] = d.AdapterType, ["deviceType"] = d.DeviceType };
                if (d.DeviceIndex is { } index)
                {
                    props["deviceIndex"] = index;
                }

                var disk = new JsonObject { ["diskSize"] = d.Size.ToString(), ["deviceProperties"] = props };
                if (d.DiskMode is not null || d.StorageContainer is not null)
                {
                    var storage = new JsonObject();
                    if (d.DiskMode is not null)
                    {
                        storage["diskMode"] = d.DiskMode;
                    }

                    if (d.StorageContainer is not null)
                    {
                        storage["storageContainer"] = d.StorageContainer.ToJson();
                    }

                    disk["storageConfig"] = storage;
                }

                if (d.DataSource is not null)
                {
                    disk["dataSource"] = d.DataSource.ToJson();
                }

                disks.Add((JsonNode)disk);
            }

            spec["dataDisks"] = disks;
        }

        if (machine.Gpus.Count > 0)
        {
            spec["gpus"] = new JsonArray(machine.Gpus.Select(g => (JsonNode)(g.DeviceId is { } id
                ? new JsonObject { ["type"] = "deviceID", ["deviceID"] = id }
                : new JsonObject { ["type"] = "name", ["name"] = g.Name })).ToArray());
        }

        return spec;
    }

    private static List<(string, string)> KubeletArgs(string? nodeLabels)
    {
        var args = new List<(string, string)>
        {
            ("cloud-provider", "external"),
            ("eviction-hard", EvictionHard),
            ("tls-cipher-suites", TlsCipherSuites),
        };
        if (nodeLabels is not null)
        {
            args.Add(("node-labels", nodeLabels));
        }

        return args;
    }

    private static JsonArray Args(IEnumerable<(string Name, string Value)> args) =>
        new(args.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["value"] = a.Value }).ToArray());

    private static JsonArray? Users(WorkloadClusterSpec spec)
    {
        if (spec.SshAuthorizedKeys.Count == 0)
        {
            return null;
        }

        return new JsonArray(new JsonObject
        {
            ["name"] = spec.SshUser,
            ["lockPassword"] = false,
            ["sudo"] = "ALL=(ALL) NOPASSWD:ALL",
            ["sshAuthorizedKeys"] = new JsonArray(spec.SshAuthorizedKeys.Select(k => (JsonNode)JsonValue.Create(k)).ToArray()),
        });
    }

    /// <summary>Label keys CAPI v1.13 syncs from Machine metadata to the Node (the kubelet may not set them itself).</summary>
    private static bool IsCapiSyncedLabel(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var prefix = key[..slash];
        return prefix is "node-role.kubernetes.io" or "node-restriction.kubernetes.io" or "node.cluster.x-k8s.io"
            || prefix.EndsWith(".node-restriction.kubernetes.io", StringComparison.Ordinal)
            || prefix.EndsWith(".node.cluster.x-k8s.io", StringComparison.Ordinal);
    }

    /// <summary>
    /// The kubelet's NodeRestriction rules for <c>--node-labels</c>: keys outside the kubernetes.io / k8s.io
    /// namespaces are free; inside them only a fixed allow-list is accepted (the kubelet refuses to start otherwise).
    /// </summary>
    private static bool KubeletMaySetLabel(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return true;
        }

        var prefix = key[..slash];
        static bool InNamespace(string p, string ns) => p == ns || p.EndsWith("." + ns, StringComparison.Ordinal);
        if (!InNamespace(prefix, "kubernetes.io") && !InNamespace(prefix, "k8s.io"))
        {
            return true;
        }

        return key is "kubernetes.io/hostname" or "kubernetes.io/instance-type" or "kubernetes.io/os" or "kubernetes.io/arch"
            || prefix is "beta.kubernetes.io" or "failure-domain.beta.kubernetes.io" or "topology.kubernetes.io"
            || InNamespace(prefix, "kubelet.kubernetes.io") || InNamespace(prefix, "node.kubernetes.io");
    }

    private static JsonObject Object(string apiVersion, string kind, string name, WorkloadClusterSpec spec, JsonObject body) =>
        Object(apiVersion, kind, name, spec.Name, spec.Namespace, spec.Labels, body);

    private static JsonObject Object(string apiVersion, string kind, string name, string clusterName, string ns, IReadOnlyDictionary<string, string> extraLabels, JsonObject body)
    {
        var labels = new JsonObject { [ClusterNameLabel] = clusterName, [ManagedByLabel] = ManagedByValue };
        foreach (var (k, v) in extraLabels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (k != ClusterNameLabel && k != ManagedByLabel)
            {
                labels[k] = v;
            }
        }

        var obj = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels },
        };
        foreach (var (k, v) in body.ToList())
        {
            body.Remove(k);
            obj[k] = v;
        }

        return obj;
    }

    private static void ValidateInput(WorkloadClusterSpec spec)
    {
        if (!ObjectMetaValidation.IsDnsLabel(spec.Name))
        {
            throw new ArgumentException($"cluster name \"{spec.Name}\" must be a lowercase RFC 1123 label of at most 63 characters", nameof(spec));
        }

        if (!ObjectMetaValidation.IsDnsLabel(spec.Namespace))
        {
            throw new ArgumentException($"namespace \"{spec.Namespace}\" must be a lowercase RFC 1123 label", nameof(spec));
        }

        if (string.IsNullOrWhiteSpace(spec.PrismCentral.Address))
        {
            throw new ArgumentException("Prism Central address is required", nameof(spec));
        }

        if (spec.PrismCentral.Port is < 1 or > 65535 || spec.ControlPlane.EndpointPort is < 1 or > 65535)
        {
            throw new ArgumentException("ports must be between 1 and 65535", nameof(spec));
        }

        if (string.IsNullOrWhiteSpace(spec.ControlPlane.EndpointHost))
        {
            throw new ArgumentException("the control plane endpoint (kube-vip address) is required", nameof(spec));
        }

        if (spec.ControlPlane.Replicas < 1)
        {
            throw new ArgumentException("control plane replicas must be at least 1", nameof(spec));
        }

        ValidateMachine(spec.ControlPlane.Machine, "control plane");
        var poolNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pool in spec.WorkerPools)
        {
            if (!ObjectMetaValidation.IsDnsLabel(pool.Name) || !ObjectMetaValidation.IsDnsLabel($"{spec.Name}-{pool.Name}"))
            {
                throw new ArgumentException($"worker pool name \"{pool.Name}\" must be a lowercase RFC 1123 label and \"{spec.Name}-{pool.Name}\" at most 63 characters", nameof(spec));
            }

            if (!poolNames.Add(pool.Name))
            {
                throw new ArgumentException($"duplicate worker pool name \"{pool.Name}\"", nameof(spec));
            }

            if (pool.Replicas < 0)
            {
                throw new ArgumentException($"worker pool \"{pool.Name}\": replicas must not be negative", nameof(spec));
            }

            if (pool.AutoscalerMin is { } min && pool.AutoscalerMax is { } max && (min < 0 || max < min))
            {
                throw new ArgumentException($"worker pool \"{pool.Name}\": autoscaler bounds must satisfy 0 <= min <= max", nameof(spec));
            }

            foreach (var taint in pool.Taints)
            {
                if (taint.Effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
                {
                    throw new ArgumentException($"worker pool \"{pool.Name}\": taint effect \"{taint.Effect}\" must be NoSchedule, PreferNoSchedule or NoExecute", nameof(spec));
                }
            }

            var labelErrors = new List<FieldError>();
            foreach (var (key, value) in pool.NodeLabels)
            {
                if (!IsCapiSyncedLabel(key) && !KubeletMaySetLabel(key))
                {
                    throw new ArgumentException($"worker pool \"{pool.Name}\": node label \"{key}\" is in a kubernetes.io/k8s.io namespace that neither the kubelet may set nor Cluster API syncs (use node-role.kubernetes.io/, node-restriction.kubernetes.io/, node.cluster.x-k8s.io/ or a domain of your own)", nameof(spec));
                }

                ObjectMetaValidation.ValidateQualifiedName(key, "labels", labelErrors);
                labelErrors.AddRange(ObjectMetaValidation.Validate(new JsonObject { ["name"] = "x", ["labels"] = new JsonObject { ["k"] = value } }));
            }

            if (labelErrors.Count > 0)
            {
                throw new ArgumentException($"worker pool \"{pool.Name}\": invalid node label: {labelErrors[0].Body}", nameof(spec));
            }

            ValidateMachine(pool.Machine, $"worker pool \"{pool.Name}\"");
        }

        foreach (var addon in spec.Addons)
        {
            if (!ObjectMetaValidation.IsDnsLabel(addon.Name))
            {
                throw new ArgumentException($"addon name \"{addon.Name}\" must be a lowercase RFC 1123 label", nameof(spec));
            }
        }

        if (spec.Addons.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != spec.Addons.Count)
        {
            throw new ArgumentException("addon names must be unique", nameof(spec));
        }
    }

    private static void ValidateMachine(MachineSpec m, string where)
    {
        if (m.VcpuSockets < 1 || m.VcpusPerSocket < 1)
        {
            throw new ArgumentException($"{where}: vcpu_sockets and vcpus_per_socket must be at least 1");
        }

        if (m.Memory < Quantity.Parse("2Gi"))
        {
            throw new ArgumentException($"{where}: memory must be at least 2Gi (got {m.Memory})");
        }

        if (m.SystemDiskSize < Quantity.Parse("20Gi"))
        {
            throw new ArgumentException($"{where}: system disk must be at least 20Gi (got {m.SystemDiskSize})");
        }

        if ((m.Image is null) == (m.ImageLookup is null))
        {
            throw new ArgumentException($"{where}: exactly one of image and image lookup must be set");
        }

        if (m.Subnets.Count is < 1 or > 32)
        {
            throw new ArgumentException($"{where}: between 1 and 32 subnets are required");
        }

        if (m.Subnets.Distinct().Count() != m.Subnets.Count)
        {
            throw new ArgumentException($"{where}: subnets must be unique");
        }
    }
}
