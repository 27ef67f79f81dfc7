using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Persists objects as one JSON file each: <c>STATE/kube/objects/RESOURCE.GROUP/NAMESPACE|_cluster/NAME.json</c>,
/// written atomically (temp file + rename), owner-only. Callers serialise access (the store's lock).
/// </summary>
internal sealed class ObjectPersistence
{
    private const string ClusterScoped = "_cluster";
    private readonly string _root;

    public ObjectPersistence(string stateDirectory)
    {
        _root = Path.Combine(stateDirectory, "kube", "objects");
        Hosting.StateFiles.CreateOwnerOnlyDirectory(stateDirectory);
        Directory.CreateDirectory(_root);
    }

    public bool IsEmpty => !Directory.EnumerateFiles(_root, "*.json", SearchOption.AllDirectories).Any();

    public void Save(ResourceType type, JsonObject obj)
    {
        var path = PathOf(type, (string?)obj["metadata"]?["namespace"], (string)obj["metadata"]!["name"]!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Secrets among them: every object file is owner-only, as the kube/ directory is.
        Hosting.StateFiles.Write(path, obj.ToJsonString(), secret: true);
    }

    public void Remove(ResourceType type, string? ns, string name)
    {
        var path = PathOf(type, ns, name);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Every persisted object with its resource directory name ("clusters.cluster.x-k8s.io").</summary>
    public IEnumerable<(string QualifiedResource, JsonObject Object)> LoadAll()
    {
        foreach (var dir in Directory.GetDirectories(_root))
        {
            var resource = Path.GetFileName(dir);
            foreach (var file in Directory.GetFiles(dir, "*.json", SearchOption.AllDirectories))
            {
                if (JsonNode.Parse(File.ReadAllText(file)) is JsonObject obj) yield return (resource, obj);
            }
        }
    }

    private string PathOf(ResourceType type, string? ns, string name) =>
        Path.Combine(_root, type.QualifiedResource, string.IsNullOrEmpty(ns) ? ClusterScoped : ns, name + ".json");
}
