using System.Text.Json.Nodes;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>An addon: a ConfigMap holding its YAML and a ClusterResourceSet (same name) selecting the cluster by an addon label.</summary>
internal static class AddonBuilder
{
    /// <summary>The ConfigMap, the ClusterResourceSet, and the label (key, value) the Cluster must carry.</summary>
    public static (JsonObject ConfigMap, JsonObject ResourceSet, string Label) Build(WorkloadClusterSpec spec, AddonManifest addon)
    {
        var name = ClusterNaming.Addon(spec.Name, addon.Name);
        var label = ClusterNaming.AddonLabelPrefix + addon.Name;
        var configMap = Manifest.Create(CapiResources.ConfigMap, name, spec, new JsonObject
        {
            ["data"] = new JsonObject { [addon.Name + ".yaml"] = addon.Manifests },
        });
        var set = Manifest.Create(CapiResources.ClusterResourceSet, name, spec, new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["clusterSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { [label] = spec.Name } },
                ["resources"] = new JsonArray(new JsonObject { ["kind"] = CapiResources.ConfigMap.Kind, ["name"] = name }),
                ["strategy"] = addon.Reconcile ? "Reconcile" : "ApplyOnce",
            },
        });
        return (configMap, set, label);
    }
}
