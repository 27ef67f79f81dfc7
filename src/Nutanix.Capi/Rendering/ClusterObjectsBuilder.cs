using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>The Cluster itself, its NutanixCluster (control-plane endpoint, Prism Central) and the optional trust-bundle ConfigMap.</summary>
internal static class ClusterObjectsBuilder
{
    public static ConfigMapObject TrustBundle(WorkloadClusterSpec spec, string name) =>
        Manifest.Create(CapiResources.ConfigMap, name, spec, new ConfigMapObject
        {
            Data = new() { ["ca.crt"] = spec.PrismCentral.AdditionalTrustBundle! },
        });

    /// <summary>The Cluster with the addon labels (key-sorted) and the spec's Cluster annotations.</summary>
    public static ClusterObject Cluster(WorkloadClusterSpec spec, string kcpName, IReadOnlyDictionary<string, string> addonLabels)
    {
        var cluster = Manifest.Create(CapiResources.Cluster, spec.Name, spec, new ClusterObject
        {
            Spec = new ClusterObjectSpec
            {
                ClusterNetwork = new ClusterNetwork
                {
                    Pods = new NetworkRanges([spec.PodCidr]),
                    ServiceDomain = spec.ServiceDomain,
                    Services = new NetworkRanges([spec.ServiceCidr]),
                },
                ControlPlaneRef = Manifest.Ref(CapiResources.KubeadmControlPlane, kcpName),
                InfrastructureRef = Manifest.Ref(CapiResources.NutanixCluster, spec.Name),
            },
        });
        var labels = cluster.Metadata!.Labels!;
        foreach (var (k, v) in addonLabels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            labels[k] = v;
        }

        return spec.ClusterAnnotations.Count == 0
            ? cluster
            : cluster with { Metadata = cluster.Metadata with { Annotations = new(spec.ClusterAnnotations, StringComparer.Ordinal) } };
    }

    public static NutanixClusterObject NutanixCluster(WorkloadClusterSpec spec, string secretName, string? trustBundleName) =>
        Manifest.Create(CapiResources.NutanixCluster, spec.Name, spec, new NutanixClusterObject
        {
            Spec = new NutanixClusterSpec(
                new ApiEndpoint(spec.ControlPlane.EndpointHost, spec.ControlPlane.EndpointPort),
                new PrismCentralRef(
                    spec.PrismCentral.Address,
                    spec.PrismCentral.Port,
                    spec.PrismCentral.Insecure,
                    Manifest.LocalRef(CapiResources.Secret, secretName),
                    trustBundleName is null ? null : Manifest.LocalRef(CapiResources.ConfigMap, trustBundleName))),
        });
}
