namespace Nutanix.Prism.Models;

/// <summary>Kind-specific conveniences over <see cref="PrismEntity{TResources}"/>.</summary>
public static class PrismEntityExtensions
{
    /// <summary>The service_list value that marks the Prism Central's own cluster entity.</summary>
    public const string PrismCentralService = "PRISM_CENTRAL";

    /// <summary>True for the Prism Central entity (service_list contains PRISM_CENTRAL), false for a Prism Element.</summary>
    public static bool IsPrismCentral(this PrismEntity<ClusterResources> cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Resources?.Config?.ServiceList?.Contains(PrismCentralService, StringComparer.OrdinalIgnoreCase) == true;
    }

    /// <summary>The AOS build version of a Prism Element (config.build.version, else software_map.NOS.version).</summary>
    public static string? BuildVersion(this PrismEntity<ClusterResources> cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var config = cluster.Resources?.Config;
        if (!string.IsNullOrEmpty(config?.Build?.Version))
        {
            return config.Build.Version;
        }

        return config?.SoftwareMap is { } map && map.TryGetValue("NOS", out var nos) ? nos.Version : null;
    }

    /// <summary><c>OVERLAY</c>: a VPC subnet (no cluster; <c>vpc_reference</c> names its VPC).</summary>
    public const string OverlaySubnet = "OVERLAY";

    /// <summary>True for an overlay (VPC) subnet.</summary>
    public static bool IsOverlay(this PrismEntity<SubnetResources> subnet)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        return string.Equals(subnet.Resources?.SubnetType, OverlaySubnet, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether VMs on the Prism Element <paramref name="clusterUuid"/> can use the subnet, as CAPX decides: an overlay
    /// subnet serves every Prism Element; a VLAN subnet only the cluster of its <c>cluster_reference</c>.
    /// </summary>
    public static bool IsUsableFrom(this PrismEntity<SubnetResources> subnet, string clusterUuid)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        return subnet.IsOverlay() || string.Equals(subnet.ClusterReference?.Uuid, clusterUuid, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>All IP addresses of a VM's NICs.</summary>
    public static IReadOnlyList<string> IpAddresses(this PrismEntity<VmResources> vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return vm.Resources?.IpAddresses ?? [];
    }
}
