using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>An addon: a ConfigMap holding its YAML and a ClusterResourceSet (same name) selecting the cluster by an addon label.</summary>
internal static class AddonBuilder
{
    /// <summary>The ConfigMap, the ClusterResourceSet, and the label (key, value) the Cluster must carry.</summary>
    public static (ConfigMapObject ConfigMap, ClusterResourceSetObject ResourceSet, string Label) Build(WorkloadClusterSpec spec, AddonManifest addon)
    {
        var name = ClusterNaming.Addon(spec.Name, addon.Name);
        var label = ClusterNaming.AddonLabelPrefix + addon.Name;
        var configMap = Manifest.Create(CapiResources.ConfigMap, name, spec, new ConfigMapObject
        {
            Data = new(StringComparer.Ordinal) { [addon.Name + ".yaml"] = addon.Manifests },
        });
        var set = Manifest.Create(CapiResources.ClusterResourceSet, name, spec, new ClusterResourceSetObject
        {
            Spec = new ClusterResourceSetSpec
            {
                ClusterSelector = new LabelSelector(new(StringComparer.Ordinal) { [label] = spec.Name }),
                Resources = [Manifest.LocalRef(CapiResources.ConfigMap, name)],
                Strategy = addon.Reconcile ? "Reconcile" : "ApplyOnce",
            },
        });
        return (configMap, set, label);
    }
}
