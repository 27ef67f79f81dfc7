using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;

namespace Kubernetes.Machinery.Schema;

/// <summary>
/// A set of CRDs indexed by group/kind/plural/short name, with validation, defaulting and pruning of custom
/// resources by their <c>apiVersion</c>/<c>kind</c>.
/// </summary>
public sealed class CrdRegistry
{
    private readonly List<CrdDefinition> _definitions = [];
    private readonly Dictionary<(string Group, string Kind), CrdDefinition> _byKind = [];
    private readonly Dictionary<(string Group, string Plural), CrdDefinition> _byPlural = [];

    /// <summary>All CRDs, in load order.</summary>
    public IReadOnlyList<CrdDefinition> Definitions => _definitions;

    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file of a directory (sorted by name); non-CRD documents are ignored.</summary>
    public static CrdRegistry LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"CRD directory '{directory}' does not exist");
        }

        var registry = new CrdRegistry();
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            registry.AddYaml(File.ReadAllText(file));
        }

        return registry;
    }

    /// <summary>Adds the CRDs found in a (multi-document) YAML text; returns how many were added.</summary>
    public int AddYaml(string yaml)
    {
        var added = 0;
        foreach (var doc in YamlJson.ReadDocuments(yaml))
        {
            if (doc is JsonObject obj && CrdDefinition.Text(obj["kind"]) == "CustomResourceDefinition")
            {
                Add(obj);
                added++;
            }
        }

        return added;
    }

    /// <summary>Adds the CRDs of a YAML stream.</summary>
    public int AddYaml(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream);
        return AddYaml(reader.ReadToEnd());
    }

    /// <summary>Adds (or replaces, by group+kind) one CRD object.</summary>
    public CrdDefinition Add(JsonObject crd)
    {
        var def = CrdDefinition.FromJson(crd);
        if (_byKind.TryGetValue((def.Group, def.Kind), out var existing))
        {
            _definitions.Remove(existing);
            _byPlural.Remove((existing.Group, existing.Plural));
        }

        _definitions.Add(def);
        _byKind[(def.Group, def.Kind)] = def;
        _byPlural[(def.Group, def.Plural)] = def;
        return def;
    }

    /// <summary>Finds a CRD by group and kind.</summary>
    public CrdDefinition? FindByKind(string group, string kind) => _byKind.GetValueOrDefault((group, kind));

    /// <summary>Finds a CRD by group and plural resource name.</summary>
    public CrdDefinition? FindByPlural(string group, string plural) => _byPlural.GetValueOrDefault((group, plural));

    /// <summary>
    /// Resolves a kubectl-style resource name (plural, singular, short name, kind — case-insensitive — optionally
    /// qualified as <c>name.group</c>) to its CRD.
    /// </summary>
    public CrdDefinition? FindByResourceName(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        foreach (var def in _definitions)
        {
            foreach (var candidate in new[] { def.Plural, def.Singular, def.Kind }.Concat(def.ShortNames))
            {
                if (string.Equals(resource, candidate, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(resource, candidate + "." + def.Group, StringComparison.OrdinalIgnoreCase))
                {
                    return def;
                }
            }
        }

        return null;
    }

    /// <summary>CRDs carrying a category (e.g. <c>cluster-api</c> for <c>kubectl get cluster-api</c>).</summary>
    public IEnumerable<CrdDefinition> FindByCategory(string category) =>
        _definitions.Where(d => d.Categories.Contains(category, StringComparer.Ordinal));

    /// <summary>Resolves an object's apiVersion/kind to its CRD and version; null when unknown.</summary>
    public (CrdDefinition Definition, CrdVersion Version)? Resolve(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var def = FindByKind(apiVersion[..slash], kind);
        var version = def?.Version(apiVersion[(slash + 1)..]);
        return def is null || version is null ? null : (def, version);
    }

    /// <summary>
    /// Validates a custom resource against the schema of its apiVersion. Unknown kinds or unserved versions yield a
    /// single error on <c>kind</c>/<c>apiVersion</c>.
    /// </summary>
    public IReadOnlyList<FieldError> Validate(JsonObject obj, bool requireName = true)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!TryResolve(obj, out var def, out var version, out var error))
        {
            return [error!];
        }

        return version!.Schema is null ? [] : SchemaValidator.ValidateObject(obj, version.Schema, def!.Namespaced, requireName);
    }

    /// <summary>Applies schema defaults in place; returns false when the kind is unknown.</summary>
    public bool ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!TryResolve(obj, out _, out var version, out _) || version!.Schema is null)
        {
            return false;
        }

        SchemaValidator.ApplyDefaults(obj, version.Schema);
        return true;
    }

    /// <summary>Prunes unknown fields in place and returns their paths; empty when the kind is unknown.</summary>
    public IReadOnlyList<string> Prune(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!TryResolve(obj, out _, out var version, out _) || version!.Schema is null)
        {
            return [];
        }

        return SchemaValidator.Prune(obj, version.Schema);
    }

    /// <summary>Every x-kubernetes-validations rule in the loaded CRDs that the built-in CEL subset cannot evaluate.</summary>
    public IReadOnlyList<string> RulesNotEvaluated()
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var def in _definitions)
        {
            foreach (var version in def.Versions)
            {
                if (version.Schema is not null)
                {
                    Collect(version.Schema, result);
                }
            }
        }

        return result.ToList();
    }

    private static void Collect(SchemaNode node, SortedSet<string> result)
    {
        foreach (var rule in node.Validations)
        {
            if (!SchemaValidator.CanEvaluate(rule.Rule))
            {
                result.Add(rule.Rule);
            }
        }

        foreach (var child in node.Properties.Values)
        {
            Collect(child, result);
        }

        foreach (var child in new[] { node.Items, node.AdditionalProperties, node.Not }.OfType<SchemaNode>().Concat(node.AllOf).Concat(node.AnyOf).Concat(node.OneOf))
        {
            Collect(child, result);
        }
    }

    private bool TryResolve(JsonObject obj, out CrdDefinition? def, out CrdVersion? version, out FieldError? error)
    {
        def = null;
        version = null;
        error = null;
        var apiVersion = CrdDefinition.Text(obj["apiVersion"]);
        var kind = CrdDefinition.Text(obj["kind"]);
        if (string.IsNullOrEmpty(apiVersion))
        {
            error = new FieldError("apiVersion", FieldErrorType.Required, null, string.Empty, false);
            return false;
        }

        if (string.IsNullOrEmpty(kind))
        {
            error = new FieldError("kind", FieldErrorType.Required, null, string.Empty, false);
            return false;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        def = slash < 0 ? null : FindByKind(apiVersion[..slash], kind);
        if (def is null)
        {
            error = new FieldError("kind", FieldErrorType.NotFound, kind, $"no matches for kind \"{kind}\" in version \"{apiVersion}\"");
            return false;
        }

        version = def.Version(apiVersion[(slash + 1)..]);
        if (version is null || !version.Served)
        {
            var group = def.Group;
            error = new FieldError("apiVersion", FieldErrorType.NotSupported, apiVersion,
                "supported values: " + string.Join(", ", def.Versions.Where(v => v.Served).Select(v => FieldError.Quote(group + "/" + v.Name))));
            return false;
        }

        return true;
    }
}
