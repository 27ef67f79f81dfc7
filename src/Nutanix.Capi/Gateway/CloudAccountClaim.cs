using System.Text.Json.Nodes;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Gateway;

/// <summary>
/// Create-only claiming of a cloud account's Secret name: a POST of an empty Secret carrying only the cloud-account
/// labels, before server-side apply writes its content. A POST never adopts, so of two racing creates one wins, and
/// an account can never overwrite a same-named Secret of anyone else (e.g. cluster <c>x</c>'s <c>x-credentials</c>).
/// </summary>
public static class CloudAccountClaim
{
    /// <summary>Null when the name was claimed; otherwise who holds it, in words.</summary>
    public static async Task<string?> ClaimAsync(ManagementClusterClient client, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var claimId = Guid.NewGuid().ToString("N");
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject
                {
                    [GatewayStore.ManagedByLabel] = GatewayStore.ManagedByValue,
                    [GatewayStore.KindLabel] = "cloud-account",
                },
                ["annotations"] = new JsonObject { [ClusterOwnership.ClaimAnnotation] = claimId },
            },
            ["type"] = "Opaque",
        };
        try
        {
            await client.CreateAsync(secret, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (KubernetesApiException ex) when (ex.IsConflict)
        {
            var existing = await client.GetAsync(GatewayStore.Secrets, ns, name, cancellationToken).ConfigureAwait(false);
            if (existing is null || (string?)existing["metadata"]?["annotations"]?[ClusterOwnership.ClaimAnnotation] == claimId) return null;
            existing["kind"] ??= "Secret";
            return ClusterOwnership.DescribeOwner(existing);
        }
    }

    /// <summary>Who holds the Secret name of a would-be account, or null when it is free.</summary>
    public static async Task<string?> HolderAsync(ManagementClusterClient client, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var existing = await client.GetAsync(GatewayStore.Secrets, ns, name, cancellationToken).ConfigureAwait(false);
        if (existing is null) return null;
        existing["kind"] ??= "Secret";
        return ClusterOwnership.DescribeOwner(existing);
    }
}
