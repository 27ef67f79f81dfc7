using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Seeds a fresh management cluster: namespaces default, kube-system, kube-public and, unless bare, the CAPI
/// providers as clusterctl would install them (namespaces, controller Deployments reporting Available, clusterctl
/// Provider inventory objects). Runs only when the store is empty, so a restart keeps the persisted state.
/// </summary>
public static class KubeSeed
{
    private const string Manager = "nutanix-sim-seed";

    /// <summary>Providers installed on a non-bare cluster: namespace, deployment, provider object, type, name, version.</summary>
    public static IReadOnlyList<(string Namespace, string Deployment, string ProviderObject, string Type, string ProviderName, string Version)> Providers { get; } =
    [
        ("capi-system", "capi-controller-manager", "cluster-api", "CoreProvider", "cluster-api", "v1.13.1"),
        ("capi-kubeadm-bootstrap-system", "capi-kubeadm-bootstrap-controller-manager", "bootstrap-kubeadm", "BootstrapProvider", "kubeadm", "v1.13.1"),
        ("capi-kubeadm-control-plane-system", "capi-kubeadm-control-plane-controller-manager", "control-plane-kubeadm", "ControlPlaneProvider", "kubeadm", "v1.13.1"),
        ("capx-system", "capx-controller-manager", "infrastructure-nutanix", "InfrastructureProvider", "nutanix", "v1.10.3"),
    ];

    /// <summary>Seeds <paramref name="store"/> when it holds no objects; returns true when it did.</summary>
    public static bool SeedIfEmpty(KubeStore store, bool bare)
    {
        if (!store.IsEmpty) return false;
        var options = new WriteOptions { FieldManager = Manager };
        var namespaces = store.Resource("", "namespaces");
        foreach (var ns in new[] { "default", "kube-system", "kube-public" })
        {
            store.Create(namespaces, Meta("Namespace", "v1", ns, null), options);
        }

        if (bare) return true;
        var deployments = store.Resource("apps", "deployments");
        var providers = store.Resource("clusterctl.cluster.x-k8s.io", "providers");
        foreach (var p in Providers)
        {
            var providerLabel = p.Type switch
            {
                "CoreProvider" => "cluster-api",
                "BootstrapProvider" => "bootstrap-kubeadm",
                "ControlPlaneProvider" => "control-plane-kubeadm",
                _ => "infrastructure-nutanix",
            };
            var nsObj = Meta("Namespace", "v1", p.Namespace, null);
            nsObj["metadata"]!["labels"] = new JsonObject { ["cluster.x-k8s.io/provider"] = providerLabel, ["clusterctl.cluster.x-k8s.io"] = "" };
            store.Create(namespaces, nsObj, options);

            var deployment = Meta("Deployment", "apps/v1", p.Deployment, p.Namespace);
            var selector = new JsonObject { ["cluster.x-k8s.io/provider"] = providerLabel, ["control-plane"] = "controller-manager" };
            deployment["metadata"]!["labels"] = new JsonObject { ["cluster.x-k8s.io/provider"] = providerLabel, ["clusterctl.cluster.x-k8s.io"] = "" };
            deployment["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = selector.DeepClone() },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = selector.DeepClone() },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray((JsonNode)new JsonObject
                        {
                            ["name"] = "manager",
                            ["image"] = p.ProviderName == "nutanix"
                                ? $"ghcr.io/nutanix-cloud-native/cluster-api-provider-nutanix/controller:{p.Version}"
                                : $"registry.k8s.io/cluster-api/{p.Deployment.Replace("-manager", "")}:{p.Version}",
                            ["args"] = new JsonArray("--leader-elect"),
                        }),
                    },
                },
            };
            var created = store.Create(deployments, deployment, options);
            created["status"] = new JsonObject
            {
                ["observedGeneration"] = 1,
                ["replicas"] = 1,
                ["updatedReplicas"] = 1,
                ["readyReplicas"] = 1,
                ["availableReplicas"] = 1,
                ["conditions"] = new JsonArray(
                    Condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability.", created),
                    Condition("Progressing", "NewReplicaSetAvailable", $"ReplicaSet \"{p.Deployment}-5d4b8c7f9\" has successfully progressed.", created)),
            };
            store.UpdateStatus(deployments, created, options);

            var provider = Meta("Provider", "clusterctl.cluster.x-k8s.io/v1alpha3", p.ProviderObject, p.Namespace);
            provider["metadata"]!["labels"] = new JsonObject { ["cluster.x-k8s.io/provider"] = providerLabel, ["clusterctl.cluster.x-k8s.io"] = "" };
            provider["providerName"] = p.ProviderName;
            provider["type"] = p.Type;
            provider["version"] = p.Version;
            store.Create(providers, provider, options);
        }

        return true;
    }

    private static JsonObject Meta(string kind, string apiVersion, string name, string? ns)
    {
        var meta = new JsonObject { ["name"] = name };
        if (ns is not null) meta["namespace"] = ns;
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = meta };
    }

    private static JsonNode Condition(string type, string reason, string message, JsonObject obj) => new JsonObject
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastUpdateTime"] = obj["metadata"]!["creationTimestamp"]!.DeepClone(),
        ["lastTransitionTime"] = obj["metadata"]!["creationTimestamp"]!.DeepClone(),
        ["reason"] = reason,
        ["message"] = message,
    };
}
