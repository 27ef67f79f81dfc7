using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Nutanix.Capi.Model;

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

    /// <summary>
    /// The manifests as YAML with every Secret's <c>data</c> replaced by <c>stringData.credentials</c> =
    /// <paramref name="note"/> (the Prism password is never shown or stored) and each addon ConfigMap's content by
    /// its <see cref="AddonDigest"/> (an addon may be sensitive; the digest still changes whenever the content does).
    /// </summary>
    public string ToRedactedYaml(string note)
    {
        var copies = new List<JsonObject>();
        foreach (var manifest in Manifests)
        {
            var copy = manifest.DeepClone().AsObject();
            if ((string?)copy["kind"] == "Secret" && copy["data"] is JsonObject data)
            {
                foreach (var key in data.Select(kv => kv.Key).ToList()) data.Remove(key);
                copy.Remove("data");
                copy["stringData"] = new JsonObject { ["credentials"] = note };
            }
            else if ((string?)copy["kind"] == "ConfigMap" && ClusterNaming.AddonOf(Names.Cluster, (string?)copy["metadata"]?["name"] ?? "") is not null
                && copy["data"] is JsonObject addonData)
            {
                foreach (var key in addonData.Select(kv => kv.Key).ToList())
                {
                    addonData[key] = AddonDigest((string?)addonData[key] ?? "");
                }
            }

            copies.Add(copy);
        }

        return YamlJson.Write(copies);
    }

    /// <summary>What the redacted manifests show in place of an addon's content: its size and SHA-256 digest.</summary>
    public static string AddonDigest(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"(addon content not shown: {bytes.Length} bytes, sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))})");
    }

    /// <summary>
    /// The Cluster's annotations in a manifests YAML stream as <see cref="ToYaml"/> or <see cref="ToRedactedYaml"/> wrote it;
    /// null when the text holds no Cluster or is not YAML.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? ClusterAnnotationsIn(string manifestsYaml)
    {
        try
        {
            var cluster = YamlJson.ReadDocuments(manifestsYaml).OfType<JsonObject>().FirstOrDefault(o => (string?)o["kind"] == "Cluster");
            if (cluster is null) return null;
            var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            if (cluster["metadata"]?["annotations"] is JsonObject a)
            {
                foreach (var (k, v) in a)
                {
                    if (Model.Json.Text(v) is { } text) annotations[k] = text;
                }
            }

            return annotations;
        }
        catch (YamlJsonException)
        {
            return null;
        }
    }

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
