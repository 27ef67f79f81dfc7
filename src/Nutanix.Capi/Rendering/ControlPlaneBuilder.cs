using System.Text.Json.Nodes;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>The KubeadmControlPlane: replicas, version, machine template and kubeadm config with the kube-vip static pod.</summary>
internal static class ControlPlaneBuilder
{
    public static JsonObject Build(WorkloadClusterSpec spec, KubernetesVersion version, string kcpName, string templateName)
    {
        var apiServerArgs = new List<(string, string)> { ("tls-cipher-suites", KubeadmDefaults.TlsCipherSuites) };
        if (version < new KubernetesVersion(1, 33, 0))
        {
            // kube-apiserver lost --cloud-provider in 1.33; before that CAPX injects "external".
            apiServerArgs.Insert(0, ("cloud-provider", "external"));
        }

        var pre = new JsonArray(
            KubeadmDefaults.SetHostname,
            "echo \"::1         ipv6-localhost ipv6-loopback\" >/etc/hosts",
            "echo \"127.0.0.1   localhost\" >>/etc/hosts",
            "echo \"127.0.0.1   kubernetes\" >>/etc/hosts",
            "echo \"127.0.0.1   {{ ds.meta_data.hostname }}\" >>/etc/hosts");
        var post = new JsonArray("echo export KUBECONFIG=/etc/kubernetes/admin.conf >> /root/.bashrc");
        if (version >= new KubernetesVersion(1, 29, 0))
        {
            // kubeadm >= 1.29 gives admin.conf no rights until the control plane is up on the first node; kube-vip
            // must use super-admin.conf during `kubeadm init` and switch back afterwards.
            pre.Add((JsonNode)$"if [ -f /run/kubeadm/kubeadm.yaml ]; then sed -i 's#path: /etc/kubernetes/admin.conf#path: /etc/kubernetes/super-admin.conf#' {ClusterNaming.KubeVipManifestPath}; fi");
            post.Add((JsonNode)$"if [ -f /run/kubeadm/kubeadm.yaml ]; then sed -i 's#path: /etc/kubernetes/super-admin.conf#path: /etc/kubernetes/admin.conf#' {ClusterNaming.KubeVipManifestPath}; fi");
        }

        var kubeadm = new JsonObject
        {
            ["clusterConfiguration"] = new JsonObject
            {
                ["apiServer"] = new JsonObject
                {
                    ["certSANs"] = new JsonArray("localhost", "127.0.0.1", "0.0.0.0"),
                    ["extraArgs"] = Manifest.Args(apiServerArgs),
                },
                ["controllerManager"] = new JsonObject { ["extraArgs"] = Manifest.Args([("tls-cipher-suites", KubeadmDefaults.TlsCipherSuites)]) },
                ["scheduler"] = new JsonObject { ["extraArgs"] = Manifest.Args([("tls-cipher-suites", KubeadmDefaults.TlsCipherSuites)]) },
            },
            ["files"] = new JsonArray(new JsonObject
            {
                ["content"] = KubeVipPod.Manifest(spec),
                ["owner"] = "root:root",
                ["path"] = ClusterNaming.KubeVipManifestPath,
            }),
            ["initConfiguration"] = new JsonObject { ["nodeRegistration"] = new JsonObject { ["kubeletExtraArgs"] = Manifest.Args(KubeadmDefaults.KubeletArgs(null)) } },
            ["joinConfiguration"] = new JsonObject { ["nodeRegistration"] = new JsonObject { ["kubeletExtraArgs"] = Manifest.Args(KubeadmDefaults.KubeletArgs(null)) } },
            ["preKubeadmCommands"] = pre,
            ["postKubeadmCommands"] = post,
        };
        if (KubeadmDefaults.Users(spec) is { } users)
        {
            kubeadm["users"] = users;
        }

        return Manifest.Create(CapiResources.KubeadmControlPlane, kcpName, spec, new JsonObject
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
                            ["apiGroup"] = CapiResources.NutanixMachineTemplate.Group,
                            ["kind"] = CapiResources.NutanixMachineTemplate.Kind,
                            ["name"] = templateName,
                        },
                    },
                },
                ["kubeadmConfigSpec"] = kubeadm,
            },
        });
    }
}
