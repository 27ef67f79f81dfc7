namespace Nutanix.Simulator.Kube;

/// <summary>Settings of the simulated Kubernetes API server (the CAPI management cluster).</summary>
public sealed class KubeApiOptions
{
    /// <summary>Directory where objects are persisted; created when missing.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The bearer token every request must present.</summary>
    public required string BearerToken { get; init; }

    /// <summary>Directory of CRD YAML files; when null the CRDs embedded in the binary are used.</summary>
    public string? CrdDirectory { get; init; }

    /// <summary>When true, no CAPI providers are seeded: only default, kube-system and kube-public exist.</summary>
    public bool Bare { get; init; }
}
