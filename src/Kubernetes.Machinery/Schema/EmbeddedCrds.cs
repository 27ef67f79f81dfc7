using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;

namespace Kubernetes.Machinery.Schema;

/// <summary>One embedded CRD: its release folder (e.g. <c>cluster-api-v1.13.1</c>) and its name (<c>clusters.cluster.x-k8s.io</c>).</summary>
public sealed record EmbeddedCrd(string Release, string Name);

/// <summary>
/// CRD files embedded in an assembly as <c>&lt;prefix&gt;&lt;release&gt;/&lt;plural&gt;.&lt;group&gt;.yaml</c>, read on demand
/// and parsed once. Thread-safe; <see cref="Get"/> returns a fresh copy each call.
/// </summary>
public sealed class EmbeddedCrds
{
    private readonly Assembly _assembly;
    private readonly string _prefix;
    private readonly Lazy<IReadOnlyList<EmbeddedCrd>> _entries;
    private readonly ConcurrentDictionary<string, Lazy<JsonObject>> _parsed = new(StringComparer.Ordinal);

    /// <summary>The CRDs embedded in <paramref name="assembly"/> under the resource-name <paramref name="prefix"/> (e.g. <c>crds/</c>).</summary>
    public EmbeddedCrds(Assembly assembly, string prefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(prefix);
        _assembly = assembly;
        _prefix = prefix;
        _entries = new(ListEntries);
    }

    /// <summary>Every embedded CRD, ordered by release and name.</summary>
    public IReadOnlyList<EmbeddedCrd> Entries => _entries.Value;

    /// <summary>The release folders, ordered.</summary>
    public IReadOnlyList<string> Releases => Entries.Select(e => e.Release).Distinct().ToList();

    /// <summary>The CRD objects of one release folder.</summary>
    public IReadOnlyList<JsonObject> Release(string release)
    {
        var entries = Entries.Where(e => e.Release == release).ToList();
        if (entries.Count == 0)
        {
            throw new KeyNotFoundException($"the CRD snapshot has no release '{release}' (it has {string.Join(", ", Releases)})");
        }

        return entries.Select(e => Get(e.Name)).ToList();
    }

    /// <summary>True when a CRD of that name is embedded.</summary>
    public bool Contains(string crdName) => Entries.Any(e => e.Name == crdName);

    /// <summary>The CRD object named <paramref name="crdName"/> (<c>&lt;plural&gt;.&lt;group&gt;</c>).</summary>
    public JsonObject Get(string crdName)
    {
        ArgumentNullException.ThrowIfNull(crdName);
        var entry = Entries.FirstOrDefault(e => e.Name == crdName)
            ?? throw new KeyNotFoundException($"the CRD snapshot has no CRD '{crdName}' (names are <plural>.<group>, e.g. clusters.cluster.x-k8s.io)");
        return _parsed.GetOrAdd(crdName, _ => new Lazy<JsonObject>(() => Parse(entry))).Value.DeepClone().AsObject();
    }

    /// <summary>The embedded file's YAML text for the CRD (with its comments), e.g. to build a component file.</summary>
    public string Yaml(string crdName)
    {
        ArgumentNullException.ThrowIfNull(crdName);
        var entry = Entries.FirstOrDefault(e => e.Name == crdName)
            ?? throw new KeyNotFoundException($"the CRD snapshot has no CRD '{crdName}'");
        return ReadText(entry);
    }

    private JsonObject Parse(EmbeddedCrd entry) =>
        YamlJson.ReadDocument(ReadText(entry)) as JsonObject
            ?? throw new InvalidOperationException($"embedded CRD snapshot file {entry.Release}/{entry.Name}.yaml holds no object");

    private string ReadText(EmbeddedCrd entry)
    {
        using var stream = _assembly.GetManifestResourceStream($"{_prefix}{entry.Release}/{entry.Name}.yaml")
            ?? throw new InvalidOperationException($"embedded CRD snapshot file {entry.Release}/{entry.Name}.yaml is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private IReadOnlyList<EmbeddedCrd> ListEntries()
    {
        var entries = new List<EmbeddedCrd>();
        foreach (var resource in _assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(_prefix, StringComparison.Ordinal) || !resource.EndsWith(".yaml", StringComparison.Ordinal))
            {
                continue;
            }

            var path = resource[_prefix.Length..^".yaml".Length];
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                entries.Add(new EmbeddedCrd(path[..slash], path[(slash + 1)..]));
            }
        }

        return entries.OrderBy(e => e.Release, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }
}
