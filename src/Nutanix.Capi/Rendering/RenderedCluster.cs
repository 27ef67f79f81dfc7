using System.Text.Json.Nodes;
using Nutanix.Capi.Yaml;

namespace Nutanix.Capi.Rendering;

/// <summary>The ordered manifests of one workload cluster and the names of its key objects.</summary>
public sealed class RenderedCluster
{
    internal RenderedCluster(IReadOnlyList<JsonObject> manifests, RenderedNames names)
    {
        Manifests = manifests;
        Names = names;
    }

    /// <summary>Manifests in apply order (dependencies first). Callers must not mutate them if they also use <see cref="ToYaml"/>.</summary>
    public IReadOnlyList<JsonObject> Manifests { get; }

    public RenderedNames Names { get; }

    /// <summary>The manifests as one <c>---</c>-separated YAML stream (byte-deterministic for equal input).</summary>
    public string ToYaml() => YamlJson.Write(Manifests);

    /// <summary>Finds a manifest by kind and name.</summary>
    public JsonObject? Find(string kind, string name) =>
        Manifests.FirstOrDefault(m => (string?)m["kind"] == kind && (string?)m["metadata"]?["name"] == name);
}

/// <summary>Names of the rendered objects (all in the cluster's namespace).</summary>
public sealed record RenderedNames(
    string Cluster,
    string Namespace,
    string CredentialsSecret,
    string? TrustBundleConfigMap,
    string ControlPlane,
    string ControlPlaneMachineTemplate,
    IReadOnlyDictionary<string, WorkerPoolNames> WorkerPools);

/// <summary>Names of one worker pool's objects.</summary>
public sealed record WorkerPoolNames(string MachineDeployment, string MachineTemplate, string BootstrapTemplate);
