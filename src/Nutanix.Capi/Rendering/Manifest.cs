using System.Text.Json.Nodes;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>The envelope every rendered object shares: apiVersion, kind and metadata with the cluster's labels.</summary>
internal static class Manifest
{
    public static JsonObject Create(CapiKind kind, string name, WorkloadClusterSpec spec, JsonObject body) =>
        Create(kind, name, spec.Name, spec.Namespace, spec.Labels, body);

    /// <summary>
    /// An object of <paramref name="kind"/> named <paramref name="name"/>, labelled with the cluster name, our
    /// managed-by label and <paramref name="extraLabels"/> (key-sorted), with the top-level fields of <paramref name="body"/>.
    /// </summary>
    public static JsonObject Create(CapiKind kind, string name, string clusterName, string ns, IReadOnlyDictionary<string, string> extraLabels, JsonObject body)
    {
        var labels = new JsonObject { [ClusterNaming.ClusterNameLabel] = clusterName, [ClusterNaming.ManagedByLabel] = ClusterNaming.ManagedByValue };
        foreach (var (k, v) in extraLabels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (k != ClusterNaming.ClusterNameLabel && k != ClusterNaming.ManagedByLabel)
            {
                labels[k] = v;
            }
        }

        var obj = new JsonObject
        {
            ["apiVersion"] = kind.ApiVersion,
            ["kind"] = kind.Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels },
        };
        foreach (var (k, v) in body.ToList())
        {
            body.Remove(k);
            obj[k] = v;
        }

        return obj;
    }

    /// <summary>A <c>{apiVersion, kind, name}</c> object reference.</summary>
    public static JsonObject Ref(CapiKind kind, string name) => new() { ["apiVersion"] = kind.ApiVersion, ["kind"] = kind.Kind, ["name"] = name };

    /// <summary>kubeadm's <c>[{name, value}]</c> argument list.</summary>
    public static JsonArray Args(IEnumerable<(string Name, string Value)> args) =>
        new(args.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["value"] = a.Value }).ToArray());
}
