using System.Text.Json.Nodes;
using Nutanix.Capi.Schema;
using Nutanix.Capi.Yaml;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Every resource the simulated apiserver serves: built-in kinds (core, apps, apiextensions, clusterctl
/// Provider, simulator-defined MachineSet/KubeadmConfig when absent from the CRD folder) plus one resource per
/// CRD file. Immutable after construction; thread-safe.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly List<ResourceType> _types = [];
    private readonly List<JsonObject> _crds = [];

    public ResourceRegistry(IEnumerable<JsonObject> crds)
    {
        foreach (var crd in crds)
        {
            _crds.Add(crd);
            _types.Add(FromCrd(crd));
        }

        foreach (var crd in BuiltInResources.SimulatorDefinedCrds())
        {
            var type = FromCrd(crd, simulatorDefined: true);
            if (_types.Any(t => t.Group == type.Group && t.Plural == type.Plural)) continue;
            _crds.Add(crd);
            _types.Add(type);
        }

        _types.AddRange(BuiltInResources.Types());
    }

    /// <summary>All resource types.</summary>
    public IReadOnlyList<ResourceType> Types => _types;

    /// <summary>The CRD objects (as read from the files, plus simulator-defined ones), for the CRD resource.</summary>
    public IReadOnlyList<JsonObject> Crds => _crds;

    /// <summary>
    /// The CRDs a management cluster with the Cluster API core, kubeadm and CAPX providers installed has, which the
    /// simulator serves from the start unless told otherwise (the repository's CRD snapshot, <c>crds/</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> PreinstalledCrds =
    [
        "clusterresourcesets.addons.cluster.x-k8s.io",
        "kubeadmconfigtemplates.bootstrap.cluster.x-k8s.io",
        "clusters.cluster.x-k8s.io",
        "machinedeployments.cluster.x-k8s.io",
        "machinehealthchecks.cluster.x-k8s.io",
        "machines.cluster.x-k8s.io",
        "kubeadmcontrolplanes.controlplane.cluster.x-k8s.io",
        "nutanixclusters.infrastructure.cluster.x-k8s.io",
        "nutanixmachines.infrastructure.cluster.x-k8s.io",
        "nutanixmachinetemplates.infrastructure.cluster.x-k8s.io",
    ];

    /// <summary>
    /// Loads CRDs from <paramref name="directory"/> (*.yaml) or, when null, the <see cref="PreinstalledCrds"/> from the
    /// CRD snapshot embedded in Nutanix.Capi.
    /// </summary>
    public static ResourceRegistry Load(string? directory)
    {
        var crds = new List<JsonObject>();
        if (directory is not null)
        {
            foreach (var file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
            {
                crds.AddRange(ReadCrds(File.ReadAllText(file)));
            }
        }
        else
        {
            crds.AddRange(PreinstalledCrds.Select(CrdSnapshot.Get));
        }

        return new ResourceRegistry(crds);
    }

    private static IEnumerable<JsonObject> ReadCrds(string yaml) =>
        YamlJson.ReadDocuments(yaml).OfType<JsonObject>().Where(d => (string?)d["kind"] == "CustomResourceDefinition");

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

    /// <summary>Parses a CustomResourceDefinition object into a resource type.</summary>
    public static ResourceType FromCrd(JsonObject crd, bool simulatorDefined = false)
    {
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var versions = new List<ResourceVersion>();
        ScaleSpec? scale = null;
        var hasStatus = false;
        foreach (var v in spec["versions"]!.AsArray())
        {
            var vo = v!.AsObject();
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

        return new ResourceType
        {
            Group = (string)spec["group"]!,
            Plural = (string)names["plural"]!,
            Singular = (string?)names["singular"] ?? ((string)names["kind"]!).ToLowerInvariant(),
            Kind = (string)names["kind"]!,
            ListKind = (string?)names["listKind"] ?? (string)names["kind"]! + "List",
            Namespaced = (string?)spec["scope"] != "Cluster",
            Versions = versions,
            ShortNames = names["shortNames"]?.AsArray().Select(n => (string)n!).ToArray() ?? [],
            Categories = names["categories"]?.AsArray().Select(n => (string)n!).ToArray() ?? [],
            HasStatus = hasStatus,
            Scale = scale,
            IsCustom = true,
            SimulatorDefined = simulatorDefined,
        };
    }
}
