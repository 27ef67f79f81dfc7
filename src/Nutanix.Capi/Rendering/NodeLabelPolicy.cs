namespace Nutanix.Capi.Rendering;

/// <summary>
/// Where a worker pool's node label goes. Labels Cluster API v1.13 syncs from the Machine to the Node
/// (<c>node-role.kubernetes.io/</c>, <c>node-restriction.kubernetes.io/</c>, <c>node.cluster.x-k8s.io/</c>) go on the
/// MachineDeployment's machine template and change in place; any other label is set by the kubelet
/// (<c>--node-labels</c>) when the node joins; labels in the kubernetes.io / k8s.io namespaces that neither may set
/// are refused.
/// </summary>
public static class NodeLabelPolicy
{
    /// <summary>Label keys CAPI v1.13 syncs from Machine metadata to the Node (the kubelet may not set them itself).</summary>
    public static bool IsCapiSynced(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var prefix = key[..slash];
        return prefix is "node-role.kubernetes.io" or "node-restriction.kubernetes.io" or "node.cluster.x-k8s.io"
            || prefix.EndsWith(".node-restriction.kubernetes.io", StringComparison.Ordinal)
            || prefix.EndsWith(".node.cluster.x-k8s.io", StringComparison.Ordinal);
    }

    /// <summary>
    /// The kubelet's NodeRestriction rules for <c>--node-labels</c>: keys outside the kubernetes.io / k8s.io
    /// namespaces are free; inside them only a fixed allow-list is accepted (the kubelet refuses to start otherwise).
    /// </summary>
    public static bool KubeletMaySet(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return true;
        }

        var prefix = key[..slash];
        static bool InNamespace(string p, string ns) => p == ns || p.EndsWith("." + ns, StringComparison.Ordinal);
        if (!InNamespace(prefix, "kubernetes.io") && !InNamespace(prefix, "k8s.io"))
        {
            return true;
        }

        return key is "kubernetes.io/hostname" or "kubernetes.io/instance-type" or "kubernetes.io/os" or "kubernetes.io/arch"
            || prefix is "beta.kubernetes.io" or "failure-domain.beta.kubernetes.io" or "topology.kubernetes.io"
            || InNamespace(prefix, "kubelet.kubernetes.io") || InNamespace(prefix, "node.kubernetes.io");
    }

    /// <summary>True when a node label can be placed at all (synced by CAPI or set by the kubelet).</summary>
    public static bool IsAllowed(string key) => IsCapiSynced(key) || KubeletMaySet(key);

    /// <summary>The kubelet's <c>--node-labels</c> value for a pool's labels (key-sorted <c>k=v</c> pairs); null when there are none.</summary>
    public static string? KubeletArgument(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var pairs = labels.Where(l => !IsCapiSynced(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").ToList();
        return pairs.Count == 0 ? null : string.Join(",", pairs);
    }

    /// <summary>The labels of a <c>--node-labels</c> value (the inverse of <see cref="KubeletArgument"/>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> ParseKubeletArgument(string? value)
    {
        if (string.IsNullOrEmpty(value)) yield break;
        foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) yield return new(pair[..eq], pair[(eq + 1)..]);
        }
    }
}
