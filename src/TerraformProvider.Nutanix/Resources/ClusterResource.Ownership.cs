using System.Text;
using System.Text.Json.Nodes;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;

namespace TerraformProvider.Nutanix.Resources;

/// <summary>
/// One owner per cluster (see <see cref="ClusterOwnership"/>): plan refuses a name that is taken, create claims the
/// Cluster with a create-only POST and remembers its UID in the resource's private state, update and delete refuse a
/// Cluster that is not the one created here (delete also sends the UID as a precondition), and import says what it
/// adopts.
/// </summary>
internal sealed partial class ClusterResource
{
    private const string PrivateUidPrefix = "cluster-uid:";

    /// <summary>The Cluster UID remembered in the private state; null for states written before it was recorded.</summary>
    internal static string? PrivateUid(byte[]? privateState)
    {
        if (privateState is not { Length: > 0 }) return null;
        var text = Encoding.UTF8.GetString(privateState);
        return text.StartsWith(PrivateUidPrefix, StringComparison.Ordinal) ? text[PrivateUidPrefix.Length..] : null;
    }

    internal static byte[]? PrivateFor(string? uid) => uid is null ? null : Encoding.UTF8.GetBytes(PrivateUidPrefix + uid);

    private static string ImportHint(string id) =>
        $"To manage it with this configuration, import it (an import block with id = \"{id}\", or terraform import <address> {id}) instead of creating it; otherwise choose another name.";

    /// <summary>
    /// Plan-time check that the names the cluster would use are free (create) or its own (update): an existing
    /// Cluster on create, or any rendered object that belongs to someone else, is an error on <c>name</c> naming both.
    /// </summary>
    /// <param name="creating">Apply of a create: nothing of the cluster may exist yet.</param>
    /// <param name="planningCreate">Plan of a create, which may be the create half of a replacement (the old cluster
    /// still exists then): only objects that are not this cluster's by their labels are reported; a Cluster created
    /// elsewhere with our labels is caught by the create-only claim at apply.</param>
    /// <param name="applied">"Kind/name" of the objects the state's manifests already hold: this cluster's own, not
    /// looked up again (an unchanged cluster plans without a request).</param>
    private static async Task<bool> CheckNamesAsync(ManagementClusterClient client, RenderedCluster rendered, bool creating, DiagnosticBag diagnostics, CancellationToken cancellationToken,
        bool planningCreate = false, IReadOnlySet<string>? applied = null)
    {
        var id = $"{rendered.Names.Namespace}/{rendered.Names.Cluster}";
        if ((creating || planningCreate)
            && await client.GetAsync(CapiResources.Cluster, rendered.Names.Namespace, rendered.Names.Cluster, cancellationToken).ConfigureAwait(false) is { } existing
            && (creating || !ClusterOwnership.BelongsTo(existing, rendered.Names.Cluster)))
        {
            AddAlreadyExists(diagnostics, id, existing);
            return false;
        }

        var foreign = (await ClusterOwnership.FindForeignAsync(client, rendered, creating, cancellationToken, applied).ConfigureAwait(false)).ToList();
        if (creating && foreign.Count > 0
            && await client.GetAsync(CapiResources.Cluster, rendered.Names.Namespace, rendered.Names.Cluster, cancellationToken).ConfigureAwait(false) is { } raced)
        {
            // Another create of this name claimed it while we looked: that is the error to report.
            AddAlreadyExists(diagnostics, id, raced);
            return false;
        }

        foreach (var f in foreign)
        {
            diagnostics.AddAttributeError(AttributePath.Root("name"), "Name already taken on the management cluster",
                $"Cluster {id} needs the {f.Kind} \"{rendered.Names.Namespace}/{f.Name}\", but that name belongs to {f.Owner}. " +
                "The provider never overwrites another owner's object: rename this cluster (or its worker pool / addon whose derived name collides), or rename or remove the other object.");
        }

        return foreign.Count == 0;
    }

    private static void AddAlreadyExists(DiagnosticBag diagnostics, string id, JsonObject? existing) =>
        diagnostics.AddAttributeError(AttributePath.Root("name"), "Cluster already exists",
            $"A Cluster \"{id}\" already exists on the management cluster{(existing is null ? "" : ": it is " + ClusterOwnership.DescribeOwner(existing))}. " +
            "Creating never adopts an existing cluster. " + ImportHint(id));

    /// <summary>
    /// Claims the cluster's name with a create-only POST of its Cluster; false (with a diagnostic on <c>name</c>) when
    /// another create got there first. On success the UID is returned for the private state.
    /// </summary>
    private static async Task<(bool Won, string? Uid)> ClaimAsync(ManagementClusterClient client, RenderedCluster rendered, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var cluster = rendered.Find(CapiResources.Cluster.Kind, rendered.Names.Cluster) ?? throw new InvalidOperationException("the rendering has no Cluster");
        var claim = await ClusterOwnership.ClaimAsync(client, cluster, cancellationToken).ConfigureAwait(false);
        if (!claim.Won) AddAlreadyExists(diagnostics, $"{rendered.Names.Namespace}/{rendered.Names.Cluster}", claim.Existing);
        return (claim.Won, claim.Uid);
    }

    /// <summary>
    /// Before an update or delete: the live Cluster (when there is one) must carry our labels and, when this resource
    /// remembers one, the UID it created. False with an error on <c>name</c> otherwise.
    /// </summary>
    private static async Task<bool> CheckOwnedAsync(ManagementClusterClient client, string ns, string name, string? uid, string action, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var live = await client.GetAsync(CapiResources.Cluster, ns, name, cancellationToken).ConfigureAwait(false);
        if (live is null || ClusterOwnership.WriteProblem(live, name, uid) is not { } problem) return true;
        diagnostics.AddAttributeError(AttributePath.Root("name"), $"Refusing to {action} a cluster this resource does not own",
            $"{problem}. Nothing was changed. If that cluster should be managed here, remove this resource from state (terraform state rm) and import it ({ns}/{name}); otherwise rename this resource's cluster.");
        return false;
    }

    /// <summary>
    /// Import adopts only a Cluster this provider created (our managed-by label): anything else is refused, since
    /// this resource would then update and delete a cluster that something else manages. On success the UID goes into
    /// the private state and a warning says exactly what is adopted.
    /// </summary>
    private static async Task<bool> CheckImportAsync(ManagementClusterClient client, string ns, string name, Terraform.Plugin.Resources.ImportStateResponse response, CancellationToken cancellationToken)
    {
        var live = await client.GetAsync(CapiResources.Cluster, ns, name, cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            response.Diagnostics.AddError("Cluster not found", $"There is no Cluster {ns}/{name} on the management cluster to import.");
            return false;
        }

        if (!ClusterOwnership.BelongsTo(live, name))
        {
            response.Diagnostics.AddError("Refusing to import a cluster this provider did not create",
                $"Cluster {ns}/{name} is {ClusterOwnership.DescribeOwner(live)}. Importing it would let this configuration change and delete a cluster that " +
                $"something else manages; only clusters carrying {ClusterNaming.ManagedByLabel}={ClusterNaming.ManagedByValue} and {ClusterNaming.ClusterNameLabel}={name} can be imported.");
            return false;
        }

        var objects = 0;
        foreach (var kind in CapiResources.Rendered)
        {
            objects += (await client.ListAsync(kind.Resource, ns, ClusterNaming.OwnSelector(name), cancellationToken).ConfigureAwait(false)).Count;
        }

        var uid = (string?)live["metadata"]?["uid"];
        response.Private = PrivateFor(uid);
        response.Diagnostics.AddWarning("Importing adopts an existing cluster",
            $"This resource now owns Cluster {ns}/{name} (uid {uid}, created {(string?)live["metadata"]?["creationTimestamp"]}) and the {objects} other objects labelled " +
            $"{ClusterNaming.OwnSelector(name)}; their machines follow the Cluster. terraform apply will change them to match the configuration and terraform destroy deletes them all. " +
            "Make sure no other Terraform state manages this cluster.");
        return true;
    }

    /// <summary>"Kind/name" of every object labelled as rendered for the cluster that still exists.</summary>
    private static async Task<List<string>> LeftoversAsync(ManagementClusterClient client, string ns, string name, CancellationToken cancellationToken)
    {
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

    /// <summary>"Kind/name" of every object in the applied manifests recorded in state (empty when unreadable).</summary>
    internal static IReadOnlySet<string> AppliedNames(Terraform.Plugin.Values.CtyValue manifests)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!manifests.IsKnown || manifests.IsNull) return names;
        try
        {
            foreach (var doc in global::Kubernetes.Machinery.Yaml.YamlJson.ReadDocuments(manifests.AsString()).OfType<JsonObject>())
            {
                names.Add($"{(string?)doc["kind"]}/{(string?)doc["metadata"]?["name"]}");
            }
        }
        catch (global::Kubernetes.Machinery.Yaml.YamlJsonException)
        {
            names.Clear();
        }

        return names;
    }
}
