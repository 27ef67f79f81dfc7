namespace Nutanix.Capi.Gateway;

/// <summary>
/// A private cloud gateway (PCG) as recorded by the provider: a ConfigMap named
/// <see cref="GatewayStore.GatewayConfigMapName"/> in the gateway's namespace on the management cluster.
/// </summary>
/// <param name="Id"><c>&lt;namespace&gt;/&lt;name&gt;</c>.</param>
/// <param name="Namespace">Namespace holding the gateway's cloud accounts and workload clusters.</param>
/// <param name="Name">Gateway name.</param>
/// <param name="CreatedNamespace">True when the provider created the namespace (and so may delete it).</param>
/// <param name="InstalledComponents">Provider components (clusterctl names, e.g. <c>cluster-api</c>) the provider installed.</param>
/// <param name="InstallDirectory">Directory the components were installed from, when any were.</param>
public sealed record GatewayRecord(
    string Id,
    string Namespace,
    string Name,
    bool CreatedNamespace,
    IReadOnlyList<string> InstalledComponents,
    string? InstallDirectory = null);
