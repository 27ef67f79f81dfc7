using System.Text.Json.Nodes;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>The Cluster itself, its NutanixCluster (control-plane endpoint, Prism Central) and the optional trust-bundle ConfigMap.</summary>
internal static class ClusterObjectsBuilder
{
    public static JsonObject TrustBundle(WorkloadClusterSpec spec, string name) =>
        Manifest.Create(CapiResources.ConfigMap, name, spec, new JsonObject
        {
            ["data"] = new JsonObject { ["ca.crt"] = spec.PrismCentral.AdditionalTrustBundle },
        });

    /// <summary>The Cluster with the addon labels (key-sorted) and the spec's Cluster annotations.</summary>
    public static JsonObject Cluster(WorkloadClusterSpec spec, string kcpName, IReadOnlyDictionary<string, string> addonLabels)
    {
        var cluster = Manifest.Create(CapiResources.Cluster, spec.Name, spec, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["clusterNetwork"] = new JsonObject
                {
                    ["pods"] = new JsonObject { ["cidrBlocks"] = new JsonArray(spec.PodCidr) },
                    ["serviceDomain"] = spec.ServiceDomain,
                    ["services"] = new JsonObject { ["cidrBlocks"] = new JsonArray(spec.ServiceCidr) },
                },
                ["controlPlaneRef"] = Manifest.Ref(CapiResources.KubeadmControlPlane, kcpName),
                ["infrastructureRef"] = Manifest.Ref(CapiResources.NutanixCluster, spec.Name),
            },
        });
        var metadata = cluster["metadata"]!.AsObject();
        var labels = metadata["labels"]!.AsObject();
        foreach (var (k, v) in addonLabels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            labels[k] = v;
        }

        if (spec.ClusterAnnotations.Count > 0)
        {
            var annotations = new JsonObject();
            foreach (var (k, v) in spec.ClusterAnnotations)
            {
                annotations[k] = v;
            }

            metadata["annotations"] = annotations;
        }

        return cluster;
    }

    public static JsonObject NutanixCluster(WorkloadClusterSpec spec, string secretName, string? trustBundleName)
    {
        var prismCentral = new JsonObject
        {
            ["address"] = spec.PrismCentral.Address,
            ["port"] = spec.PrismCentral.Port,
            ["insecure"] = spec.PrismCentral.Insecure,
            ["credentialRef"] = new JsonObject { ["kind"] = CapiResources.Secret.Kind, ["name"] = secretName },
        };
        if (trustBundleName is not null)
        {
            prismCentral["additionalTrustBundle"] = new JsonObject { ["kind"] = CapiResources.ConfigMap.Kind, ["name"] = trustBundleName };
        }

        return Manifest.Create(CapiResources.NutanixCluster, spec.Name, spec, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["controlPlaneEndpoint"] = new JsonObject { ["host"] = spec.ControlPlane.EndpointHost, ["port"] = spec.ControlPlane.EndpointPort },
                ["prismCentral"] = prismCentral,
            },
        });
    }
}
