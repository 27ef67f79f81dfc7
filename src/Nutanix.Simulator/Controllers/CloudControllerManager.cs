using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates the Nutanix cloud controller manager (CCM) running in a workload cluster. Kubelets there run with
/// <c>--cloud-provider=external</c>: each node registers tainted <c>node.cloudprovider.kubernetes.io/uninitialized</c>
/// and without <c>spec.providerID</c>, and only a CCM sets the provider ID and removes the taint. Cluster API finds a
/// Machine's Node by that provider ID, so without a CCM no Machine gets <c>status.nodeRef</c>.
/// <para>
/// A cluster's CCM runs when a ClusterResourceSet of its namespace selects the Cluster, the control plane is initialized
/// (Cluster API applies resource sets only from then on) and the set's resources hold, as the CAPX cluster template's
/// do, a Deployment whose container image is a <c>…/cloud-provider-nutanix/controller</c> image (any registry, so a
/// mirror counts) and the <c>kube-system/nutanix-creds</c> Secret its <c>credentialRef</c> names, either as a document of a
/// ConfigMap or inside a Secret of type <c>addons.cluster.x-k8s.io/resource-set</c>.
/// </para>
/// </summary>
internal static class CloudControllerManager
{
    /// <summary>The image path (without registry and tag) of the Nutanix CCM.</summary>
    public const string ImagePath = "cloud-provider-nutanix/controller";

    /// <summary>What one pass already worked out per cluster (<c>namespace/name</c>).</summary>
    private static readonly ConditionalWeakTable<ReconcileContext, Dictionary<string, bool>> PerPass = new();

    /// <summary>True when the cluster's nodes are initialized by a Nutanix CCM (see the type's summary).</summary>
    public static bool Runs(ReconcileContext ctx, JsonObject cluster)
    {
        if (cluster["status"]?["initialization"]?["controlPlaneInitialized"]?.GetValue<bool>() != true) return false;
        var key = ObjectMeta.Namespace(cluster) + "/" + ObjectMeta.Name(cluster);
        var known = PerPass.GetOrCreateValue(ctx);
        if (known.TryGetValue(key, out var runs)) return runs;
        runs = Find(ctx, cluster);
        known[key] = runs;
        return runs;
    }

    private static bool Find(ReconcileContext ctx, JsonObject cluster)
    {
        if (ctx.Types.ClusterResourceSet is not { } setType) return false;
        var ns = ObjectMeta.Namespace(cluster);
        var labels = cluster["metadata"]?["labels"] as JsonObject;
        var sets = ctx.Store.ListWhere(setType, ns, s => !ObjectMeta.IsDeleting(s)
            && ClusterResourceSetController.Matches(s["spec"]?["clusterSelector"] as JsonObject, labels));
        bool deployment = false, credentials = false;
        foreach (var set in sets)
        {
            foreach (var resource in (set["spec"]?["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = (string?)resource["name"] ?? "";
                var (type, base64) = (string?)resource["kind"] switch
                {
                    "ConfigMap" => (ctx.Types.ConfigMap, false),
                    "Secret" => (ctx.Types.Secret, true),
                    _ => (null, false),
                };
                if (type is null || ctx.Store.TryGet(type, ns, name) is not { } obj) continue;
                foreach (var text in Contents(obj, base64))
                {
                    foreach (var doc in Documents(text))
                    {
                        deployment |= IsCcmDeployment(doc);
                        credentials |= (string?)doc["kind"] == "Secret" && (string?)doc["metadata"]?["name"] == "nutanix-creds"
                            && (string?)doc["metadata"]?["namespace"] == "kube-system";
                    }
                }
            }
        }

        return deployment && credentials;
    }

    private static IEnumerable<string> Contents(JsonObject obj, bool base64)
    {
        foreach (var (_, value) in obj["data"] as JsonObject ?? [])
        {
            if ((string?)value is not { } text) continue;
            if (!base64)
            {
                yield return text;
                continue;
            }

            string? decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            }
            catch (FormatException)
            {
                decoded = null;
            }

            if (decoded is not null) yield return decoded;
        }

        foreach (var (_, value) in obj["stringData"] as JsonObject ?? [])
        {
            if ((string?)value is { } text) yield return text;
        }
    }

    private static IEnumerable<JsonObject> Documents(string text)
    {
        IReadOnlyList<JsonNode?> docs;
        try
        {
            docs = YamlJson.ReadDocuments(text);
        }
        catch (YamlJsonException)
        {
            docs = [];
        }

        return docs.OfType<JsonObject>();
    }

    private static bool IsCcmDeployment(JsonObject doc) =>
        (string?)doc["kind"] == "Deployment"
        && (doc["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => (string?)c["image"] is { } image && Repository(image).EndsWith("/" + ImagePath, StringComparison.Ordinal));

    /// <summary>The image reference without its tag or digest.</summary>
    private static string Repository(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0) image = image[..at];
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }
}
