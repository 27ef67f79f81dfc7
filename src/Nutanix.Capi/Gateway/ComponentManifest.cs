using System.Globalization;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;

namespace Nutanix.Capi.Gateway;

/// <summary>
/// One release file of clusterctl's local repository, read and prepared as clusterctl prepares it before applying:
/// variables substituted (<see cref="ComponentVariables"/>), the target namespace taken from the file's one
/// <c>Namespace</c> (added when missing), clusterctl's labels on every object, and the inventory <c>Provider</c>
/// object it records. <see cref="Objects"/> is in apply order: the Namespace, CustomResourceDefinitions,
/// cert-manager objects (so cert-manager's CA injector sees them before the webhooks and CRDs that name them), the rest
/// in file order.
/// </summary>
public sealed class ComponentManifest
{
    /// <summary>clusterctl's label on everything it manages.</summary>
    public const string ClusterctlLabel = "clusterctl.cluster.x-k8s.io";

    /// <summary>clusterctl's label on its own objects: <c>inventory</c> or <c>cert-manager</c>.</summary>
    public const string ClusterctlCoreLabel = "clusterctl.cluster.x-k8s.io/core";

    /// <summary>Cluster API's provider label (value: the provider's manifest label, e.g. <c>infrastructure-nutanix</c>).</summary>
    public const string ProviderLabel = "cluster.x-k8s.io/provider";

    /// <summary>clusterctl's annotation of the cert-manager version it installed, on every cert-manager object.</summary>
    public const string CertManagerVersionAnnotation = "cert-manager.clusterctl.cluster.x-k8s.io/version";

    public const string CertManagerName = "cert-manager";
    public const string CertManagerFile = "cert-manager.yaml";

    /// <summary>The cert-manager version clusterctl v1.13 installs by default.</summary>
    public const string CertManagerDefaultVersion = "v1.20.2";

    public const string CertManagerNamespace = "cert-manager";

    private ComponentManifest(string name, ProviderComponent? provider, string version, string file, string targetNamespace, IReadOnlyList<JsonObject> objects, JsonObject? inventory)
    {
        Name = name;
        Provider = provider;
        Version = version;
        File = file;
        TargetNamespace = targetNamespace;
        Objects = objects;
        Inventory = inventory;
    }

    /// <summary><c>cert-manager</c> or the provider's manifest label (<c>cluster-api</c>, <c>infrastructure-nutanix</c>, …).</summary>
    public string Name { get; }

    /// <summary>The provider, or null for cert-manager.</summary>
    public ProviderComponent? Provider { get; }

    public string Version { get; }

    public string File { get; }

    public string TargetNamespace { get; }

    /// <summary>The objects to apply, in apply order.</summary>
    public IReadOnlyList<JsonObject> Objects { get; }

    /// <summary>clusterctl's inventory <c>Provider</c> object for this component (null for cert-manager).</summary>
    public JsonObject? Inventory { get; }

    /// <summary>Every object this component puts on the cluster, in apply order (the inventory object last).</summary>
    public IReadOnlyList<ObjectReference> References =>
        [.. Objects.Select(ObjectReference.Of), .. Inventory is null ? [] : new[] { ObjectReference.Of(Inventory) }];

    /// <summary>
    /// The highest version directory of <c>&lt;directory&gt;/&lt;name&gt;/&lt;version&gt;/&lt;file&gt;</c>, or <paramref name="pinned"/>
    /// when given; null when there is none.
    /// </summary>
    public static (string Version, string File)? Find(string directory, string name, string fileName, string? pinned)
    {
        var root = Path.Combine(directory, name);
        if (pinned is not null)
        {
            var path = Path.Combine(root, pinned, fileName);
            return System.IO.File.Exists(path) ? (pinned, path) : null;
        }

        if (!Directory.Exists(root))
        {
            return null;
        }

        var version = Directory.GetDirectories(root)
            .Where(d => System.IO.File.Exists(Path.Combine(d, fileName)))
            .Select(Path.GetFileName)
            .OfType<string>()
            .OrderByDescending(v => v, Comparer<string>.Create(CompareVersions))
            .FirstOrDefault();
        return version is null ? null : (version, Path.Combine(root, version, fileName));
    }

    /// <summary>The provider's release file in <paramref name="directory"/>, prepared for applying.</summary>
    /// <param name="lookup">A variable's value, or null when it is not set.</param>
    /// <param name="howToSet">Appended to the missing-variable error: how the user sets a value.</param>
    /// <exception cref="ComponentInstallException">The file is missing, cannot be read or parsed, or a required variable has no value.</exception>
    public static ComponentManifest LoadProvider(string directory, ProviderComponent provider, string? pinnedVersion, Func<string, string?> lookup, string howToSet)
    {
        RequireDirectory(directory);
        var found = Find(directory, provider.Name, provider.ComponentsFile, pinnedVersion)
            ?? throw new ComponentInstallException(pinnedVersion is null
                ? $"No {provider.Name} release in {directory}: expected {Path.Combine(directory, provider.Name, "<version>", provider.ComponentsFile)} " +
                  $"(e.g. {provider.Name}/{(provider == ProviderComponent.Nutanix ? "v1.10.3" : "v1.13.1")}/{provider.ComponentsFile}, clusterctl's local repository layout). Copy the release's {provider.ComponentsFile} there."
                : $"install.versions pins {provider.Name} to {pinnedVersion}, but {Path.Combine(directory, provider.Name, pinnedVersion, provider.ComponentsFile)} does not exist. " +
                  $"Copy that release's {provider.ComponentsFile} there, or change install.versions.", attribute: pinnedVersion is null ? "directory" : "versions");
        var (version, file) = found;
        var text = ComponentVariables.Substitute(Read(file), file, lookup, howToSet);
        var objects = Parse(text, file);

        var namespaces = objects.Where(o => Kind(o) == "Namespace").ToList();
        if (namespaces.Count > 1)
        {
            throw new ComponentInstallException($"{file} has {namespaces.Count} Namespace objects; clusterctl accepts at most one (the namespace the provider is installed in).");
        }

        var targetNamespace = namespaces.Count == 1 ? (string?)namespaces[0]["metadata"]?["name"] ?? provider.DefaultNamespace : provider.DefaultNamespace;
        if (namespaces.Count == 0)
        {
            objects.Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = targetNamespace } });
        }

        foreach (var obj in objects)
        {
            var labels = Labels(obj);
            labels[ClusterctlLabel] = string.Empty;
            labels[ProviderLabel] = provider.Name;
        }

        var inventory = new JsonObject
        {
            ["apiVersion"] = "clusterctl.cluster.x-k8s.io/v1alpha3",
            ["kind"] = "Provider",
            ["metadata"] = new JsonObject
            {
                ["name"] = provider.Name,
                ["namespace"] = targetNamespace,
                ["labels"] = new JsonObject
                {
                    [ClusterctlLabel] = string.Empty,
                    [ProviderLabel] = provider.Name,
                    [ClusterctlCoreLabel] = "inventory",
                },
            },
            ["providerName"] = provider.ProviderName,
            ["type"] = provider.ProviderType,
            ["version"] = version,
        };
        return new ComponentManifest(provider.Name, provider, version, file, targetNamespace, Order(objects), inventory);
    }

    /// <summary>cert-manager's release file (<c>cert-manager/&lt;version&gt;/cert-manager.yaml</c>) with clusterctl's labels and version annotation; null when the directory has none.</summary>
    public static ComponentManifest? LoadCertManager(string directory, string? pinnedVersion)
    {
        RequireDirectory(directory);
        if (Find(directory, CertManagerName, CertManagerFile, pinnedVersion) is not var (version, file))
        {
            return null;
        }

        // clusterctl applies cert-manager's file as released: no variable substitution.
        var objects = Parse(Read(file), file);
        foreach (var obj in objects)
        {
            var labels = Labels(obj);
            labels[ClusterctlLabel] = string.Empty;
            labels[ClusterctlCoreLabel] = CertManagerName;
            var metadata = (JsonObject)obj["metadata"]!;
            if (metadata["annotations"] is not JsonObject annotations)
            {
                metadata["annotations"] = annotations = [];
            }

            annotations[CertManagerVersionAnnotation] = version;
        }

        return new ComponentManifest(CertManagerName, null, version, file, CertManagerNamespace, Order(objects), null);
    }

    /// <summary>Compares <c>v1.2.3</c>-style versions numerically, falling back to ordinal.</summary>
    public static int CompareVersions(string a, string b)
    {
        static int[]? Parts(string v)
        {
            var core = v.TrimStart('v').Split('-', '+')[0].Split('.');
            var result = new int[core.Length];
            for (var i = 0; i < core.Length; i++)
            {
                if (!int.TryParse(core[i], NumberStyles.None, CultureInfo.InvariantCulture, out result[i]))
                {
                    return null;
                }
            }

            return result;
        }

        var (pa, pb) = (Parts(a), Parts(b));
        if (pa is null || pb is null)
        {
            return string.CompareOrdinal(a, b);
        }

        for (var i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            var c = (i < pa.Length ? pa[i] : 0).CompareTo(i < pb.Length ? pb[i] : 0);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    internal static string Kind(JsonObject obj) => (string?)obj["kind"] ?? string.Empty;

    internal static string Group(JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? string.Empty;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
    }

    private static void RequireDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ComponentInstallException($"The install directory {directory} does not exist. Set install.directory to a local directory in clusterctl's repository layout (<dir>/<provider>/<version>/<components file>).");
        }
    }

    private static string Read(string file)
    {
        try
        {
            return System.IO.File.ReadAllText(file);
        }
        catch (IOException ex)
        {
            throw new ComponentInstallException($"Cannot read {file}: {ex.Message}", ex);
        }
    }

    private static List<JsonObject> Parse(string text, string file)
    {
        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlJson.ReadDocuments(text);
        }
        catch (FormatException ex)
        {
            throw new ComponentInstallException($"{file} is not valid YAML: {ex.Message}", ex);
        }

        var objects = documents.OfType<JsonObject>().Where(d => d["kind"] is not null).ToList();
        foreach (var obj in objects)
        {
            if ((string?)obj["metadata"]?["name"] is not { Length: > 0 })
            {
                throw new ComponentInstallException($"{file}: a {Kind(obj)} has no metadata.name.");
            }
        }

        return objects;
    }

    private static JsonObject Labels(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = [];
        }

        if (metadata["labels"] is not JsonObject labels)
        {
            metadata["labels"] = labels = [];
        }

        return labels;
    }

    /// <summary>Namespaces, then CRDs, then cert-manager objects, then the rest, each group in file order.</summary>
    private static List<JsonObject> Order(List<JsonObject> objects) =>
        [.. objects.Select((o, i) => (o, i)).OrderBy(x => Rank(x.o)).ThenBy(x => x.i).Select(x => x.o)];

    private static int Rank(JsonObject obj) => Kind(obj) switch
    {
        "Namespace" => 0,
        "CustomResourceDefinition" => 1,
        _ when Group(obj) == "cert-manager.io" => 2,
        _ => 3,
    };
}
