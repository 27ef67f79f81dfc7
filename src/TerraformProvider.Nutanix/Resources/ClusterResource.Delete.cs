using Nutanix.Capi.Gateway;
using Nutanix.Capi.Model;
using Terraform.Plugin.Resources;
using Cty = TerraformProvider.Nutanix.Cluster.Cty;

namespace TerraformProvider.Nutanix.Resources;

internal sealed partial class ClusterResource
{
    /// <summary>
    /// Deletes the cluster (see <see cref="global::Nutanix.Capi.Lifecycle.ClusterLifecycle.DeleteAsync"/>). On timeout the
    /// error names each object still present and the finalizers holding it.
    /// </summary>
    public async Task DeleteAsync(DeleteRequest request, DeleteResponse response, CancellationToken cancellationToken)
    {
        var context = RequireContext(response.Diagnostics);
        if (context is null) return;
        var id = request.State["id"].AsString();
        if (!GatewayStore.TryParseId(id, out var ns, out var name))
        {
            response.Diagnostics.AddError("Invalid cluster ID", $"\"{id}\" is not \"<namespace>/<name>\".");
            return;
        }

        var timeouts = request.State["timeouts"];
        var timeout = TimeoutOf(timeouts.IsNull ? null : Cty.Str(timeouts, "delete"), DefaultDeleteTimeout);
        var uid = PrivateUid(request.Private);
        try
        {
            if (!await CheckOwnedAsync(context.GetManagementClient(), ns, name, uid, "delete", response.Diagnostics, cancellationToken).ConfigureAwait(false)) return;
        }
        catch (Exception ex) when (Plumbing.ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"checking the ownership of cluster {id}"))
        {
            return;
        }

        var outcome = await Lifecycle(context.GetManagementClient()).DeleteAsync(ns, name, timeout, cancellationToken, uid).ConfigureAwait(false);
        if (outcome.Deleted) return;
        var blocked = string.Join("; ", outcome.Remaining);
        response.Diagnostics.AddError(
            outcome.End == global::Nutanix.Capi.Lifecycle.WaitEnd.TimedOut ? $"Timed out after {Duration.Format(timeout)} deleting cluster {id}" : $"Interrupted while deleting cluster {id}",
            outcome.RemainingCount == 0
                ? "Deletion was requested; nothing was observed yet."
                : $"Still present: {blocked}{(outcome.RemainingCount > 10 ? $" (and {outcome.RemainingCount - 10} more)" : "")}. " +
                  "An object whose finalizer stays is waiting for its controller (CAPI/CAPX) — check the controller logs on the management cluster, " +
                  "or remove the finalizer by hand if the controller is gone. Run `terraform destroy` again to resume.");
    }
}
