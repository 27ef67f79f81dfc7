using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;

namespace Nutanix.Capi.Validation;

/// <summary>
/// Checks an addon's manifests before they go into a ConfigMap: the data of one ConfigMap (key plus value) may not
/// exceed 1 MiB (the API server's limit, <c>MaxSecretSize</c>), the text must be YAML within
/// <see cref="YamlReadLimits.Default"/>, and every document a Kubernetes object (a mapping with <c>apiVersion</c>
/// and <c>kind</c>), which is what the ClusterResourceSet controller applies. Messages give positions only, never
/// content: an addon may carry secrets.
/// </summary>
public static class AddonManifestsCheck
{
    /// <summary>The most a ConfigMap's data may hold, in bytes (keys plus values).</summary>
    public const int MaxConfigMapDataBytes = 1024 * 1024;

    /// <summary>Null when <paramref name="manifests"/> can be the data of the addon <paramref name="addonName"/>'s ConfigMap.</summary>
    public static string? Problem(string addonName, string manifests)
    {
        ArgumentNullException.ThrowIfNull(addonName);
        ArgumentNullException.ThrowIfNull(manifests);
        var bytes = Encoding.UTF8.GetByteCount(manifests) + Encoding.UTF8.GetByteCount(addonName + ".yaml");
        if (bytes > MaxConfigMapDataBytes)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the manifests are {bytes} bytes; a ConfigMap holds at most {MaxConfigMapDataBytes} bytes (1 MiB). Split them into several addons or install large charts after the cluster is up");
        }

        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlJson.ReadDocuments(manifests);
        }
        catch (YamlJsonException ex)
        {
            return ex.Line > 0
                ? string.Create(CultureInfo.InvariantCulture, $"the manifests are not valid YAML: {ex.Detail} at line {ex.Line}, column {ex.Column}")
                : $"the manifests are not valid YAML: {ex.Detail}";
        }

        if (documents.Count == 0)
        {
            return "the manifests hold no document: give at least one Kubernetes object";
        }

        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is not JsonObject doc
                || doc["apiVersion"] is not JsonValue apiVersion || !apiVersion.TryGetValue<string>(out var av) || av.Length == 0
                || doc["kind"] is not JsonValue kind || !kind.TryGetValue<string>(out var k) || k.Length == 0)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"document {i + 1} of the manifests is not a Kubernetes object: each document must be a mapping with string apiVersion and kind");
            }
        }

        return null;
    }
}
