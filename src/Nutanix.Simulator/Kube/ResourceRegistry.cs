using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Nutanix.Capi.Schema;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Every resource the simulated apiserver serves: the built-in kinds (core, apps, rbac, admissionregistration,
/// apiextensions) plus one resource per established CustomResourceDefinition. CRDs come and go while the server runs
/// (<see cref="Register"/>/<see cref="Unregister"/>, driven by the store when CRD objects are written); readers get a
/// consistent snapshot (copy on write), so the registry is thread-safe.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private volatile IReadOnlyList<ResourceType> _types;
    private readonly IReadOnlyList<JsonObject> _initialCrds;

    public ResourceRegistry(IEnumerable<JsonObject> crds)
    {
        var initial = crds.ToList();
        var types = initial.Select(c => FromCrd(c)).OfType<ResourceType>().ToList();
        types.AddRange(BuiltInResources.Types());
        _types = types;
        _initialCrds = initial;
    }

    /// <summary>All resource types being served now.</summary>
    public IReadOnlyList<ResourceType> Types => _types;

    /// <summary>The CRD objects the server starts with (preinstalled or from <c>--crd-dir</c>).</summary>
    public IReadOnlyList<JsonObject> Crds => _initialCrds;

    /// <summary>
    /// The CRDs a management cluster with the Cluster API core, kubeadm and CAPX providers installed by clusterctl has
    /// (clusterctl's inventory CRD included), which a non-bare simulator serves from the start (the repository's CRD
    /// snapshot, <c>crds/</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> PreinstalledCrds =
    [
        "clusterresourcesets.addons.cluster.x-k8s.io",
        "kubeadmconfigs.bootstrap.cluster.x-k8s.io",
        "kubeadmconfigtemplates.bootstrap.cluster.x-k8s.io",
        "clusters.cluster.x-k8s.io",
        "machinedeployments.cluster.x-k8s.io",
        "machinehealthchecks.cluster.x-k8s.io",
        "machines.cluster.x-k8s.io",
        "machinesets.cluster.x-k8s.io",
        "providers.clusterctl.cluster.x-k8s.io",
        "kubeadmcontrolplanes.controlplane.cluster.x-k8s.io",
        "nutanixclusters.infrastructure.cluster.x-k8s.io",
        "nutanixmachines.infrastructure.cluster.x-k8s.io",
        "nutanixmachinetemplates.infrastructure.cluster.x-k8s.io",
    ];

    /// <summary>
    /// The registry a server starts with: the CRDs of <paramref name="directory"/> (*.yaml) when given, else none when
    /// <paramref name="bare"/>, else the <see cref="PreinstalledCrds"/> from the CRD snapshot embedded in Nutanix.Capi.
    /// </summary>
    public static ResourceRegistry Load(string? directory, bool bare = false)
    {
        var crds = new List<JsonObject>();
        if (directory is not null)
        {
            foreach (var file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
            {
                crds.AddRange(ReadCrds(File.ReadAllText(file)));
            }
        }
        else if (!bare)
        {
            crds.AddRange(PreinstalledCrds.Select(CrdSnapshot.Get));
        }

        return new ResourceRegistry(crds);
    }

    private static IEnumerable<JsonObject> ReadCrds(string yaml) =>
        YamlJson.ReadDocuments(yaml).OfType<JsonObject>().Where(d => (string?)d["kind"] == "CustomResourceDefinition");

    /// <summary>Serves (or, for a known group/plural, re-serves) the resource a CRD defines; returns it, or null when the CRD serves no version.</summary>
    internal ResourceType? Register(JsonObject crd)
    {
        var type = FromCrd(crd);
        lock (_gate)
        {
            var next = _types.Where(t => !(t.IsCustom && t.Group == (string?)crd["spec"]?["group"] && t.Plural == (string?)crd["spec"]?["names"]?["plural"])).ToList();
            if (type is not null) next.Add(type);
            _types = next;
        }

        return type;
    }

    /// <summary>Stops serving the custom resource <paramref name="plural"/>.<paramref name="group"/>.</summary>
    internal void Unregister(string group, string plural)
    {
        lock (_gate) _types = _types.Where(t => !(t.IsCustom && t.Group == group && t.Plural == plural)).ToList();
    }

    /// <summary>The resource with this group and plural name, or null.</summary>
    public ResourceType? Find(string group, string plural) =>
        _types.FirstOrDefault(t => t.Group == group && t.Plural == plural);

    /// <summary>The resource with this group and kind, or null.</summary>
    public ResourceType? FindByKind(string group, string kind) =>
        _types.FirstOrDefault(t => t.Group == group && t.Kind == kind);

    /// <summary>The resource for an apiVersion ("cluster.x-k8s.io/v1beta1", "v1") and kind, or null.</summary>
    public ResourceType? FindByApiVersionKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        var type = FindByKind(group, kind);
        return type?.FindVersion(version) is null ? null : type;
    }

    /// <summary>The resource for a group/version/plural triple, or null when that version is not served.</summary>
    public ResourceType? Find(string group, string version, string plural)
    {
        var type = Find(group, plural);
        return type?.FindVersion(version) is null ? null : type;
    }

    /// <summary>
    /// Parses a CustomResourceDefinition object into a resource type serving its served versions; null when none is
    /// served. Objects are stored in the CRD's storage version, served or not.
    /// </summary>
    public static ResourceType? FromCrd(JsonObject crd)
    {
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var versions = new List<ResourceVersion>();
        ScaleSpec? scale = null;
        var hasStatus = false;
        string? storage = null;
        foreach (var v in spec["versions"]!.AsArray())
        {
            var vo = v!.AsObject();
            if (vo["storage"]?.GetValue<bool>() == true) storage = (string)vo["name"]!;
            if (vo["served"]?.GetValue<bool>() == false) continue;
            var columns = new List<PrinterColumn>();
            if (vo["additionalPrinterColumns"] is JsonArray cols)
            {
                foreach (var c in cols.OfType<JsonObject>())
                {
                    columns.Add(new PrinterColumn(
                        (string)c["name"]!, (string?)c["type"] ?? "string", (string)c["jsonPath"]!,
                        (int)(JsonNumbers.Int64(c["priority"]) ?? 0), (string?)c["description"] ?? ""));
                }
            }

            versions.Add(new ResourceVersion(
                (string)vo["name"]!, vo["storage"]?.GetValue<bool>() == true,
                vo["schema"]?["openAPIV3Schema"] as JsonObject, columns));
            if (vo["subresources"] is JsonObject sub)
            {
                hasStatus |= sub["status"] is not null;
                if (sub["scale"] is JsonObject sc)
                {
                    scale = new ScaleSpec((string)sc["specReplicasPath"]!, (string)sc["statusReplicasPath"]!, (string?)sc["labelSelectorPath"]);
                }
            }
        }

        if (versions.Count == 0) return null;
        return new ResourceType
        {
            Group = (string)spec["group"]!,
            Plural = (string)names["plural"]!,
            Singular = (string?)names["singular"] ?? ((string)names["kind"]!).ToLowerInvariant(),
            Kind = (string)names["kind"]!,
            ListKind = (string?)names["listKind"] ?? (string)names["kind"]! + "List",
            Namespaced = (string?)spec["scope"] != "Cluster",
            Versions = versions,
            StorageVersionName = storage,
            ShortNames = names["shortNames"]?.AsArray().Select(n => (string)n!).ToArray() ?? [],
            Categories = names["categories"]?.AsArray().Select(n => (string)n!).ToArray() ?? [],
            HasStatus = hasStatus,
            Scale = scale,
            IsCustom = true,
            Crd = crd,
        };
    }
}
