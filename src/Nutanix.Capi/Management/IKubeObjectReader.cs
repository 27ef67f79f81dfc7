using System.Text.Json.Nodes;

namespace Nutanix.Capi.Management;

/// <summary>
/// Reads Kubernetes objects: the management cluster itself (<see cref="ManagementClusterClient"/>) or a snapshot of it
/// (<see cref="ManagementReadCache"/>).
/// </summary>
public interface IKubeObjectReader
{
    /// <summary>Gets an object, or null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(ApiResource resource, string? ns, string name, CancellationToken cancellationToken = default);

    /// <summary>Lists objects (all namespaces when <paramref name="ns"/> is null), optionally filtered by a label selector.</summary>
    Task<IReadOnlyList<JsonObject>> ListAsync(ApiResource resource, string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default);
}
