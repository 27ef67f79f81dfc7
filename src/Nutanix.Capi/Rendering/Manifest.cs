using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>The envelope every rendered object shares: apiVersion, kind and metadata with the cluster's labels.</summary>
internal static class Manifest
{
    /// <summary>An object of <paramref name="kind"/> (its apiVersion and kind set) with the cluster's metadata.</summary>
    public static T Create<T>(CapiKind kind, string name, WorkloadClusterSpec spec, T body)
        where T : KubeObject =>
        Create(kind, name, spec.Name, spec.Namespace, spec.Labels, body);

    /// <summary>
    /// <paramref name="body"/> as an object of <paramref name="kind"/> named <paramref name="name"/>, labelled with the
    /// cluster name, our managed-by label and <paramref name="extraLabels"/> (key-sorted).
    /// </summary>
    public static T Create<T>(CapiKind kind, string name, string clusterName, string ns, IReadOnlyDictionary<string, string> extraLabels, T body)
        where T : KubeObject => body with
        {
            ApiVersion = kind.ApiVersion,
            Kind = kind.Kind,
            Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = Labels(clusterName, extraLabels) },
        };

    /// <summary>The labels every object of the cluster carries, in the order they are written.</summary>
    public static Dictionary<string, string> Labels(string clusterName, IReadOnlyDictionary<string, string> extraLabels)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ClusterNaming.ClusterNameLabel] = clusterName,
            [ClusterNaming.ManagedByLabel] = ClusterNaming.ManagedByValue,
        };
        foreach (var (k, v) in extraLabels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (k != ClusterNaming.ClusterNameLabel && k != ClusterNaming.ManagedByLabel)
            {
                labels[k] = v;
            }
        }

        return labels;
    }

    /// <summary>A <c>{apiVersion, kind, name}</c> object reference.</summary>
    public static ObjectRef Ref(CapiKind kind, string name) => new() { ApiVersion = kind.ApiVersion, Kind = kind.Kind, Name = name };

    /// <summary>A <c>{kind, name}</c> reference to a core object in the same namespace.</summary>
    public static ObjectRef LocalRef(CapiKind kind, string name) => new() { Kind = kind.Kind, Name = name };

    /// <summary>kubeadm's <c>[{name, value}]</c> argument list.</summary>
    public static List<NameValue> Args(IEnumerable<(string Name, string Value)> args) =>
        args.Select(a => new NameValue(a.Name, a.Value)).ToList();
}
