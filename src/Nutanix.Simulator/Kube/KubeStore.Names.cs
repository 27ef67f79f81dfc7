using Kubernetes.Machinery.Schema;

namespace Nutanix.Simulator.Kube;

/// <summary>Object-name rules by kind, as kube-apiserver validates <c>metadata.name</c> (the DNS rules are the machinery's).</summary>
public sealed partial class KubeStore
{
    internal static string? ValidateSubdomain(string name) => ObjectMetaValidation.SubdomainProblem(name);

    /// <summary>
    /// RBAC objects (Role, ClusterRole and their bindings) are named as path segments, as kube-apiserver validates them:
    /// anything but "." and "..", without "/" or "%" (so "system:controller:x" and CAPI's "capi-manager-role" alike).
    /// </summary>
    internal static string? ValidatePathSegmentName(string name) => name switch
    {
        "." => "may not be '.'",
        ".." => "may not be '..'",
        _ when name.Contains('/', StringComparison.Ordinal) => "may not contain '/'",
        _ when name.Contains('%', StringComparison.Ordinal) => "may not contain '%'",
        _ => null,
    };

    internal static string? ValidateLabelName(string name) => ObjectMetaValidation.LabelProblem(name);
}
