using System.Text.Json.Nodes;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Lifecycle;

/// <summary>An object that exists under a name this cluster would use but does not belong to it.</summary>
/// <param name="Kind">Its kind, e.g. <c>Secret</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="Owner">Who it belongs to, in words ("the Secret of cloud account ns/x-credentials").</param>
public sealed record ForeignObject(string Kind, string Name, string Owner);

/// <summary>The result of claiming a cluster name: won (with the new Cluster's UID) or lost to <see cref="Existing"/>.</summary>
public sealed record ClusterClaim(bool Won, string? Uid, ExistingCluster? Existing);

/// <summary>A live Cluster object as far as ownership goes.</summary>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name.</param>
/// <param name="Uid">Its UID.</param>
/// <param name="CreationTimestamp">When it was created (RFC 3339, as the API server wrote it).</param>
/// <param name="IsOurs">It carries our managed-by label and its own cluster-name label (<see cref="ClusterOwnership.BelongsTo"/>).</param>
/// <param name="Owner">Who it belongs to, in words (<see cref="ClusterOwnership.DescribeOwner"/>).</param>
public sealed record ExistingCluster(string Namespace, string Name, string? Uid, string? CreationTimestamp, bool IsOurs, string Owner)
{
    /// <summary>
    /// Why this Cluster may not be written or deleted by the resource that remembers <paramref name="expectedUid"/>
    /// (null: nothing remembered, only the labels are checked); null when it may.
    /// </summary>
    public string? WriteProblem(string? expectedUid)
    {
        if (!IsOurs)
        {
            return $"Cluster {Namespace}/{Name} is {Owner}, not this resource's";
        }

        if (expectedUid is not null && Uid is not null && Uid != expectedUid)
        {
            return $"Cluster {Namespace}/{Name} has uid {Uid}, but this resource created uid {expectedUid}: the cluster it created was deleted and another one of the same name was created since";
        }

        return null;
    }
}

/// <summary>
/// Who owns a workload cluster's objects, and create-only claiming of its name. The Cluster carries the identity:
/// create POSTs it (a POST never adopts; of two racing creates one gets 409 AlreadyExists) with a claim annotation
/// written only then, the resource remembers the Cluster's UID, and later writes and the delete check it (the delete
/// as a UID precondition). Every other object the cluster renders must either not exist or carry the cluster's
/// <c>cluster.x-k8s.io/cluster-name</c> and our <c>app.kubernetes.io/managed-by</c> label; anything else under one of
/// its names belongs to someone else (another cluster whose names concatenate alike, a cloud account named
/// <c>&lt;cluster&gt;-credentials</c>, an object made by hand) and is never overwritten.
/// </summary>
public static class ClusterOwnership
{
    /// <summary>Written once by the create that claimed the name; never applied again.</summary>
    public const string ClaimAnnotation = "nutanix.terraform.io/claim";

    /// <summary>The label the gateway store puts on its objects (cloud accounts: <c>cloud-account</c>).</summary>
    private const string KindLabel = "nutanix.terraform.io/kind";

    /// <summary>The live Cluster <paramref name="ns"/>/<paramref name="name"/>; null when there is none.</summary>
    public static async Task<ExistingCluster?> GetClusterAsync(ManagementClusterClient client, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var live = await client.GetAsync(CapiResources.Cluster, ns, name, cancellationToken).ConfigureAwait(false);
        return live is null ? null : Existing(live, ns, name);
    }

    private static ExistingCluster Existing(JsonObject live, string ns, string name)
    {
        var meta = CapiJson.Read(live, CapiJsonContext.Default.ClusterObject)?.Metadata;
        return new ExistingCluster(ns, name, meta?.Uid, meta?.CreationTimestamp, BelongsTo(live, name), DescribeOwner(live));
    }

    /// <summary>
    /// Creates the Cluster object of <paramref name="rendered"/> with only its name, namespace, our labels and
    /// a fresh claim annotation (server-side apply fills in the rest afterwards). Lost when a Cluster of that name
    /// already exists — unless it is this very claim (a retried POST whose first attempt went through).
    /// </summary>
    public static async Task<ClusterClaim> ClaimAsync(ManagementClusterClient client, RenderedCluster rendered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(rendered);
        var name = rendered.Names.Cluster;
        var ns = rendered.Names.Namespace;
        var renderedCluster = rendered.Object<ClusterObject>(name) ?? throw new InvalidOperationException("the rendering has no Cluster");
        var claimId = Guid.NewGuid().ToString("N");
        var claim = new ClusterObject
        {
            ApiVersion = renderedCluster.ApiVersion,
            Kind = CapiResources.Cluster.Kind,
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = ns,
                Labels = new(StringComparer.Ordinal)
                {
                    [ClusterNaming.ManagedByLabel] = ClusterNaming.ManagedByValue,
                    [ClusterNaming.ClusterNameLabel] = name,
                },
                Annotations = new(StringComparer.Ordinal) { [ClaimAnnotation] = claimId },
            },
        };
        try
        {
            var created = await client.CreateAsync(CapiJson.ToNode(claim), cancellationToken).ConfigureAwait(false);
            return new ClusterClaim(true, CapiJson.Read(created, CapiJsonContext.Default.ClusterObject)?.Metadata?.Uid, Existing(created, ns, name));
        }
        catch (KubernetesApiException ex) when (ex.IsConflict)
        {
            var live = await client.GetAsync(CapiResources.Cluster, ns, name, cancellationToken).ConfigureAwait(false);
            var meta = CapiJson.Read(live, CapiJsonContext.Default.ClusterObject)?.Metadata;
            if (live is not null && meta?.Annotations?.GetValueOrDefault(ClaimAnnotation) == claimId)
            {
                return new ClusterClaim(true, meta.Uid, Existing(live, ns, name));
            }

            return new ClusterClaim(false, null, live is null ? null : Existing(live, ns, name));
        }
    }

    /// <summary>"Kind/name" of every object labelled as rendered for the cluster <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public static async Task<IReadOnlyList<string>> LabelledObjectsAsync(ManagementClusterClient client, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var found = new List<string>();
        foreach (var kind in CapiResources.Rendered)
        {
            foreach (var obj in await client.ListAsync(kind.Resource, ns, ClusterNaming.OwnSelector(name), cancellationToken).ConfigureAwait(false))
            {
                found.Add($"{kind.Kind}/{(string?)obj["metadata"]?["name"]}");
            }
        }

        return found;
    }

    /// <summary>"Kind/name" of every object in a manifests YAML stream as <see cref="RenderedCluster.ToRedactedYaml"/> wrote it (empty when unreadable or null).</summary>
    public static IReadOnlySet<string> AppliedNames(string? manifestsYaml)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (manifestsYaml is null) return names;
        try
        {
            foreach (var doc in Kubernetes.Machinery.Yaml.YamlJson.ReadDocuments(manifestsYaml).OfType<JsonObject>())
            {
                names.Add($"{(string?)doc["kind"]}/{(string?)doc["metadata"]?["name"]}");
            }
        }
        catch (Kubernetes.Machinery.Yaml.YamlJsonException)
        {
            names.Clear();
        }

        return names;
    }

    /// <summary>Whether <paramref name="obj"/> carries our managed-by label and <paramref name="cluster"/>'s cluster-name label.</summary>
    public static bool BelongsTo(JsonObject obj, string cluster)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var labels = obj["metadata"]?["labels"];
        return (string?)labels?[ClusterNaming.ManagedByLabel] == ClusterNaming.ManagedByValue
            && (string?)labels?[ClusterNaming.ClusterNameLabel] == cluster;
    }

    /// <summary>Who an existing object belongs to, in words.</summary>
    public static string DescribeOwner(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = obj["metadata"];
        var labels = meta?["labels"];
        var ns = (string?)meta?["namespace"];
        var name = (string?)meta?["name"];
        var kind = (string?)obj["kind"] ?? "object";
        var managedBy = (string?)labels?[ClusterNaming.ManagedByLabel];
        var created = (string?)meta?["creationTimestamp"] is { } at ? $", created {at}" : "";
        if ((string?)labels?[KindLabel] == "cloud-account")
        {
            return $"the Secret of cloud account {ns}/{name} (a nutanix_cloud_account{created})";
        }

        if ((string?)labels?[ClusterNaming.ClusterNameLabel] is { } cluster && managedBy == ClusterNaming.ManagedByValue)
        {
            return kind == CapiResources.Cluster.Kind && cluster == name
                ? $"a cluster created by terraform-provider-nutanix (uid {(string?)meta?["uid"]}{created}), managed by another Terraform state or resource"
                : $"an object of cluster {ns}/{cluster} (a nutanix_cluster{created})";
        }

        return managedBy is null
            ? $"an object not created by terraform-provider-nutanix (no {ClusterNaming.ManagedByLabel} label{created})"
            : $"an object managed by \"{managedBy}\"{created}";
    }

    /// <summary>
    /// The rendered objects (other than the Cluster itself) whose name is taken by an object that does not belong to
    /// the cluster. <paramref name="creating"/>: the cluster does not exist yet, so nothing of it may exist either —
    /// an object with its labels is a leftover of another state and is reported too.
    /// </summary>
    /// <param name="skip">"Kind/name" of objects known to be the cluster's own (not looked up).</param>
    public static async Task<IReadOnlyList<ForeignObject>> FindForeignAsync(ManagementClusterClient client, RenderedCluster rendered, bool creating, CancellationToken cancellationToken,
        IReadOnlySet<string>? skip = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(rendered);
        var cluster = rendered.Names.Cluster;
        var ns = rendered.Names.Namespace;
        var checks = rendered.Manifests
            .Where(m => (string?)m["kind"] != CapiResources.Cluster.Kind)
            .Where(m => skip is null || !skip.Contains($"{(string?)m["kind"]}/{(string?)m["metadata"]?["name"]}"))
            .Select(async m =>
            {
                var kind = (string)m["kind"]!;
                var name = (string)m["metadata"]!["name"]!;
                var resource = CapiResources.ForKind(kind) ?? await client.ResolveAsync((string)m["apiVersion"]!, kind, cancellationToken).ConfigureAwait(false);
                var live = await client.GetAsync(resource, ns, name, cancellationToken).ConfigureAwait(false);
                if (live is null) return null;
                if (!creating && BelongsTo(live, cluster)) return null;
                live["kind"] ??= kind;
                return new ForeignObject(kind, name, DescribeOwner(live));
            });
        return (await Task.WhenAll(checks).ConfigureAwait(false)).OfType<ForeignObject>().ToList();
    }
}
