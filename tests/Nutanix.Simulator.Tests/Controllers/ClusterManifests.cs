using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Tests.Controllers;

/// <summary>A workload cluster as the CAPX v1.10.3 template renders it (Cluster/MD v1beta1, KCP/bootstrap v1beta2).</summary>
public sealed record ClusterManifests
{
    public string Name { get; init; } = "c1";
    public int ControlPlaneReplicas { get; init; } = 3;
    public int WorkerReplicas { get; init; } = 3;
    public string Version { get; init; } = "v1.33.2";
    public string PrismElement { get; init; } = "pe-cluster-a";
    public string Subnet { get; init; } = "vlan-100-k8s";
    public string Image { get; init; } = "ubuntu-2204-kube-v1.33.2";
    public string Username { get; init; } = ControllerHarness.Username;
    public string Password { get; init; } = ControllerHarness.Password;
    public string? SecretName { get; init; }
    public bool IncludeSecret { get; init; } = true;
    public string EndpointHost { get; init; } = "10.10.100.10";

    /// <summary>Write Cluster and MachineDeployment as v1beta2 (apiGroup references) instead of the template's v1beta1.</summary>
    public bool V1Beta2 { get; init; }

    /// <summary>When set, the credentials Secret uses the <c>api_key</c> format with this key instead of basic auth.</summary>
    public string? ApiKey { get; init; }

    public string CredentialsSecretName => SecretName ?? Name;

    /// <summary>
    /// Include the Nutanix CCM as CAPX's template delivers it (ClusterResourceSet selecting <c>ccm: nutanix</c>, a
    /// ConfigMap with the CCM Deployment, a resource-set Secret with <c>kube-system/nutanix-creds</c>): without it the
    /// nodes are never initialized and no Machine gets a nodeRef.
    /// </summary>
    public bool IncludeCcm { get; init; } = true;

    /// <summary>The CCM image the ConfigMap's Deployment runs.</summary>
    public string CcmImage { get; init; } = "ghcr.io/nutanix-cloud-native/cloud-provider-nutanix/controller:v0.5.3";

    /// <summary>The CCM's ClusterResourceSet, ConfigMap and resource-set Secret, in the CAPX template's shape (names per cluster).</summary>
    public string Ccm()
    {
        var json = "[{\"type\":\"basic_auth\",\"data\":{\"prismCentral\":{\"username\":\"" + Username + "\",\"password\":\"" + Password + "\"},\"prismElements\":null}}]";
        var creds = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: nutanix-creds
              namespace: kube-system
            stringData:
              credentials: '{json}'
            """));
        return $$"""
            apiVersion: addons.cluster.x-k8s.io/v1beta2
            kind: ClusterResourceSet
            metadata:
              name: {{Name}}-nutanix-ccm-crs
            spec:
              clusterSelector:
                matchLabels: {ccm: nutanix}
              resources:
              - {kind: ConfigMap, name: {{Name}}-nutanix-ccm}
              - {kind: Secret, name: {{Name}}-nutanix-ccm-secret}
              strategy: ApplyOnce
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: {{Name}}-nutanix-ccm-secret
            type: addons.cluster.x-k8s.io/resource-set
            data:
              nutanix-ccm-secret.yaml: {{creds}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{Name}}-nutanix-ccm
            data:
              nutanix-ccm.yaml: |
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: cloud-controller-manager
                  namespace: kube-system
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: nutanix-cloud-controller-manager
                  namespace: kube-system
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {k8s-app: nutanix-cloud-controller-manager}
                  template:
                    metadata:
                      labels: {k8s-app: nutanix-cloud-controller-manager}
                    spec:
                      hostNetwork: true
                      nodeSelector: {node-role.kubernetes.io/control-plane: ""}
                      tolerations:
                      - {key: node.cloudprovider.kubernetes.io/uninitialized, operator: Exists, effect: NoSchedule}
                      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
                      containers:
                      - name: nutanix-cloud-controller-manager
                        image: {{CcmImage}}
                        args: ["--leader-elect=true", "--cloud-config=/etc/cloud/nutanix_config.json"]
            """;
    }

    public string Secret()
    {
        var credentials = new JsonArray(ApiKey is null
            ? new JsonObject
            {
                ["type"] = "basic_auth",
                ["data"] = new JsonObject { ["prismCentral"] = new JsonObject { ["username"] = Username, ["password"] = Password }, ["prismElements"] = null },
            }
            : new JsonObject
            {
                ["type"] = "api_key",
                ["data"] = new JsonObject { ["prismCentral"] = new JsonObject { ["apiKey"] = ApiKey }, ["prismElements"] = null },
            }).ToJsonString();
        return $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: {CredentialsSecretName}
            stringData:
              credentials: '{credentials}'
            """;
    }

    public string MachineTemplate(string name, string? image = null, string? subnet = null, string? prismElement = null) => $"""
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: NutanixMachineTemplate
        metadata:
          name: {name}
        spec:
          template:
            spec:
              bootType: legacy
              cluster: {"{"}name: {prismElement ?? PrismElement}, type: name{"}"}
              image: {"{"}name: {image ?? Image}, type: name{"}"}
              memorySize: 4Gi
              providerID: nutanix://{Name}-m1
              subnet:
              - {"{"}name: {subnet ?? Subnet}, type: name{"}"}
              systemDiskSize: 40Gi
              vcpuSockets: 2
              vcpusPerSocket: 1
        """;

    public string All()
    {
        var docs = new List<string>();
        if (IncludeSecret) docs.Add(Secret());
        docs.Add(MachineTemplate($"{Name}-mt-0"));
        docs.Add($"""
            apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
            kind: KubeadmConfigTemplate
            metadata:
              name: {Name}-kcfg-0
            spec:
              template:
                spec:
                  joinConfiguration:
                    nodeRegistration:
                      kubeletExtraArgs:
                      - {"{"}name: cloud-provider, value: external{"}"}
                  users:
                  - name: capiuser
                    sudo: ALL=(ALL) NOPASSWD:ALL
            """);
        if (V1Beta2)
        {
            docs.Add($"""
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: Cluster
                metadata:
                  name: {Name}
                  labels: {"{"}ccm: nutanix{"}"}
                spec:
                  clusterNetwork:
                    pods: {"{"}cidrBlocks: [172.20.0.0/16]{"}"}
                  controlPlaneRef: {"{"}apiGroup: controlplane.cluster.x-k8s.io, kind: KubeadmControlPlane, name: {Name}-kcp{"}"}
                  infrastructureRef: {"{"}apiGroup: infrastructure.cluster.x-k8s.io, kind: NutanixCluster, name: {Name}{"}"}
                """);
            docs.Add($"""
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: MachineDeployment
                metadata:
                  name: {Name}-wmd
                spec:
                  clusterName: {Name}
                  replicas: {WorkerReplicas}
                  selector: {"{"}matchLabels: {"{"}cluster.x-k8s.io/cluster-name: {Name}{"}"}{"}"}
                  template:
                    metadata:
                      labels: {"{"}cluster.x-k8s.io/cluster-name: {Name}{"}"}
                    spec:
                      bootstrap:
                        configRef: {"{"}apiGroup: bootstrap.cluster.x-k8s.io, kind: KubeadmConfigTemplate, name: {Name}-kcfg-0{"}"}
                      clusterName: {Name}
                      infrastructureRef: {"{"}apiGroup: infrastructure.cluster.x-k8s.io, kind: NutanixMachineTemplate, name: {Name}-mt-0{"}"}
                      version: {Version}
                """);
        }

        if (!V1Beta2) docs.Add($"""
            apiVersion: cluster.x-k8s.io/v1beta1
            kind: Cluster
            metadata:
              name: {Name}
              labels: {"{"}ccm: nutanix{"}"}
            spec:
              clusterNetwork:
                pods: {"{"}cidrBlocks: [172.20.0.0/16]{"}"}
                services: {"{"}cidrBlocks: [172.19.0.0/16]{"}"}
                serviceDomain: cluster.local
              controlPlaneRef: {"{"}apiVersion: controlplane.cluster.x-k8s.io/v1beta2, kind: KubeadmControlPlane, name: {Name}-kcp{"}"}
              infrastructureRef: {"{"}apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: NutanixCluster, name: {Name}{"}"}
            """);
        if (!V1Beta2) docs.Add($"""
            apiVersion: cluster.x-k8s.io/v1beta1
            kind: MachineDeployment
            metadata:
              name: {Name}-wmd
            spec:
              clusterName: {Name}
              replicas: {WorkerReplicas}
              selector: {"{"}matchLabels: {"{"}{"}"}{"}"}
              template:
                metadata:
                  labels: {"{"}cluster.x-k8s.io/cluster-name: {Name}{"}"}
                spec:
                  bootstrap:
                    configRef: {"{"}apiVersion: bootstrap.cluster.x-k8s.io/v1beta2, kind: KubeadmConfigTemplate, name: {Name}-kcfg-0{"}"}
                  clusterName: {Name}
                  infrastructureRef: {"{"}apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: NutanixMachineTemplate, name: {Name}-mt-0{"}"}
                  version: {Version}
            """);
        docs.Add($"""
            apiVersion: controlplane.cluster.x-k8s.io/v1beta2
            kind: KubeadmControlPlane
            metadata:
              name: {Name}-kcp
            spec:
              replicas: {ControlPlaneReplicas}
              version: {Version}
              machineTemplate:
                spec:
                  infrastructureRef: {"{"}apiGroup: infrastructure.cluster.x-k8s.io, kind: NutanixMachineTemplate, name: {Name}-mt-0{"}"}
              kubeadmConfigSpec:
                clusterConfiguration:
                  apiServer:
                    certSANs: [localhost, 127.0.0.1, 0.0.0.0]
                initConfiguration:
                  nodeRegistration:
                    kubeletExtraArgs:
                    - {"{"}name: cloud-provider, value: external{"}"}
                joinConfiguration:
                  nodeRegistration:
                    kubeletExtraArgs:
                    - {"{"}name: cloud-provider, value: external{"}"}
                files:
                - path: /etc/kubernetes/manifests/kube-vip.yaml
                  owner: root:root
                  content: "apiVersion: v1\nkind: Pod\nmetadata: {"{"}name: kube-vip, namespace: kube-system{"}"}\n"
                preKubeadmCommands: ["echo before-kubeadm"]
                postKubeadmCommands: ["echo after-kubeadm"]
            """);
        docs.Add($"""
            apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
            kind: NutanixCluster
            metadata:
              name: {Name}
            spec:
              controlPlaneEndpoint: {"{"}host: {EndpointHost}, port: 6443{"}"}
              prismCentral:
                address: 127.0.0.1
                port: 9440
                insecure: false
                credentialRef: {"{"}kind: Secret, name: {CredentialsSecretName}{"}"}
            """);
        if (IncludeCcm) docs.Add(Ccm());
        return string.Join("\n---\n", docs);
    }
}
