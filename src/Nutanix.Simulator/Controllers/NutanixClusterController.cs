using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Simulator.Inventory;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates CAPX's NutanixCluster reconciler: waits for the owner Cluster, takes ownership of the credentials
/// Secret (ownerReference + finalizer; a Secret owned by another NutanixCluster is refused), checks the
/// credentials against Prism Central (<c>PrismClientInit</c>), creates the category
/// <c>KubernetesClusterName=&lt;cluster&gt;</c> and reports <c>status.ready</c>. Deletion waits for the cluster's
/// NutanixMachines, removes the category value, then deletes the credentials Secret (as CAPX does).
/// </summary>
internal static class NutanixClusterController
{
    public const string Finalizer = "infrastructure.cluster.x-k8s.io/nutanixcluster";
    public const string CredentialFinalizer = "infrastructure.cluster.x-k8s.io/nutanixclustercredential";
    public const string CategoryKey = "KubernetesClusterName";
    public const string CategoryDescription = "Managed by CAPX";

    public static void Reconcile(ReconcileContext ctx)
    {
        var type = ctx.Types.NutanixCluster!;
        foreach (var nc in ctx.List(type))
        {
            var owner = ObjectMeta.Owner(nc, CapiResources.CoreGroup, "Cluster");
            if (owner is null)
            {
                if (ObjectMeta.IsDeleting(nc)) ReconcileDelete(ctx, nc, null);
                continue; // "Waiting for Cluster Controller to set OwnerRef on NutanixCluster"
            }

            var clusterName = (string)owner["name"]!;
            if (ObjectMeta.IsDeleting(nc))
            {
                ReconcileDelete(ctx, nc, clusterName);
                continue;
            }

            ReconcileNormal(ctx, nc, clusterName);
        }
    }

    private static void ReconcileNormal(ReconcileContext ctx, JsonObject nc, string clusterName)
    {
        var type = ctx.Types.NutanixCluster!;
        var current = nc;
        if (ObjectMeta.AddFinalizer(current = ObjectMeta.Clone(nc), Finalizer))
        {
            if (ctx.Update(type, current) is not { } updated) return;
            current = updated;
        }

        var status = (current["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        var v1 = Conditions.ArrayAt(status, "conditions");
        var v2 = Conditions.ArrayAt(status, "v1beta2", "conditions");
        var now = ctx.NowText;
        var generation = ObjectMeta.Generation(current);

        var check = PrismCredentialCheck.Check(ctx, current);
        var ownerError = check.SecretMissing ? check.Error : TakeSecretOwnership(ctx, current, check);
        if (ownerError is not null)
        {
            Conditions.SetV1Beta1(v1, "CredentialRefSecretOwnerSet", false, "CredentialRefSecretOwnerSetFailed", "Error", ownerError, now);
            Conditions.Set(v2, "CredentialRefSecretOwnerSet", false, "CredentialRefSecretOwnerSetFailed", ownerError, now, generation);
            SetReady(status, v1, v2, now, generation, "CredentialRefSecretOwnerSetFailed", ownerError);
            ctx.SetStatus(ctx.Types.NutanixCluster!, current, status);
            return;
        }

        Conditions.SetV1Beta1(v1, "CredentialRefSecretOwnerSet", true, null, null, null, now);
        Conditions.Set(v2, "CredentialRefSecretOwnerSet", true, "CredentialRefSecretOwnerSet", "", now, generation);
        if (!check.Ok)
        {
            Conditions.SetV1Beta1(v1, "PrismClientInit", false, "PrismClientInitFailed", "Error", check.Error, now);
            Conditions.Set(v2, "PrismClientInit", false, "PrismClientInitFailed", check.Error ?? "", now, generation);
            // CAPX never takes ready back once set; a broken client only shows in the condition.
            SetReady(status, v1, v2, now, generation, "PrismClientInitFailed", check.Error ?? "");
            ctx.SetStatus(ctx.Types.NutanixCluster!, current, status);
            return;
        }

        Conditions.SetV1Beta1(v1, "PrismClientInit", true, null, null, null, now);
        Conditions.Set(v2, "PrismClientInit", true, "PrismClientInitSucceeded", "", now, generation);
        if (current["spec"]?["failureDomains"] is JsonArray { Count: > 0 } || current["spec"]?["controlPlaneFailureDomains"] is JsonArray { Count: > 0 })
        {
            Conditions.SetV1Beta1(v1, "FailureDomainsReconciled", true, null, null, null, now);
        }
        else
        {
            Conditions.SetV1Beta1(v1, "NoFailureDomainsReconciled", true, null, null, null, now);
        }

        if (status["ready"]?.GetValue<bool>() != true)
        {
            try
            {
                ctx.Inventory.EnsureCategoryValue(CategoryKey, clusterName, CategoryDescription);
            }
            catch (PrismApiException e)
            {
                var message = $"failed to create category value {clusterName} in category key {CategoryKey}: {e.Message}";
                Conditions.SetV1Beta1(v1, "ClusterCategoryCreated", false, "ClusterCategoryCreationFailed", "Error", message, now);
                Conditions.Set(v2, "ClusterCategoryCreated", false, "ClusterCategoryCreationFailed", message, now, generation);
                SetReady(status, v1, v2, now, generation, "ClusterCategoryCreationFailed", message);
                ctx.SetStatus(ctx.Types.NutanixCluster!, current, status);
                return;
            }

            status["ready"] = true;
        }

        Conditions.SetV1Beta1(v1, "ClusterCategoryCreated", true, null, null, null, now);
        Conditions.Set(v2, "ClusterCategoryCreated", true, "ClusterCategoryCreated", "", now, generation);
        SetReady(status, v1, v2, now, generation, null, null);
        ctx.SetStatus(ctx.Types.NutanixCluster!, current, status);
    }

    private static void SetReady(JsonObject status, JsonArray v1, JsonArray v2, string now, long generation, string? failedReason, string? message)
    {
        var ready = failedReason is null;
        if (status["ready"] is null) status["ready"] = false;
        Conditions.SetV1Beta1(v1, "Ready", ready, failedReason, ready ? null : "Error", message, now);
        Conditions.Set(v2, "Ready", ready, ready ? "Ready" : failedReason!, message ?? "", now, generation);
        SortV1Beta1(v1);
    }

    /// <summary>CAPI keeps Ready first, then the other conditions by type.</summary>
    private static void SortV1Beta1(JsonArray list)
    {
        var sorted = list.OfType<JsonObject>().OrderBy(c => (string?)c["type"] == "Ready" ? "" : (string?)c["type"], StringComparer.Ordinal).ToList();
        if (sorted.Select(c => (string?)c["type"]).SequenceEqual(list.OfType<JsonObject>().Select(c => (string?)c["type"]))) return;
        var copies = sorted.Select(c => c.DeepClone()).ToList();
        list.Clear();
        foreach (var c in copies) list.Add(c);
    }

    /// <summary>Sets the NutanixCluster as owner of the credentials Secret and adds the credential finalizer; returns an error message or null.</summary>
    private static string? TakeSecretOwnership(ReconcileContext ctx, JsonObject nc, PrismCredentialCheck.Result check)
    {
        if (check.SecretName is null) return null;
        var secret = ctx.Get(ctx.Types.Secret, check.SecretNamespace!, check.SecretName);
        if (secret is null) return $"error occurred while fetching cluster {ObjectMeta.Name(nc)} secret for credential ref: secrets \"{check.SecretName}\" not found";
        if (!ObjectMeta.IsOwnedBy(secret, nc)
            && ObjectMeta.OwnerReferences(secret).Any(r => (string?)r["kind"] == "NutanixCluster" && ObjectMeta.GroupOf((string?)r["apiVersion"]) == CapiResources.InfrastructureGroup))
        {
            return $"secret {check.SecretName} already owned by another nutanixCluster object";
        }

        var next = ObjectMeta.Clone(secret);
        var changed = false;
        if (!ObjectMeta.IsOwnedBy(next, nc))
        {
            ObjectMeta.EnsureOwner(next, nc, controller: false);
            changed = true;
        }

        changed |= ObjectMeta.AddFinalizer(next, CredentialFinalizer);
        if (changed && ctx.Update(ctx.Types.Secret, next) is null)
        {
            return $"failed to update secret for cluster {ObjectMeta.Name(nc)}: the secret changed while it was being updated";
        }

        return null;
    }

    private static void ReconcileDelete(ReconcileContext ctx, JsonObject nc, string? clusterName)
    {
        if (clusterName is not null)
        {
            var machines = ctx.List(ctx.Types.NutanixMachine, ObjectMeta.Namespace(nc))
                .Count(m => ObjectMeta.Label(m, MachineLabels.ClusterName) == clusterName);
            if (machines > 0)
            {
                ctx.Logger.LogDebug("NutanixCluster {Name}: waiting for {Count} nutanixmachines to be deleted", ObjectMeta.Name(nc), machines);
                return;
            }

            try
            {
                ctx.Inventory.DeleteCategory(CategoryKey, clusterName);
            }
            catch (PrismApiException e)
            {
                // As CAPX: a value still in use (or already gone) does not block the deletion.
                ctx.Logger.LogDebug("Category {Key}:{Value} not deleted: {Message}", CategoryKey, clusterName, e.Message);
            }
        }

        if (PrismCredentialCheck.SecretReference(nc) is { } reference)
        {
            var secret = ctx.Get(ctx.Types.Secret, reference.Namespace, reference.Name);
            if (secret is not null)
            {
                var next = ObjectMeta.Clone(secret);
                if (ObjectMeta.RemoveFinalizer(next, CredentialFinalizer))
                {
                    if (ctx.Update(ctx.Types.Secret, next) is not { } updated) return;
                    secret = updated;
                }

                ctx.Delete(ctx.Types.Secret, secret);
            }
        }

        var self = ObjectMeta.Clone(nc);
        if (ObjectMeta.RemoveFinalizer(self, Finalizer)) ctx.Update(ctx.Types.NutanixCluster!, self);
    }
}
