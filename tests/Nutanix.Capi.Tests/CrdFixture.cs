using Kubernetes.Machinery.Schema;
using Nutanix.Capi.Schema;

namespace Nutanix.Capi.Tests;

/// <summary>
/// The CRDs of the kinds the renderer writes (CAPI v1.13.1 / CAPX v1.10.3), from the repository's CRD snapshot
/// (<c>crds/</c>, embedded in Nutanix.Capi), once per run.
/// </summary>
internal static class CrdFixture
{
    /// <summary>The CRDs a cluster's rendered objects use.</summary>
    public static readonly IReadOnlyList<string> RenderedKinds =
    [
        "clusterresourcesets.addons.cluster.x-k8s.io",
        "kubeadmconfigtemplates.bootstrap.cluster.x-k8s.io",
        "clusters.cluster.x-k8s.io",
        "machinedeployments.cluster.x-k8s.io",
        "machinehealthchecks.cluster.x-k8s.io",
        "machines.cluster.x-k8s.io",
        "kubeadmcontrolplanes.controlplane.cluster.x-k8s.io",
        "nutanixclusters.infrastructure.cluster.x-k8s.io",
        "nutanixmachines.infrastructure.cluster.x-k8s.io",
        "nutanixmachinetemplates.infrastructure.cluster.x-k8s.io",
    ];

    private static readonly Lazy<CrdRegistry> Lazy = new(Load);

    public static CrdRegistry Registry => Lazy.Value;

    private static CrdRegistry Load()
    {
        var registry = new CrdRegistry();
        foreach (var name in RenderedKinds)
        {
            registry.Add(CrdSnapshot.Get(name));
        }

        return registry;
    }
}
