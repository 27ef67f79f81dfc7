namespace Nutanix.Capi.Rendering;

/// <summary>
/// The Nutanix cloud controller manager (CCM) a cluster gets through a ClusterResourceSet. Kubelets run with
/// <c>--cloud-provider=external</c>, so each node registers tainted <c>node.cloudprovider.kubernetes.io/uninitialized</c>
/// and without a <c>spec.providerID</c> until a CCM initializes it; CAPI matches Machines to Nodes by that providerID.
/// </summary>
/// <param name="Image">
/// The CCM container image; null takes <see cref="CcmReleases.ImageFor"/> the cluster's Kubernetes minor.
/// </param>
public sealed record CcmSpec(string? Image = null)
{
    /// <summary>The CCM at the release the table gives for the cluster's Kubernetes minor.</summary>
    public static CcmSpec Default { get; } = new();
}

/// <summary>
/// Which release of the Nutanix CCM (<c>ghcr.io/nutanix-cloud-native/cloud-provider-nutanix/controller</c>) a cluster
/// runs for its Kubernetes minor. A cloud controller manager is built against one Kubernetes minor's client libraries
/// (<c>k8s.io/cloud-provider v0.&lt;minor&gt;.x</c>); each row is the newest stable release of
/// nutanix-cloud-native/cloud-provider-nutanix whose <c>go.mod</c> uses that minor's libraries:
/// <list type="table">
/// <item><term>1.30</term><description>v0.4.1 (k8s.io/cloud-provider v0.30.2)</description></item>
/// <item><term>1.31</term><description>v0.5.0 (v0.31.1)</description></item>
/// <item><term>1.32</term><description>v0.5.1 (v0.32.2)</description></item>
/// <item><term>1.33</term><description>v0.5.3 (v0.33.3)</description></item>
/// <item><term>1.34</term><description>v0.6.3 (v0.34.3)</description></item>
/// <item><term>1.35</term><description>v0.7.0 (v0.35.3)</description></item>
/// </list>
/// No release was built against 1.28 or 1.29 (v0.3.2 uses 1.27's, v0.4.0 already 1.30's): those minors, and minors
/// newer than the table, need <c>ccm.image</c> set.
/// </summary>
public static class CcmReleases
{
    public const string Repository = "ghcr.io/nutanix-cloud-native/cloud-provider-nutanix/controller";

    private static readonly Dictionary<int, string> TagsByMinor = new()
    {
        [30] = "v0.4.1",
        [31] = "v0.5.0",
        [32] = "v0.5.1",
        [33] = "v0.5.3",
        [34] = "v0.6.3",
        [35] = "v0.7.0",
    };

    /// <summary>The Kubernetes 1.x minors the table covers, ascending.</summary>
    public static IReadOnlyList<int> Minors { get; } = TagsByMinor.Keys.Order().ToList();

    /// <summary>The image for a Kubernetes version; null when the table has no release for its minor.</summary>
    public static string? ImageFor(KubernetesVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Major == 1 && TagsByMinor.TryGetValue(version.Minor, out var tag) ? $"{Repository}:{tag}" : null;
    }
}
