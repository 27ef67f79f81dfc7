using Nutanix.Capi.Gateway;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Lifecycle;

/// <summary>
/// Keeps the per-cluster CAPX credentials Secrets (<c>&lt;cluster&gt;-credentials</c>, a copy of the cloud account's
/// credentials made when the cluster is applied) in step with their cloud account: CAPX reads only the cluster's copy,
/// so after a rotation every cluster of the account needs its copy rewritten; so does the Nutanix CCM's copy
/// (<see cref="CcmAddonBuilder.SecretName"/>) where the cluster has one.
/// </summary>
public static class ClusterCredentials
{
    /// <summary>What <see cref="RefreshAsync"/> did: clusters rewritten, and clusters that could not be, with why.</summary>
    public sealed record RefreshResult(IReadOnlyList<string> Refreshed, IReadOnlyList<(string Cluster, string Reason)> Failed);

    /// <summary>
    /// The ids (<c>&lt;namespace&gt;/&lt;name&gt;</c>) of the live clusters that use <paramref name="accountId"/>: Clusters in the
    /// account's namespace whose <see cref="ClusterNaming.CloudAccountAnnotation"/> names it (every cluster this
    /// provider applies carries it), leaving out clusters being deleted.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ClustersUsingAsync(ManagementClusterClient client, string accountId, CancellationToken cancellationToken)
    {
        if (!GatewayStore.TryParseId(accountId, out var ns, out _)) return [];
        IReadOnlyList<System.Text.Json.Nodes.JsonObject> clusters;
        try
        {
            clusters = await client.ListAsync(CapiResources.Cluster, ns, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound)
        {
            return []; // Cluster API is not installed: no cluster can use the account.
        }

        return clusters
            .Where(c => Json.Text(c["metadata"]?["annotations"]?[ClusterNaming.CloudAccountAnnotation]) == accountId
                && c["metadata"]?["deletionTimestamp"] is null)
            .Select(c => GatewayStore.MakeId(ns, (string)c["metadata"]!["name"]!))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Rewrites the credentials Secret of every cluster using <paramref name="account"/> with <paramref name="credentials"/>
    /// (server-side apply with the provider's field manager, the same object a cluster apply renders, so a later plan
    /// of the cluster sees no change). A cluster that fails is reported and the others are still rewritten; a failure to
    /// list the clusters throws.
    /// </summary>
    public static async Task<RefreshResult> RefreshAsync(ManagementClusterClient client, CloudAccountRecord account, PrismCredentials credentials, CancellationToken cancellationToken)
    {
        var refreshed = new List<string>();
        var failed = new List<(string, string)>();
        foreach (var id in await ClustersUsingAsync(client, account.Id, cancellationToken).ConfigureAwait(false))
        {
            GatewayStore.TryParseId(id, out var ns, out var name);
            try
            {
                await client.ApplyAsync(ClusterRenderer.CredentialsSecret(name, ns, credentials), force: true, cancellationToken).ConfigureAwait(false);
                // The CCM's copy (kube-system/nutanix-creds on the workload cluster): its ClusterResourceSet (strategy
                // Reconcile) applies the changed Secret again.
                if (await client.GetAsync(CapiResources.Secret, ns, CcmAddonBuilder.SecretName(name), cancellationToken).ConfigureAwait(false) is not null)
                {
                    await client.ApplyAsync(CapiJson.ToNode(CcmAddonBuilder.CredentialsResourceSecret(name, ns, credentials)), force: true, cancellationToken).ConfigureAwait(false);
                }

                refreshed.Add(id);
            }
            catch (KubernetesApiException ex)
            {
                failed.Add((id, $"HTTP {(int)ex.StatusCode} {ex.Reason}: {ex.ApiMessage}".TrimEnd(' ', ':')));
            }
            catch (HttpRequestException)
            {
                failed.Add((id, "the management cluster did not answer"));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failed.Add((id, "the request timed out"));
            }
        }

        return new RefreshResult(refreshed, failed);
    }
}
