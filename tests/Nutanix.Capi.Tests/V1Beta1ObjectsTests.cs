using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;

namespace Nutanix.Capi.Tests;

/// <summary>Objects in the older v1beta1 API shapes (map-style extraArgs, apiVersion refs) must validate too.</summary>
public sealed class V1Beta1ObjectsTests
{
    private const string Manifests = """
        apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
        kind: KubeadmConfigTemplate
        metadata: {name: c1-kcfg-0, namespace: ns}
        spec:
          template:
            spec:
              joinConfiguration:
                nodeRegistration:
                  kubeletExtraArgs: {cloud-provider: external, eviction-hard: "memory.available<100Mi"}
              preKubeadmCommands: ["echo hi"]
              users: [{name: capiuser, lockPassword: false, sudo: "ALL=(ALL) NOPASSWD:ALL", sshAuthorizedKeys: ["ssh-rsa AAAA"]}]
              verbosity: 10
        ---
        apiVersion: cluster.x-k8s.io/v1beta1
        kind: MachineDeployment
        metadata: {name: c1-wmd, namespace: ns}
        spec:
          clusterName: c1
          replicas: 2
          selector: {matchLabels: {}}
          template:
            metadata: {labels: {cluster.x-k8s.io/cluster-name: c1}}
            spec:
              clusterName: c1
              version: v1.30.2
              bootstrap: {configRef: {apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: c1-kcfg-0}}
              infrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: NutanixMachineTemplate, name: c1-mt-0}
        ---
        apiVersion: cluster.x-k8s.io/v1beta1
        kind: MachineHealthCheck
        metadata: {name: c1-mhc, namespace: ns}
        spec:
          clusterName: c1
          maxUnhealthy: 40%
          nodeStartupTimeout: 10m0s
          selector: {matchLabels: {cluster.x-k8s.io/cluster-name: c1}}
          unhealthyConditions:
          - {type: Ready, status: "False", timeout: 5m0s}
        ---
        apiVersion: controlplane.cluster.x-k8s.io/v1beta1
        kind: KubeadmControlPlane
        metadata: {name: c1-kcp, namespace: ns}
        spec:
          replicas: 1
          version: v1.30.2
          machineTemplate:
            infrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: NutanixMachineTemplate, name: c1-mt-0}
          kubeadmConfigSpec:
            clusterConfiguration:
              apiServer:
                certSANs: [localhost, 127.0.0.1]
                extraArgs: {cloud-provider: external}
            files:
            - {path: /etc/kubernetes/manifests/kube-vip.yaml, owner: "root:root", content: "kind: Pod\n"}
            useExperimentalRetryJoin: true
        """;

    [Fact]
    public void OlderApiShapesValidate()
    {
        var docs = YamlJson.ReadDocuments(Manifests).Cast<JsonObject>().ToList();
        Assert.Equal(4, docs.Count);
        foreach (var doc in docs)
        {
            Assert.Empty(CrdFixture.Registry.Prune(doc));
            CrdFixture.Registry.ApplyDefaults(doc);
            var errors = CrdFixture.Registry.Validate(doc);
            Assert.True(errors.Count == 0, $"{doc["kind"]}: {string.Join("\n", errors)}");
        }
    }

    [Fact]
    public void V1Beta2RejectsTheV1Beta1ExtraArgsMap()
    {
        var kct = (JsonObject)YamlJson.ReadDocuments(Manifests)[0]!;
        kct["apiVersion"] = "bootstrap.cluster.x-k8s.io/v1beta2";
        CrdFixture.Registry.Prune(kct);
        var errors = CrdFixture.Registry.Validate(kct).Select(e => e.ToString()).ToList();
        Assert.Contains("spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs: Invalid value: \"object\": spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs in body must be of type array: \"object\"", errors);
    }
}
