using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>The KubeadmControlPlane: replicas, version, machine template and kubeadm config with the kube-vip static pod.</summary>
internal static class ControlPlaneBuilder
{
    public static KubeadmControlPlaneObject Build(WorkloadClusterSpec spec, KubernetesVersion version, string kcpName, string templateName)
    {
        var apiServerArgs = new List<(string, string)> { ("tls-cipher-suites", KubeadmDefaults.TlsCipherSuites) };
        if (version < new KubernetesVersion(1, 33, 0))
        {
            // kube-apiserver lost --cloud-provider in 1.33; before that CAPX injects "external".
            apiServerArgs.Insert(0, ("cloud-provider", "external"));
        }

        List<string> pre =
        [
            KubeadmDefaults.SetHostname,
            "echo \"::1         ipv6-localhost ipv6-loopback\" >/etc/hosts",
            "echo \"127.0.0.1   localhost\" >>/etc/hosts",
            "echo \"127.0.0.1   kubernetes\" >>/etc/hosts",
            "echo \"127.0.0.1   {{ ds.meta_data.hostname }}\" >>/etc/hosts",
        ];
        List<string> post = ["echo export KUBECONFIG=/etc/kubernetes/admin.conf >> /root/.bashrc"];
        if (version >= new KubernetesVersion(1, 29, 0))
        {
            // kubeadm >= 1.29 gives admin.conf no rights until the control plane is up on the first node; kube-vip
            // must use super-admin.conf during `kubeadm init` and switch back afterwards.
            pre.Add($"if [ -f /run/kubeadm/kubeadm.yaml ]; then sed -i 's#path: /etc/kubernetes/admin.conf#path: /etc/kubernetes/super-admin.conf#' {ClusterNaming.KubeVipManifestPath}; fi");
            post.Add($"if [ -f /run/kubeadm/kubeadm.yaml ]; then sed -i 's#path: /etc/kubernetes/super-admin.conf#path: /etc/kubernetes/admin.conf#' {ClusterNaming.KubeVipManifestPath}; fi");
        }

        var cipherSuites = Manifest.Args([("tls-cipher-suites", KubeadmDefaults.TlsCipherSuites)]);
        var kubeadm = new KubeadmConfigSpec
        {
            ClusterConfiguration = new KubeadmClusterConfiguration(
                new ExtraArgsOf { CertSans = ["localhost", "127.0.0.1", "0.0.0.0"], ExtraArgs = Manifest.Args(apiServerArgs) },
                new ExtraArgsOf { ExtraArgs = cipherSuites },
                new ExtraArgsOf { ExtraArgs = [.. cipherSuites] }),
            Files = [new KubeadmFile { Content = KubeVipPod.Manifest(spec), Owner = "root:root", Path = ClusterNaming.KubeVipManifestPath }],
            InitConfiguration = new NodeRegistrationOf(new NodeRegistration(Manifest.Args(KubeadmDefaults.KubeletArgs(null)), null)),
            JoinConfiguration = new NodeRegistrationOf(new NodeRegistration(Manifest.Args(KubeadmDefaults.KubeletArgs(null)), null)),
            PreKubeadmCommands = pre,
            PostKubeadmCommands = post,
            Users = KubeadmDefaults.Users(spec),
        };

        return Manifest.Create(CapiResources.KubeadmControlPlane, kcpName, spec, new KubeadmControlPlaneObject
        {
            Spec = new KubeadmControlPlaneSpec
            {
                Replicas = spec.ControlPlane.Replicas,
                Version = version.ToString(),
                MachineTemplate = new ControlPlaneMachineTemplate(
                    new MachineTemplateRefs(new ObjectRef
                    {
                        ApiGroup = CapiResources.NutanixMachineTemplate.Group,
                        Kind = CapiResources.NutanixMachineTemplate.Kind,
                        Name = templateName,
                    }),
                    null),
                KubeadmConfigSpec = kubeadm,
            },
        });
    }
}
