using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>The kubeadm settings of the CAPX cluster template shared by control-plane and worker nodes.</summary>
internal static class KubeadmDefaults
{
    public const string TlsCipherSuites =
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";

    public const string EvictionHard = "nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%,memory.available<100Mi,imagefs.inodesFree<10%";

    public const string SetHostname = "hostnamectl set-hostname \"{{ ds.meta_data.hostname }}\"";

    /// <summary>The kubelet's extra arguments, with <c>--node-labels</c> when given.</summary>
    public static List<(string, string)> KubeletArgs(string? nodeLabels)
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

    /// <summary>The node OS user with the SSH keys; null when there are no keys.</summary>
    public static List<KubeadmUser>? Users(WorkloadClusterSpec spec)
    {
        if (spec.SshAuthorizedKeys.Count == 0)
        {
            return null;
        }

        return
        [
            new KubeadmUser
            {
                Name = spec.SshUser,
                LockPassword = false,
                Sudo = "ALL=(ALL) NOPASSWD:ALL",
                SshAuthorizedKeys = [.. spec.SshAuthorizedKeys],
            },
        ];
    }
}
