using System.Text.Json.Nodes;
using Nutanix.Capi.Lifecycle;

namespace TestSupport.Capi;

/// <summary>Rendered objects bundled into a <see cref="LiveCluster"/> the way a read of the management cluster bundles them.</summary>
public static class LiveClusters
{
    public static LiveCluster Bundle(IReadOnlyList<JsonObject> objects)
    {
        JsonObject One(string kind) => objects.Single(o => (string?)o["kind"] == kind);
        Dictionary<string, JsonObject> Named(string kind) =>
            objects.Where(o => (string?)o["kind"] == kind).ToDictionary(o => (string)o["metadata"]!["name"]!);
        return new LiveCluster
        {
            Cluster = One("Cluster"),
            NutanixCluster = One("NutanixCluster"),
            ControlPlane = One("KubeadmControlPlane"),
            MachineDeployments = objects.Where(o => (string?)o["kind"] == "MachineDeployment").ToList(),
            MachineTemplates = Named("NutanixMachineTemplate"),
            BootstrapTemplates = Named("KubeadmConfigTemplate"),
            ClusterResourceSets = objects.Where(o => (string?)o["kind"] == "ClusterResourceSet").ToList(),
            ConfigMaps = Named("ConfigMap"),
            MachineHealthCheck = objects.SingleOrDefault(o => (string?)o["kind"] == "MachineHealthCheck"),
        };
    }
}
