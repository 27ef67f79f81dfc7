using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>A change to one object: <c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c>, with the object (storage version).</summary>
public sealed record WatchEvent(string Type, ResourceType Resource, JsonObject Object)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
}

/// <summary>Options of a write through <see cref="KubeStore"/>.</summary>
public sealed record WriteOptions
{
    /// <summary>Field manager recorded in managedFields (operation Update). Defaults to "nutanix-sim".</summary>
    public string FieldManager { get; init; } = "nutanix-sim";

    /// <summary>apiVersion version the caller speaks ("v1beta1"); validation uses that version's schema. Null: storage version.</summary>
    public string? Version { get; init; }

    /// <summary>When true, the result is computed and returned but nothing is stored.</summary>
    public bool DryRun { get; init; }

    /// <summary>When true, fields unknown to the schema are refused (fieldValidation=Strict) instead of pruned.</summary>
    public bool Strict { get; init; }

    public static WriteOptions Default { get; } = new();
}

/// <summary>Deletion propagation policy (metav1.DeletionPropagation).</summary>
public enum PropagationPolicy
{
    Background,
    Foreground,
    Orphan,
}

/// <summary>Options of a delete through <see cref="KubeStore"/>.</summary>
public sealed record DeleteOptions
{
    public PropagationPolicy? Propagation { get; init; }
    public string? PreconditionUid { get; init; }
    public string? PreconditionResourceVersion { get; init; }
    public bool DryRun { get; init; }

    public static DeleteOptions Default { get; } = new();
}

/// <summary>A list result: items (deep copies, storage version) and the store's resourceVersion at list time.</summary>
public sealed record ObjectList(IReadOnlyList<JsonObject> Items, string ResourceVersion);
