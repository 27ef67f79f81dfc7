using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>One served version of a resource: its schema and printer columns.</summary>
public sealed record ResourceVersion(
    string Name,
    bool Storage,
    JsonObject? Schema,
    IReadOnlyList<PrinterColumn> PrinterColumns);

/// <summary>An additionalPrinterColumns entry of a CRD version.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority, string Description);

/// <summary>Where the scale subresource finds replicas and selector (CRD <c>subresources.scale</c>).</summary>
public sealed record ScaleSpec(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);

/// <summary>
/// Describes one API resource (a GroupVersionResource family): names, scope, versions, subresources.
/// Objects of the resource are stored in <see cref="StorageVersion"/>. Equal when group and plural are.
/// </summary>
public sealed class ResourceType
{
    public required string Group { get; init; }
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public required string ListKind { get; init; }
    public required bool Namespaced { get; init; }
    public required IReadOnlyList<ResourceVersion> Versions { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public bool HasStatus { get; init; }
    public ScaleSpec? Scale { get; init; }

    /// <summary>True for CRD-defined kinds (strategic merge patch refused with 415, like the apiserver).</summary>
    public bool IsCustom { get; init; }

    /// <summary>The CustomResourceDefinition object that defines a custom resource (null for built-in kinds); do not mutate.</summary>
    public JsonObject? Crd { get; init; }

    /// <summary>The storage version when the CRD does not serve it (objects are still stored in it); else null.</summary>
    public string? StorageVersionName { get; init; }

    /// <summary>Field selector paths beyond metadata.name/metadata.namespace that this resource supports.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    /// <summary>Verbs this resource supports in discovery.</summary>
    public IReadOnlyList<string> Verbs { get; init; } =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>Name of the version objects are persisted in.</summary>
    public string StorageVersion => StorageVersionName ?? Versions.First(v => v.Storage).Name;

    /// <summary>apiVersion string of the storage version ("v1", "apps/v1", "cluster.x-k8s.io/v1beta2").</summary>
    public string StorageApiVersion => ApiVersion(StorageVersion);

    /// <summary>"clusters.cluster.x-k8s.io", or "secrets" for the core group: the apiserver's name in messages.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ApiVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";

    public ResourceVersion? FindVersion(string version) => Versions.FirstOrDefault(v => v.Name == version);

    public override string ToString() => QualifiedResource;

    /// <summary>Types are the same resource when group and plural match (a CRD update re-creates its type).</summary>
    public override bool Equals(object? obj) => obj is ResourceType other && other.Group == Group && other.Plural == Plural;

    public override int GetHashCode() => HashCode.Combine(Group, Plural);
}
