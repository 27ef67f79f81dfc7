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

    /// <summary>All IP addresses of a VM's NICs.</summary>
    public static IReadOnlyList<string> IpAddresses(this PrismEntity<VmResources> vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return vm.Resources?.IpAddresses ?? [];
    }
}
