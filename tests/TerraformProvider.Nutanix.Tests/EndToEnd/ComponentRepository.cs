using System.Text;

namespace TerraformProvider.Nutanix.Tests.EndToEnd;

/// <summary>
/// Writes a small clusterctl local repository (<c>&lt;dir&gt;/&lt;provider&gt;/&lt;version&gt;/&lt;file&gt;</c>) with trimmed but
/// realistic component YAMLs: Namespace, ServiceAccount, controller Deployment and (except for CAPX, as in the
/// real release assets) a clusterctl Provider inventory object.
/// </summary>
internal static class ComponentRepository
{
    public static string Create()
    {
        var dir = Directory.CreateTempSubdirectory("capi-repo-").FullName;
        Write(dir, "cluster-api", "v1.13.1", "core-components.yaml", "capi-system", "capi-controller-manager", "CoreProvider", "cluster-api",
            "registry.k8s.io/cluster-api/cluster-api-controller:v1.13.1", inventory: true);
        Write(dir, "bootstrap-kubeadm", "v1.13.1", "bootstrap-components.yaml", "capi-kubeadm-bootstrap-system", "capi-kubeadm-bootstrap-controller-manager",
            "BootstrapProvider", "kubeadm", "registry.k8s.io/cluster-api/kubeadm-bootstrap-controller:v1.13.1", inventory: true);
        Write(dir, "control-plane-kubeadm", "v1.13.1", "control-plane-components.yaml", "capi-kubeadm-control-plane-system",
            "capi-kubeadm-control-plane-controller-manager", "ControlPlaneProvider", "kubeadm", "registry.k8s.io/cluster-api/kubeadm-control-plane-controller:v1.13.1", inventory: true);
        // An older CAPX next to the current one: the highest version wins.
        Write(dir, "infrastructure-nutanix", "v1.9.1", "infrastructure-components.yaml", "capx-system", "capx-controller-manager", "InfrastructureProvider",
            "nutanix", "ghcr.io/nutanix-cloud-native/cluster-api-provider-nutanix/controller:v1.9.1", inventory: false);
        Write(dir, "infrastructure-nutanix", "v1.10.3", "infrastructure-components.yaml", "capx-system", "capx-controller-manager", "InfrastructureProvider",
            "nutanix", "ghcr.io/nutanix-cloud-native/cluster-api-provider-nutanix/controller:v1.10.3", inventory: false);
        return dir;
    }

    private static void Write(string root, string provider, string version, string file, string ns, string deployment, string type, string providerName, string image, bool inventory)
    {
        var label = provider;
        var yaml = new StringBuilder($$"""
            apiVersion: v1
            kind: Namespace
            metadata:
              labels:
                cluster.x-k8s.io/provider: {{label}}
                control-plane: controller-manager
              name: {{ns}}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              labels:
                cluster.x-k8s.io/provider: {{label}}
              name: {{deployment}}
              namespace: {{ns}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels:
                cluster.x-k8s.io/provider: {{label}}
                control-plane: controller-manager
              name: {{deployment}}
              namespace: {{ns}}
            spec:
              replicas: 1
              selector:
                matchLabels:
                  cluster.x-k8s.io/provider: {{label}}
                  control-plane: controller-manager
              template:
                metadata:
                  labels:
                    cluster.x-k8s.io/provider: {{label}}
                    control-plane: controller-manager
                spec:
                  containers:
                  - args:
                    - --leader-elect
                    - --diagnostics-address=${CAPI_DIAGNOSTICS_ADDRESS:=:8443}
                    image: {{image}}
                    name: manager
                  serviceAccountName: {{deployment}}

            """);
        if (inventory)
        {
            yaml.Append($$"""
                ---
                apiVersion: clusterctl.cluster.x-k8s.io/v1alpha3
                kind: Provider
                metadata:
                  labels:
                    cluster.x-k8s.io/provider: {{label}}
                    clusterctl.cluster.x-k8s.io: ""
                  name: {{provider}}
                  namespace: {{ns}}
                providerName: {{providerName}}
                type: {{type}}
                version: {{version}}

                """);
        }

        var dir = Path.Combine(root, provider, version);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, file), yaml.ToString());
    }
}
