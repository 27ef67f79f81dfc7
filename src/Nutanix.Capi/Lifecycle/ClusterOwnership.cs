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
public sealed record ClusterClaim(bool Won, string? Uid, JsonObject? Existing);

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

    /// <summary>
    /// Creates the Cluster object of <paramref name="renderedCluster"/> with only its name, namespace, our labels and
    /// a fresh claim annotation (server-side apply fills in the rest afterwards). Lost when a Cluster of that name
    /// already exists — unless it is this very claim (a retried POST whose first attempt went through).
    /// </summary>
    public static async Task<ClusterClaim> ClaimAsync(ManagementClusterClient client, JsonObject renderedCluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(renderedCluster);
        var name = (string)renderedCluster["metadata"]!["name"]!;
        var ns = (string)renderedCluster["metadata"]!["namespace"]!;
        var claimId = Guid.NewGuid().ToString("N");
        var claim = new JsonObject
        {
            ["apiVersion"] = (string?)renderedCluster["apiVersion"],
            ["kind"] = CapiResources.Cluster.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject
                {
                    [ClusterNaming.ManagedByLabel] = ClusterNaming.ManagedByValue,
                    [ClusterNaming.ClusterNameLabel] = name,
                },
                ["annotations"] = new JsonObject { [ClaimAnnotation] = claimId },
            },
        };
        try
        {
            var created = await client.CreateAsync(claim, cancellationToken).ConfigureAwait(false);
            return new ClusterClaim(true, (string?)created["metadata"]?["uid"], created);
        }
        catch (KubernetesApiException ex) when (ex.IsConflict)
        {
            var existing = await client.GetAsync(CapiResources.Cluster, ns, name, cancellationToken).ConfigureAwait(false);
            if (existing is not null && (string?)existing["metadata"]?["annotations"]?[ClaimAnnotation] == claimId)
            {
                return new ClusterClaim(true, (string?)existing["metadata"]?["uid"], existing);
            }

            return new ClusterClaim(false, null, existing);
        }
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
    public static async Task<IReadOnlyList<ForeignObject>> FindForeignAsync(ManagementClusterClient client, RenderedCluster rendered, bool creating, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(rendered);
        var cluster = rendered.Names.Cluster;
        var ns = rendered.Names.Namespace;
        var checks = rendered.Manifests
            .Where(m => (string?)m["kind"] != CapiResources.Cluster.Kind)
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

    /// <summary>
    /// Why the live Cluster may not be written or deleted by the resource that remembers <paramref name="expectedUid"/>
    /// (null: nothing remembered, only the labels are checked); null when it may.
    /// </summary>
    public static string? WriteProblem(JsonObject liveCluster, string cluster, string? expectedUid)
    {
        ArgumentNullException.ThrowIfNull(liveCluster);
        var uid = (string?)liveCluster["metadata"]?["uid"];
        if (!BelongsTo(liveCluster, cluster))
        {
            return $"Cluster {(string?)liveCluster["metadata"]?["namespace"]}/{cluster} is {DescribeOwner(liveCluster)}, not this resource's";
        }

        if (expectedUid is not null && uid is not null && uid != expectedUid)
        {
            return $"Cluster {(string?)liveCluster["metadata"]?["namespace"]}/{cluster} has uid {uid}, but this resource created uid {expectedUid}: the cluster it created was deleted and another one of the same name was created since";
        }

        return null;
    }
}
