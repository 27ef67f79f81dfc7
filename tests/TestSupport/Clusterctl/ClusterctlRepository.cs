using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Nutanix.Capi.Schema;

namespace TestSupport.Clusterctl;

/// <summary>
/// Lays out a clusterctl local repository (<c>&lt;dir&gt;/&lt;name&gt;/&lt;version&gt;/&lt;file&gt;</c>) whose release files have the
/// shape of the real ones, built by our own code from facts of the upstream releases and the repository's CRD
/// snapshot (<see cref="CrdSnapshot"/>):
/// <list type="bullet">
/// <item>Cluster API v1.13.x core, kubeadm bootstrap and kubeadm control plane as <c>kubectl kustomize config/default</c>
/// renders them: namespace <c>capi-system</c> (…), name prefix <c>capi-</c> (…), the provider label on everything; the
/// CRDs with a conversion webhook (<c>/convert</c> on the webhook Service) and <c>cert-manager.io/inject-ca-from</c>; RBAC;
/// the webhook Service; the manager Deployment with clusterctl variables in its args (<c>${EXP_MACHINE_POOL:=true}</c>, …),
/// its webhook port and the serving-certificate Secret volume; a self-signed Issuer and a Certificate for the Service's DNS
/// names; Mutating/ValidatingWebhookConfigurations with the CA-injection annotation. No clusterctl inventory objects
/// (clusterctl writes those).</item>
/// <item>CAPX v1.10.x (<c>config/default</c> with the basic-auth overlay): namespace <c>capx-system</c>, prefix
/// <c>capx-</c>, its CRDs without conversion webhook or CA injection, the <c>nutanix-endpoint</c> ConfigMap whose JSON
/// has <c>"port": ${NUTANIX_PORT=9440}</c>, the credentials Secret with <c>${NUTANIX_USER}</c>/<c>${NUTANIX_PASSWORD}</c>
/// (no defaults: clusterctl requires them), the trust-bundle ConfigMap, manager args with
/// <c>--zap-log-level=${NUTANIX_LOG_LEVEL=info}</c> and friends, webhooks and cert-manager objects.</item>
/// <item>cert-manager v1.20.x's <c>cert-manager.yaml</c>: namespace <c>cert-manager</c>, its six CRDs, the controller,
/// cainjector and webhook ServiceAccounts, RBAC (leader election in <c>kube-system</c>), Services, Deployments and its
/// webhook configurations with <c>cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca</c>.</item>
/// </list>
/// </summary>
public static class ClusterctlRepository
{
    public const string CapiVersion = "v1.13.1";
    public const string CapxVersion = "v1.10.3";
    public const string CertManagerVersion = "v1.20.2";

    /// <summary>The variables CAPX's file requires (no default), with values for tests.</summary>
    public static IReadOnlyDictionary<string, string> CapxRequiredVariables { get; } = new Dictionary<string, string>
    {
        ["NUTANIX_ENDPOINT"] = "pc.example.test",
        ["NUTANIX_USER"] = "admin",
        ["NUTANIX_PASSWORD"] = "Nutanix/4u-test",
    };

    /// <summary>Creates a repository in a new temporary directory.</summary>
    /// <param name="capxVersions">CAPX versions to lay out (e.g. an older one beside the current for upgrades).</param>
    /// <param name="certManager">Whether to include cert-manager's release file.</param>
    public static string Create(IEnumerable<string>? capxVersions = null, bool certManager = true)
    {
        var dir = Directory.CreateTempSubdirectory("capi-repo-").FullName;
        if (certManager)
        {
            WriteCertManager(dir, CertManagerVersion);
        }

        WriteCapi(dir, CapiVersion);
        foreach (var version in capxVersions ?? [CapxVersion])
        {
            WriteCapx(dir, version);
        }

        return dir;
    }

    /// <summary>The three Cluster API providers of <paramref name="version"/>.</summary>
    public static void WriteCapi(string root, string version)
    {
        Write(root, "cluster-api", version, "core-components.yaml", new Release(
            "cluster-api", "capi-", "capi-system", $"registry.k8s.io/cluster-api/cluster-api-controller:{version}",
            [
                "clusterclasses.cluster.x-k8s.io", "clusters.cluster.x-k8s.io", "machines.cluster.x-k8s.io", "machinesets.cluster.x-k8s.io",
                "machinedeployments.cluster.x-k8s.io", "machinedrainrules.cluster.x-k8s.io", "machinepools.cluster.x-k8s.io",
                "clusterresourcesets.addons.cluster.x-k8s.io", "clusterresourcesetbindings.addons.cluster.x-k8s.io",
                "machinehealthchecks.cluster.x-k8s.io", "extensionconfigs.runtime.cluster.x-k8s.io", "ipaddresses.ipam.cluster.x-k8s.io",
                "ipaddressclaims.ipam.cluster.x-k8s.io",
            ],
            [
                "--leader-elect",
                "--diagnostics-address=${CAPI_DIAGNOSTICS_ADDRESS:=:8443}",
                "--insecure-diagnostics=${CAPI_INSECURE_DIAGNOSTICS:=false}",
                "--feature-gates=MachinePool=${EXP_MACHINE_POOL:=true},ClusterTopology=${CLUSTER_TOPOLOGY:=false},RuntimeSDK=${EXP_RUNTIME_SDK:=false}," +
                "MachineSetPreflightChecks=${EXP_MACHINE_SET_PREFLIGHT_CHECKS:=true},PriorityQueue=${EXP_PRIORITY_QUEUE:=true}," +
                "ReconcilerRateLimiting=${EXP_RECONCILER_RATE_LIMITING:=true},InPlaceUpdates=${EXP_IN_PLACE_UPDATES:=false}," +
                "MachineTaintPropagation=${EXP_MACHINE_TAINT_PROPAGATION:=false}",
            ],
            CapiStyle: true));
        Write(root, "bootstrap-kubeadm", version, "bootstrap-components.yaml", new Release(
            "bootstrap-kubeadm", "capi-kubeadm-bootstrap-", "capi-kubeadm-bootstrap-system", $"registry.k8s.io/cluster-api/kubeadm-bootstrap-controller:{version}",
            ["kubeadmconfigs.bootstrap.cluster.x-k8s.io", "kubeadmconfigtemplates.bootstrap.cluster.x-k8s.io"],
            [
                "--leader-elect",
                "--diagnostics-address=${CAPI_DIAGNOSTICS_ADDRESS:=:8443}",
                "--insecure-diagnostics=${CAPI_INSECURE_DIAGNOSTICS:=false}",
                "--feature-gates=MachinePool=${EXP_MACHINE_POOL:=true},KubeadmBootstrapFormatIgnition=${EXP_KUBEADM_BOOTSTRAP_FORMAT_IGNITION:=false}," +
                "PriorityQueue=${EXP_PRIORITY_QUEUE:=true},ReconcilerRateLimiting=${EXP_RECONCILER_RATE_LIMITING:=true}",
                "--bootstrap-token-ttl=${KUBEADM_BOOTSTRAP_TOKEN_TTL:=15m}",
            ],
            CapiStyle: true));
        Write(root, "control-plane-kubeadm", version, "control-plane-components.yaml", new Release(
            "control-plane-kubeadm", "capi-kubeadm-control-plane-", "capi-kubeadm-control-plane-system",
            $"registry.k8s.io/cluster-api/kubeadm-control-plane-controller:{version}",
            ["kubeadmcontrolplanes.controlplane.cluster.x-k8s.io", "kubeadmcontrolplanetemplates.controlplane.cluster.x-k8s.io"],
            [
                "--leader-elect",
                "--diagnostics-address=${CAPI_DIAGNOSTICS_ADDRESS:=:8443}",
                "--insecure-diagnostics=${CAPI_INSECURE_DIAGNOSTICS:=false}",
                "--feature-gates=MachinePool=${EXP_MACHINE_POOL:=true},ClusterTopology=${CLUSTER_TOPOLOGY:=false}," +
                "KubeadmBootstrapFormatIgnition=${EXP_KUBEADM_BOOTSTRAP_FORMAT_IGNITION:=false},PriorityQueue=${EXP_PRIORITY_QUEUE:=true}," +
                "ReconcilerRateLimiting=${EXP_RECONCILER_RATE_LIMITING:=true},InPlaceUpdates=${EXP_IN_PLACE_UPDATES:=false}," +
                "MachineTaintPropagation=${EXP_MACHINE_TAINT_PROPAGATION:=false}",
            ],
            CapiStyle: true));
    }

    /// <summary>CAPX of <paramref name="version"/>.</summary>
    public static void WriteCapx(string root, string version)
    {
        Write(root, "infrastructure-nutanix", version, "infrastructure-components.yaml", new Release(
            "infrastructure-nutanix", "capx-", "capx-system", $"ghcr.io/nutanix-cloud-native/cluster-api-provider-nutanix/controller:{version}",
            [.. CrdSnapshot.Release(CrdSnapshot.Capx).Select(c => (string)c["metadata"]!["name"]!)],
            [
                "--leader-elect",
                "--feature-gates=DefaultToPlaceholderImageName=true,DefaultToPlaceholderImageUUID=true",
                "--health-addr=:8081",
                "--diagnostics-address=:8443",
                "--zap-log-level=${NUTANIX_LOG_LEVEL=info}",
                "--zap-devel=${NUTANIX_LOG_DEVELOPMENT=true}",
                "--zap-stacktrace-level=${NUTANIX_LOG_STACKTRACE_LEVEL=panic}",
            ],
            CapiStyle: false));
    }

    /// <summary>cert-manager's release file of <paramref name="version"/>.</summary>
    public static void WriteCertManager(string root, string version)
    {
        const string ns = "cert-manager";
        var objects = new List<JsonObject> { Obj("v1", "Namespace", ns, null) };
        foreach (var crd in CrdSnapshot.Release(CrdSnapshot.CertManager))
        {
            Labels(crd, ("app", "cert-manager"), ("app.kubernetes.io/name", "cert-manager"), ("app.kubernetes.io/instance", "cert-manager"),
                ("app.kubernetes.io/component", "crds"), ("app.kubernetes.io/version", version));
            objects.Add(crd);
        }

        string[] parts = ["cainjector", "controller", "webhook"];
        JsonObject Named(string apiVersion, string kind, string name, string? inNs, string component) =>
            Labels(Obj(apiVersion, kind, name, inNs), ("app", component == "controller" ? "cert-manager" : component),
                ("app.kubernetes.io/name", component == "controller" ? "cert-manager" : component), ("app.kubernetes.io/instance", "cert-manager"),
                ("app.kubernetes.io/component", component), ("app.kubernetes.io/version", version));
        string FullName(string part) => part == "controller" ? "cert-manager" : "cert-manager-" + part;

        foreach (var part in parts)
        {
            var sa = Named("v1", "ServiceAccount", FullName(part), ns, part);
            sa["automountServiceAccountToken"] = true;
            objects.Add(sa);
        }

        var webhookConfig = Named("v1", "ConfigMap", "cert-manager-webhook", ns, "webhook");
        webhookConfig["data"] = new JsonObject();
        objects.Add(webhookConfig);
        foreach (var (name, part) in new[]
        {
            ("cert-manager-cainjector", "cainjector"), ("cert-manager-controller-issuers", "controller"), ("cert-manager-controller-clusterissuers", "controller"),
            ("cert-manager-controller-certificates", "controller"), ("cert-manager-controller-orders", "controller"), ("cert-manager-controller-challenges", "controller"),
            ("cert-manager-controller-ingress-shim", "controller"), ("cert-manager-cluster-view", "controller"), ("cert-manager-view", "controller"),
            ("cert-manager-edit", "controller"), ("cert-manager-controller-approve:cert-manager-io", "controller"),
            ("cert-manager-controller-certificatesigningrequests", "controller"), ("cert-manager-webhook:subjectaccessreviews", "webhook"),
        })
        {
            var role = Named("rbac.authorization.k8s.io/v1", "ClusterRole", name, null, part);
            role["rules"] = new JsonArray(Rule(["cert-manager.io"], ["certificates", "certificaterequests", "issuers", "clusterissuers"], ["get", "list", "watch"]));
            objects.Add(role);
            if (name is not ("cert-manager-cluster-view" or "cert-manager-view" or "cert-manager-edit"))
            {
                objects.Add(Binding("ClusterRoleBinding", name, null, name, FullName(part), ns, Named("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", name, null, part)));
            }
        }

        foreach (var (name, part, roleNs) in new[]
        {
            ("cert-manager-cainjector:leaderelection", "cainjector", "kube-system"), ("cert-manager:leaderelection", "controller", "kube-system"),
            ("cert-manager-tokenrequest", "controller", ns), ("cert-manager-webhook:dynamic-serving", "webhook", ns),
        })
        {
            var role = Named("rbac.authorization.k8s.io/v1", "Role", name, roleNs, part);
            role["rules"] = new JsonArray(name.Contains("leaderelection", StringComparison.Ordinal)
                ? Rule(["coordination.k8s.io"], ["leases"], ["get", "create", "update", "patch"])
                : Rule([string.Empty], ["secrets"], ["get", "list", "watch", "update", "create"]));
            objects.Add(role);
            objects.Add(Binding("RoleBinding", name, roleNs, name, FullName(part), ns, Named("rbac.authorization.k8s.io/v1", "RoleBinding", name, roleNs, part)));
        }

        var controllerService = Named("v1", "Service", "cert-manager", ns, "controller");
        controllerService["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = 9402, ["name"] = "tcp-prometheus-servicemonitor", ["targetPort"] = "http-metrics" }),
            ["selector"] = Selector("cert-manager", "controller"),
        };
        var webhookService = Named("v1", "Service", "cert-manager-webhook", ns, "webhook");
        webhookService["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["ports"] = new JsonArray(
                new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = "https" },
                new JsonObject { ["name"] = "metrics", ["port"] = 9402, ["protocol"] = "TCP", ["targetPort"] = "http-metrics" }),
            ["selector"] = Selector("webhook", "webhook"),
        };
        objects.Add(controllerService);
        objects.Add(webhookService);

        foreach (var part in parts)
        {
            var image = $"quay.io/jetstack/cert-manager-{part}:{version}";
            JsonArray args = part switch
            {
                "cainjector" => ["--v=2", "--leader-election-namespace=kube-system"],
                "controller" => ["--v=2", "--cluster-resource-namespace=$(POD_NAMESPACE)", "--leader-election-namespace=kube-system",
                    $"--acme-http01-solver-image=quay.io/jetstack/cert-manager-acmesolver:{version}", "--max-concurrent-challenges=60"],
                _ => ["--v=2", "--secure-port=10250", "--dynamic-serving-ca-secret-namespace=$(POD_NAMESPACE)",
                    "--dynamic-serving-ca-secret-name=cert-manager-webhook-ca", "--dynamic-serving-dns-names=cert-manager-webhook,cert-manager-webhook.$(POD_NAMESPACE),cert-manager-webhook.$(POD_NAMESPACE).svc"],
            };
            var name = part == "controller" ? "cert-manager" : "cert-manager-" + part;
            var selector = Selector(part == "controller" ? "cert-manager" : part, part);
            var deployment = Named("apps/v1", "Deployment", name, ns, part);
            deployment["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = selector },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = selector.DeepClone() },
                    ["spec"] = new JsonObject
                    {
                        ["serviceAccountName"] = name,
                        ["enableServiceLinks"] = false,
                        ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } },
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = part == "controller" ? "cert-manager-controller" : "cert-manager-" + part,
                            ["image"] = image,
                            ["imagePullPolicy"] = "IfNotPresent",
                            ["args"] = args,
                            ["env"] = new JsonArray(new JsonObject
                            {
                                ["name"] = "POD_NAMESPACE",
                                ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.namespace" } },
                            }),
                        }),
                        ["nodeSelector"] = new JsonObject { ["kubernetes.io/os"] = "linux" },
                    },
                },
            };
            objects.Add(deployment);
        }

        foreach (var kind in new[] { "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration" })
        {
            var config = Named("admissionregistration.k8s.io/v1", kind, "cert-manager-webhook", null, "webhook");
            Annotate(config, "cert-manager.io/inject-ca-from-secret", "cert-manager/cert-manager-webhook-ca");
            var mutating = kind.StartsWith("Mutating", StringComparison.Ordinal);
            config["webhooks"] = new JsonArray(new JsonObject
            {
                ["name"] = "webhook.cert-manager.io",
                ["rules"] = new JsonArray(Rule(["cert-manager.io", "acme.cert-manager.io"], mutating ? ["certificaterequests"] : ["*/*"], ["CREATE", "UPDATE"], operations: true)),
                ["admissionReviewVersions"] = new JsonArray("v1"),
                ["matchPolicy"] = "Equivalent",
                ["timeoutSeconds"] = 30,
                ["failurePolicy"] = "Fail",
                ["sideEffects"] = "None",
                ["clientConfig"] = new JsonObject
                {
                    ["service"] = new JsonObject { ["name"] = "cert-manager-webhook", ["namespace"] = ns, ["path"] = mutating ? "/mutate" : "/validate" },
                },
            });
            objects.Add(config);
        }

        WriteFile(root, "cert-manager", version, "cert-manager.yaml", objects);
    }

    private sealed record Release(string Label, string Prefix, string Namespace, string Image, IReadOnlyList<string> Crds, IReadOnlyList<string> Args, bool CapiStyle);

    private static void Write(string root, string name, string version, string file, Release r)
    {
        var ns = r.Namespace;
        var service = r.Prefix + "webhook-service";
        var certificate = r.Prefix + "serving-cert";
        var certSecret = r.Prefix + "webhook-service-cert";
        var serviceAccount = r.CapiStyle ? r.Prefix + "manager" : r.Prefix + "controller-manager";
        var objects = new List<JsonObject>();
        var namespaceObj = Obj("v1", "Namespace", ns, null);
        Labels(namespaceObj, ("control-plane", "controller-manager"));
        objects.Add(namespaceObj);

        var kinds = new List<(string Group, string Plural, string Kind, string Storage)>();
        foreach (var crdName in r.Crds)
        {
            var crd = CrdSnapshot.Get(crdName);
            var spec = (JsonObject)crd["spec"]!;
            var storage = (spec["versions"] as JsonArray)!.OfType<JsonObject>().First(v => (bool?)v["storage"] == true);
            kinds.Add(((string)spec["group"]!, (string)spec["names"]!["plural"]!, (string)spec["names"]!["kind"]!, (string)storage["name"]!));
            if (r.CapiStyle)
            {
                // config/crd's webhook_in_* patches and config/default's replacements.
                Annotate(crd, "cert-manager.io/inject-ca-from", $"{ns}/{certificate}");
                spec["conversion"] = new JsonObject
                {
                    ["strategy"] = "Webhook",
                    ["webhook"] = new JsonObject
                    {
                        ["conversionReviewVersions"] = new JsonArray("v1"),
                        ["clientConfig"] = new JsonObject { ["service"] = new JsonObject { ["namespace"] = ns, ["name"] = service, ["path"] = "/convert" } },
                    },
                };
            }

            objects.Add(crd);
        }

        objects.Add(Obj("v1", "ServiceAccount", serviceAccount, ns));
        var leader = Obj("rbac.authorization.k8s.io/v1", "Role", r.Prefix + "leader-election-role", ns);
        leader["rules"] = new JsonArray(
            Rule([string.Empty], ["configmaps"], ["get", "list", "watch", "create", "update", "patch", "delete"]),
            Rule(["coordination.k8s.io"], ["leases"], ["get", "list", "watch", "create", "update", "patch", "delete"]),
            Rule([string.Empty], ["events"], ["create", "patch"]));
        objects.Add(leader);
        var managerRole = Obj("rbac.authorization.k8s.io/v1", "ClusterRole", r.Prefix + "manager-role", null);
        managerRole["rules"] = new JsonArray(
            Rule([.. kinds.Select(k => k.Group).Distinct()], [.. kinds.Select(k => k.Plural), .. kinds.Select(k => k.Plural + "/status")], ["get", "list", "watch", "create", "update", "patch", "delete"]),
            Rule([string.Empty], ["secrets", "configmaps", "events"], ["get", "list", "watch", "create", "patch", "update"]));
        objects.Add(managerRole);
        if (r.CapiStyle)
        {
            var aggregated = Obj("rbac.authorization.k8s.io/v1", "ClusterRole", r.Prefix + "aggregated-manager-role", null);
            aggregated["aggregationRule"] = new JsonObject
            {
                ["clusterRoleSelectors"] = new JsonArray(
                    new JsonObject { ["matchLabels"] = new JsonObject { ["cluster.x-k8s.io/aggregate-to-manager"] = "true" } },
                    new JsonObject { ["matchLabels"] = new JsonObject { ["kubeadm.controlplane.cluster.x-k8s.io/aggregate-to-manager"] = "true" } }),
            };
            aggregated["rules"] = new JsonArray();
            objects.Add(aggregated);
        }

        objects.Add(Binding("RoleBinding", r.Prefix + "leader-election-rolebinding", ns, r.Prefix + "leader-election-role", serviceAccount, ns, null));
        objects.Add(Binding("ClusterRoleBinding", r.Prefix + "manager-rolebinding", null, r.CapiStyle ? r.Prefix + "aggregated-manager-role" : r.Prefix + "manager-role", serviceAccount, ns, null));

        var volumes = new JsonArray(new JsonObject { ["name"] = "cert", ["secret"] = new JsonObject { ["secretName"] = certSecret } });
        var mounts = new JsonArray(new JsonObject { ["mountPath"] = "/tmp/k8s-webhook-server/serving-certs", ["name"] = "cert", ["readOnly"] = true });
        if (!r.CapiStyle)
        {
            // CAPX's manager.yaml: the endpoint ConfigMap, credentials Secret and trust bundle, all with clusterctl variables.
            var endpoint = Obj("v1", "ConfigMap", r.Prefix + "nutanix-endpoint", ns);
            endpoint["data"] = new JsonObject
            {
                ["prismCentral"] =
                    "{\n  \"address\": \"${NUTANIX_ENDPOINT}\",\n  \"port\": ${NUTANIX_PORT=9440},\n  \"insecure\": ${NUTANIX_INSECURE=false},\n" +
                    $"  \"credentialRef\": {{\n    \"kind\": \"secret\",\n    \"name\": \"{r.Prefix}nutanix-creds\"\n  }},\n" +
                    $"  \"additionalTrustBundle\": {{\n    \"kind\": \"ConfigMap\",\n    \"name\": \"{r.Prefix}pc-trusted-ca-bundle\"\n  }}\n}}",
            };
            objects.Add(endpoint);
            var creds = Obj("v1", "Secret", r.Prefix + "nutanix-creds", ns);
            creds["type"] = "Opaque";
            creds["stringData"] = new JsonObject
            {
                ["credentials"] = "[\n  {\n    \"type\": \"basic_auth\",\n    \"data\": {\n      \"prismCentral\":{\n        \"username\": \"${NUTANIX_USER}\",\n" +
                    "        \"password\": \"${NUTANIX_PASSWORD}\"\n      },\n      \"prismElements\": null\n    }\n  }\n]\n",
            };
            objects.Add(creds);
            var bundle = Obj("v1", "ConfigMap", r.Prefix + "pc-trusted-ca-bundle", ns);
            bundle["binaryData"] = new JsonObject { ["ca.crt"] = "${NUTANIX_ADDITIONAL_TRUST_BUNDLE=''}" };
            objects.Add(bundle);
            var managerConfig = Obj("v1", "ConfigMap", r.Prefix + "manager-config", ns);
            managerConfig["data"] = new JsonObject
            {
                ["controller_manager_config.yaml"] = "apiVersion: controller-runtime.sigs.k8s.io/v1alpha1\nkind: ControllerManagerConfig\nhealth:\n  healthProbeBindAddress: :8081\n" +
                    "metrics:\n  bindAddress: 127.0.0.1:8080\nwebhook:\n  port: 9443\nleaderElection:\n  leaderElect: true\n  resourceName: f265110d.cluster.x-k8s.io\n",
            };
            objects.Add(managerConfig);
            var metrics = Obj("v1", "Service", r.Prefix + "controller-manager-metrics-service", ns);
            Labels(metrics, ("control-plane", "controller-manager"));
            metrics["spec"] = new JsonObject
            {
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 8443, ["protocol"] = "TCP", ["targetPort"] = "https" }),
                ["selector"] = new JsonObject { ["control-plane"] = "controller-manager", ["cluster.x-k8s.io/provider"] = r.Label },
            };
            objects.Add(metrics);
            volumes.Add(new JsonObject { ["name"] = "endpoint", ["configMap"] = new JsonObject { ["name"] = r.Prefix + "nutanix-endpoint" } });
            mounts.Add(new JsonObject { ["name"] = "endpoint", ["mountPath"] = "/etc/nutanix/config" });
        }

        var webhookService = Obj("v1", "Service", service, ns);
        webhookService["spec"] = new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject { ["port"] = 443, ["targetPort"] = r.CapiStyle ? "webhook-server" : 9443 }),
            ["selector"] = new JsonObject { ["cluster.x-k8s.io/provider"] = r.Label, ["control-plane"] = "controller-manager" },
        };
        objects.Add(webhookService);

        var selector = new JsonObject { ["cluster.x-k8s.io/provider"] = r.Label, ["control-plane"] = "controller-manager" };
        var deployment = Obj("apps/v1", "Deployment", r.Prefix + "controller-manager", ns);
        Labels(deployment, ("control-plane", "controller-manager"));
        deployment["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = selector },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = selector.DeepClone() },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "manager",
                        ["image"] = r.Image,
                        ["imagePullPolicy"] = "IfNotPresent",
                        ["args"] = new JsonArray([.. r.Args.Select(a => (JsonNode)JsonValue.Create(a)!)]),
                        ["env"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "POD_NAMESPACE",
                            ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.namespace" } },
                        }),
                        ["ports"] = new JsonArray(
                            new JsonObject { ["containerPort"] = 9443, ["name"] = "webhook-server", ["protocol"] = "TCP" },
                            new JsonObject { ["containerPort"] = r.CapiStyle ? 9440 : 8081, ["name"] = "healthz", ["protocol"] = "TCP" }),
                        ["volumeMounts"] = mounts,
                    }),
                    ["serviceAccountName"] = serviceAccount,
                    ["terminationGracePeriodSeconds"] = 10,
                    ["tolerations"] = new JsonArray(
                        new JsonObject { ["effect"] = "NoSchedule", ["key"] = "node-role.kubernetes.io/master" },
                        new JsonObject { ["effect"] = "NoSchedule", ["key"] = "node-role.kubernetes.io/control-plane" }),
                    ["volumes"] = volumes,
                },
            },
        };
        if (r.CapiStyle)
        {
            ((JsonObject)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!)["command"] = new JsonArray("/manager");
        }
        objects.Add(deployment);

        var certificateObj = Obj("cert-manager.io/v1", "Certificate", certificate, ns);
        certificateObj["spec"] = new JsonObject
        {
            ["dnsNames"] = new JsonArray($"{service}.{ns}.svc", $"{service}.{ns}.svc.cluster.local"),
            ["issuerRef"] = new JsonObject { ["kind"] = "Issuer", ["name"] = r.Prefix + "selfsigned-issuer" },
            ["secretName"] = certSecret,
        };
        if (r.CapiStyle)
        {
            certificateObj["spec"]!["subject"] = new JsonObject { ["organizations"] = new JsonArray("k8s-sig-cluster-lifecycle") };
        }

        objects.Add(certificateObj);
        var issuer = Obj("cert-manager.io/v1", "Issuer", r.Prefix + "selfsigned-issuer", ns);
        issuer["spec"] = new JsonObject { ["selfSigned"] = new JsonObject() };
        objects.Add(issuer);

        foreach (var (kind, verb) in new[] { ("MutatingWebhookConfiguration", "mutate"), ("ValidatingWebhookConfiguration", "validate") })
        {
            var config = Obj("admissionregistration.k8s.io/v1", kind, r.Prefix + (verb == "mutate" ? "mutating" : "validating") + "-webhook-configuration", null);
            Annotate(config, "cert-manager.io/inject-ca-from", $"{ns}/{certificate}");
            config["webhooks"] = new JsonArray([.. kinds.Select(k => (JsonNode)new JsonObject
            {
                ["admissionReviewVersions"] = new JsonArray("v1", "v1beta1"),
                ["clientConfig"] = new JsonObject
                {
                    ["service"] = new JsonObject
                    {
                        ["name"] = service,
                        ["namespace"] = ns,
                        ["path"] = $"/{verb}-{k.Group.Replace('.', '-')}-{k.Storage}-{k.Kind.ToLowerInvariant()}",
                    },
                },
                ["failurePolicy"] = "Fail",
                ["matchPolicy"] = "Equivalent",
                ["name"] = $"{(verb == "mutate" ? "default" : "validation")}.{k.Kind.ToLowerInvariant()}.{k.Group}",
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["apiGroups"] = new JsonArray(k.Group),
                    ["apiVersions"] = new JsonArray(k.Storage),
                    ["operations"] = new JsonArray("CREATE", "UPDATE"),
                    ["resources"] = new JsonArray(k.Plural),
                }),
                ["sideEffects"] = "None",
            })]);
            objects.Add(config);
        }

        // kustomize's labels transformer: the provider label on every object.
        foreach (var obj in objects)
        {
            Labels(obj, ("cluster.x-k8s.io/provider", r.Label));
        }

        WriteFile(root, name, version, file, objects);
    }

    private static void WriteFile(string root, string name, string version, string file, IEnumerable<JsonObject> objects)
    {
        var dir = Path.Combine(root, name, version);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, file), YamlJson.Write(objects));
    }

    private static JsonObject Obj(string apiVersion, string kind, string name, string? ns)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    private static JsonObject Labels(JsonObject obj, params (string Key, string Value)[] labels)
    {
        var metadata = (JsonObject)obj["metadata"]!;
        if (metadata["labels"] is not JsonObject map)
        {
            metadata["labels"] = map = [];
        }

        foreach (var (key, value) in labels)
        {
            map[key] = value;
        }

        return obj;
    }

    private static void Annotate(JsonObject obj, string key, string value)
    {
        var metadata = (JsonObject)obj["metadata"]!;
        if (metadata["annotations"] is not JsonObject map)
        {
            metadata["annotations"] = map = [];
        }

        map[key] = value;
    }

    private static JsonObject Selector(string app, string component) => new()
    {
        ["app.kubernetes.io/name"] = app,
        ["app.kubernetes.io/instance"] = "cert-manager",
        ["app.kubernetes.io/component"] = component,
    };

    private static JsonObject Rule(string[] groups, string[] resources, string[] verbs, bool operations = false)
    {
        var rule = new JsonObject
        {
            ["apiGroups"] = new JsonArray([.. groups.Select(g => (JsonNode)JsonValue.Create(g)!)]),
            ["resources"] = new JsonArray([.. resources.Select(g => (JsonNode)JsonValue.Create(g)!)]),
        };
        if (operations)
        {
            rule["apiVersions"] = new JsonArray("v1");
            rule["operations"] = new JsonArray([.. verbs.Select(g => (JsonNode)JsonValue.Create(g)!)]);
        }
        else
        {
            rule["verbs"] = new JsonArray([.. verbs.Select(g => (JsonNode)JsonValue.Create(g)!)]);
        }

        return rule;
    }

    private static JsonObject Binding(string kind, string name, string? ns, string role, string serviceAccount, string serviceAccountNamespace, JsonObject? into)
    {
        var binding = into ?? Obj("rbac.authorization.k8s.io/v1", kind, name, ns);
        binding["roleRef"] = new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io",
            ["kind"] = kind == "RoleBinding" ? "Role" : "ClusterRole",
            ["name"] = role,
        };
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = serviceAccount, ["namespace"] = serviceAccountNamespace });
        return binding;
    }
}
