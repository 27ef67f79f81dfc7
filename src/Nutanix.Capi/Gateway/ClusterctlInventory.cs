using System.Text.Json.Nodes;
using Nutanix.Capi.Schema;

namespace Nutanix.Capi.Gateway;

/// <summary>
/// clusterctl's inventory CustomResourceDefinition, which clusterctl carries inside its binary (it is in no release
/// file) and creates before the first provider: <c>providers.clusterctl.cluster.x-k8s.io</c> (kind <c>Provider</c>,
/// version <c>v1alpha3</c>), taken from the repository's CRD snapshot of Cluster API, labelled as clusterctl labels it.
/// </summary>
public static class ClusterctlInventory
{
    public const string CrdName = "providers.clusterctl.cluster.x-k8s.io";

    public static JsonObject Crd()
    {
        var crd = CrdSnapshot.Get(CrdName);
        var metadata = (JsonObject)crd["metadata"]!;
        if (metadata["labels"] is not JsonObject labels)
        {
            metadata["labels"] = labels = [];
        }

        labels[ComponentManifest.ClusterctlLabel] = string.Empty;
        labels[ComponentManifest.ClusterctlCoreLabel] = "inventory";
        return crd;
    }
}
