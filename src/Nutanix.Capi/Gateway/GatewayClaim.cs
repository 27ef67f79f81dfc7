using System.Text.Json.Nodes;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Gateway;

/// <summary>The result of claiming a gateway's record: won (with the record ConfigMap's UID) or lost to <see cref="Holder"/>.</summary>
public sealed record GatewayClaimResult(bool Won, string? Uid, string? Holder);

/// <summary>
/// Create-only claiming of a gateway's record (ConfigMap <see cref="GatewayStore.GatewayConfigMapName"/> in its
/// namespace, which carries the gateway's identity): a POST of the record with only the gateway's name, our labels
/// and a fresh <see cref="ClusterOwnership.ClaimAnnotation"/>, before server-side apply writes the rest. A POST never
/// adopts, so of two racing creates one wins, and a gateway never takes over the record of another gateway sharing
/// its namespace. The resource remembers the record's UID; later writes and the delete check it.
/// </summary>
public static class GatewayClaim
{
    public static async Task<GatewayClaimResult> ClaimAsync(ManagementClusterClient client, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var claimId = Guid.NewGuid().ToString("N");
        var record = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = GatewayStore.GatewayConfigMapName,
                ["namespace"] = ns,
                ["labels"] = new JsonObject
                {
                    [GatewayStore.ManagedByLabel] = GatewayStore.ManagedByValue,
                    [GatewayStore.KindLabel] = "gateway",
                    [GatewayStore.GatewayLabel] = name,
                },
                ["annotations"] = new JsonObject { [ClusterOwnership.ClaimAnnotation] = claimId },
            },
            ["data"] = new JsonObject { ["name"] = name },
        };
        try
        {
            var created = await client.CreateAsync(record, cancellationToken).ConfigureAwait(false);
            return new GatewayClaimResult(true, (string?)created["metadata"]?["uid"], null);
        }
        catch (KubernetesApiException ex) when (ex.IsConflict)
        {
            var existing = await client.GetAsync(GatewayStore.ConfigMaps, ns, GatewayStore.GatewayConfigMapName, cancellationToken).ConfigureAwait(false);
            if (existing is not null && (string?)existing["metadata"]?["annotations"]?[ClusterOwnership.ClaimAnnotation] == claimId)
            {
                // A retried POST whose first attempt went through.
                return new GatewayClaimResult(true, (string?)existing["metadata"]?["uid"], null);
            }

            return new GatewayClaimResult(false, null, existing is null ? "another gateway's record (deleted again since)" : DescribeHolder(existing));
        }
    }

    /// <summary>Who holds the record name a would-be gateway in <paramref name="ns"/> needs, or null when it is free.</summary>
    public static async Task<string?> HolderAsync(ManagementClusterClient client, string ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var existing = await client.GetAsync(GatewayStore.ConfigMaps, ns, GatewayStore.GatewayConfigMapName, cancellationToken).ConfigureAwait(false);
        return existing is null ? null : DescribeHolder(existing);
    }

    /// <summary>Whether the record carries our labels for gateway <paramref name="name"/>.</summary>
    public static bool BelongsTo(JsonObject record, string name)
    {
        ArgumentNullException.ThrowIfNull(record);
        var labels = record["metadata"]?["labels"];
        return (string?)labels?[GatewayStore.ManagedByLabel] == GatewayStore.ManagedByValue
            && (string?)labels?[GatewayStore.KindLabel] == "gateway"
            && (string?)record["data"]?["name"] == name;
    }

    /// <summary>Who an existing gateway record belongs to, in words.</summary>
    public static string DescribeHolder(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var meta = record["metadata"];
        var labels = meta?["labels"];
        var ns = (string?)meta?["namespace"];
        var created = (string?)meta?["creationTimestamp"] is { } at ? $", created {at}" : "";
        if ((string?)labels?[GatewayStore.ManagedByLabel] == GatewayStore.ManagedByValue && (string?)labels?[GatewayStore.KindLabel] == "gateway")
        {
            return $"the record of gateway {ns}/{(string?)record["data"]?["name"]} (a nutanix_pcg created by terraform-provider-nutanix, uid {(string?)meta?["uid"]}{created}), managed by another Terraform state or resource";
        }

        record["kind"] ??= "ConfigMap";
        return ClusterOwnership.DescribeOwner(record);
    }

    /// <summary>
    /// Why the live record may not be written or deleted by the resource that remembers <paramref name="expectedUid"/>
    /// (null: nothing remembered, only the labels are checked); null when it may.
    /// </summary>
    public static string? WriteProblem(JsonObject record, string name, string? expectedUid)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ns = (string?)record["metadata"]?["namespace"];
        if (!BelongsTo(record, name))
        {
            return $"The record of gateway {ns}/{name} (ConfigMap {ns}/{GatewayStore.GatewayConfigMapName}) is {DescribeHolder(record)}, not this resource's";
        }

        var uid = (string?)record["metadata"]?["uid"];
        if (expectedUid is not null && uid is not null && uid != expectedUid)
        {
            return $"The record of gateway {ns}/{name} has uid {uid}, but this resource created uid {expectedUid}: the gateway it created was deleted and another one of the same name was created since";
        }

        return null;
    }
}
