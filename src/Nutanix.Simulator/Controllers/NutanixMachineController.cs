using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nutanix.Simulator.Inventory;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates CAPX's NutanixMachine reconciler: waits for the owner Machine, cluster infrastructure and bootstrap
/// data, validates the spec against the inventory (failures become <c>failureReason: CreateError</c> with CAPX's
/// message and <c>VMProvisioned=False/FailedVMTask</c>), creates the VM named after the Machine (category
/// <c>KubernetesClusterName=&lt;cluster&gt;</c>, NICs with pool addresses), waits for the create task, then
/// reports <c>vmUUID</c>, <c>providerID nutanix://&lt;uuid&gt;</c>, addresses and <c>ready</c>. Deletion removes the VM.
/// </summary>
internal static class NutanixMachineController
{
    public const string Finalizer = "infrastructure.cluster.x-k8s.io/nutanixmachine";

    public static void Reconcile(ReconcileContext ctx)
    {
        foreach (var nm in ctx.List(ctx.Types.NutanixMachine))
        {
            try
            {
                if (ObjectMeta.IsDeleting(nm)) ReconcileDelete(ctx, nm);
                else ReconcileNormal(ctx, nm);
            }
            catch (PrismApiException e)
            {
                ctx.Logger.LogWarning("NutanixMachine {Name}: Prism Central refused a request: {Message}", ObjectMeta.Name(nm), e.Message);
                ctx.Requeue(nm);
            }
        }
    }

    private static void ReconcileNormal(ReconcileContext ctx, JsonObject nm)
    {
        var type = ctx.Types.NutanixMachine!;
        var ns = ObjectMeta.Namespace(nm);
        var ownerRef = ObjectMeta.Owner(nm, CapiResources.CoreGroup, "Machine");
        if (ownerRef is null) return; // "Waiting for capi Machine Controller to set OwnerRef on NutanixMachine"
        var machine = ctx.Get(ctx.Types.Machine, ns, (string)ownerRef["name"]!);
        if (machine is null) return;
        var clusterName = (string?)machine["spec"]?["clusterName"] ?? "";
        var cluster = ctx.Get(ctx.Types.Cluster, ns, clusterName);
        if (cluster is null) return;
        var ncRef = ObjectMeta.Ref(cluster["spec"]?["infrastructureRef"]);
        var nc = ncRef is null ? null : ctx.Get(ctx.Types.NutanixCluster, ns, ncRef.Name);
        if (nc is null) return;

        var status = (nm["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        if (status["failureReason"] is not null || status["failureMessage"] is not null) return; // "nutanix machine has failed. Will not reconcile"

        var next = ObjectMeta.Clone(nm);
        var specChanged = ObjectMeta.AddFinalizer(next, Finalizer);
        if (ObjectMeta.Label(next, MachineLabels.ClusterName) != clusterName)
        {
            ObjectMeta.Labels(next)[MachineLabels.ClusterName] = clusterName;
            specChanged = true;
        }

        var now = ctx.NowText;
        var generation = ObjectMeta.Generation(nm);
        var v1 = Conditions.ArrayAt(status, "conditions");
        var v2 = Conditions.ArrayAt(status, "v1beta2", "conditions");
        if (status["ready"]?.GetValue<bool>() == true)
        {
            if (specChanged) ctx.Update(type, next);
            return;
        }

        if (cluster["status"]?["initialization"]?["infrastructureProvisioned"]?.GetValue<bool>() != true)
        {
            Flush(ctx, next, specChanged, status, v1, v2, "ClusterInfrastructureNotReady", "Info", "", now, generation);
            return;
        }

        var dataSecretName = (string?)machine["spec"]?["bootstrap"]?["dataSecretName"];
        if (next["spec"]?["bootstrapRef"] is null)
        {
            if (string.IsNullOrEmpty(dataSecretName))
            {
                var isControlPlane = ObjectMeta.HasLabel(nm, MachineLabels.ControlPlane) || ObjectMeta.HasLabel(machine, MachineLabels.ControlPlane);
                var cpInitialized = cluster["status"]?["initialization"]?["controlPlaneInitialized"]?.GetValue<bool>() == true;
                var reason = !isControlPlane && !cpInitialized ? "ControlplaneNotInitialized" : "BootstrapDataNotReady";
                Flush(ctx, next, specChanged, status, v1, v2, reason, "Info", "", now, generation);
                return;
            }

            next["spec"]!["bootstrapRef"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["name"] = dataSecretName, ["namespace"] = ns };
            specChanged = true;
        }

        var credentials = PrismCredentialCheck.Check(ctx, nc);
        if (!credentials.Ok)
        {
            // CAPX cannot build a Prism client: the reconcile errors and is retried; the NutanixCluster shows why.
            if (specChanged) ctx.Update(type, next);
            return;
        }

        var vmName = ObjectMeta.Name(machine);
        var vm = FindVm(ctx.Inventory, status, vmName);
        if (vm is null)
        {
            var bootstrapName = (string?)next["spec"]?["bootstrapRef"]?["name"] ?? dataSecretName ?? "";
            var userData = (string?)ctx.Get(ctx.Types.Secret, ns, bootstrapName)?["data"]?["value"];
            VmCreateRequest request;
            try
            {
                request = NutanixMachineSpecResolver.Resolve(ctx.Inventory, next, vmName, clusterName, (string?)machine["spec"]?["version"], userData);
            }
            catch (NutanixMachineSpecResolver.ResolveException e)
            {
                Fail(ctx, next, specChanged, status, v1, v2, e.Message, now, generation);
                return;
            }

            try
            {
                (vm, _) = ctx.Inventory.CreateVm(request);
            }
            catch (PrismApiException e)
            {
                Fail(ctx, next, specChanged, status, v1, v2, $"failed to create VM {vmName}. error: {e.Reason}: {e.Message}", now, generation);
                return;
            }

            ctx.Logger.LogInformation("NutanixMachine {Name}: created VM {Vm} ({Uuid})", ObjectMeta.Name(nm), vm.Name, vm.Uuid);
            next["spec"]!["providerID"] = "nutanix://" + vm.Uuid;
            status["vmUUID"] = vm.Uuid;
            Flush(ctx, next, true, status, v1, v2, null, null, null, now, generation, vmProvisioned: false);
            return;
        }

        status["vmUUID"] = vm.Uuid;
        var task = ctx.Inventory.GetTask(vm.CreateTaskUuid);
        var taskStatus = task?.StatusAt(ctx.Inventory.Now) ?? "SUCCEEDED";
        if (taskStatus == "FAILED")
        {
            Fail(ctx, next, specChanged, status, v1, v2, $"error occurred while waiting for task {task!.Uuid} to start: {task.ErrorDetail}", now, generation);
            return;
        }

        if (taskStatus != "SUCCEEDED")
        {
            if (task is not null) ctx.Elapsed(nm, $"vmtask/{task.Uuid}", task.CompletesAt - ctx.Inventory.Now);
            Flush(ctx, next, specChanged || (string?)next["spec"]?["providerID"] != "nutanix://" + vm.Uuid, status, v1, v2, null, null, null, now, generation, vmProvisioned: false);
            return;
        }

        next["spec"]!["providerID"] = "nutanix://" + vm.Uuid;
        specChanged |= (string?)nm["spec"]?["providerID"] != "nutanix://" + vm.Uuid;
        var addresses = new JsonArray();
        foreach (var nic in vm.Nics) addresses.Add((JsonNode)new JsonObject { ["type"] = "InternalIP", ["address"] = nic.IpAddress });
        addresses.Add((JsonNode)new JsonObject { ["type"] = "Hostname", ["address"] = vm.Name });
        status["addresses"] = addresses;
        status["ready"] = true;
        Conditions.SetV1Beta1(v1, "VMAddressesAssigned", true, null, null, null, now);
        Conditions.Set(v2, "VMAddressesAssigned", true, "VMAddressesAssigned", "", now, generation);
        Flush(ctx, next, specChanged, status, v1, v2, null, null, null, now, generation, vmProvisioned: true);
    }

    private static PrismVm? FindVm(PrismInventory inventory, JsonObject status, string vmName)
    {
        if ((string?)status["vmUUID"] is { Length: > 0 } uuid) return inventory.GetVm(uuid);
        var byName = inventory.ListVms().Where(v => v.Name == vmName).ToList();
        return byName.Count == 1 ? byName[0] : null;
    }

    private static void Fail(ReconcileContext ctx, JsonObject next, bool specChanged, JsonObject status, JsonArray v1, JsonArray v2, string message, string now, long generation)
    {
        ctx.Logger.LogWarning("NutanixMachine {Name}: machine failed: CreateError: {Message}", ObjectMeta.Name(next), message);
        status["failureReason"] = "CreateError";
        status["failureMessage"] = message;
        Conditions.SetV1Beta1(v1, "VMProvisioned", false, "FailedVMTask", "Error", message, now);
        Conditions.Set(v2, "VMProvisioned", false, "FailedVMTask", message, now, generation);
        Flush(ctx, next, specChanged, status, v1, v2, "FailedVMTask", "Error", message, now, generation, vmProvisioned: false, readyReason: "FailedVMTask", readyMessage: message);
    }

    /// <summary>Writes spec changes (finalizer, bootstrapRef, providerID) and then the status.</summary>
    private static void Flush(ReconcileContext ctx, JsonObject next, bool specChanged, JsonObject status, JsonArray v1, JsonArray v2,
        string? waitingReason, string? severity, string? message, string now, long generation, bool vmProvisioned = false,
        string? readyReason = null, string? readyMessage = null)
    {
        var type = ctx.Types.NutanixMachine!;
        if (waitingReason is not null && waitingReason != "FailedVMTask")
        {
            Conditions.SetV1Beta1(v1, "VMProvisioned", false, waitingReason, severity, message, now);
            Conditions.Set(v2, "VMProvisioned", false, waitingReason, message ?? "", now, generation);
        }
        else if (vmProvisioned)
        {
            Conditions.SetV1Beta1(v1, "VMProvisioned", true, null, null, null, now);
            Conditions.Set(v2, "VMProvisioned", true, "VMProvisioned", "", now, generation);
        }

        var ready = status["ready"]?.GetValue<bool>() == true;
        if (status["ready"] is null) status["ready"] = false;
        var reason = readyReason ?? waitingReason ?? (ready ? null : "VMProvisioningInProgress");
        Conditions.SetV1Beta1(v1, "Ready", ready, reason, severity ?? "Info", readyMessage ?? message, now);
        Conditions.Set(v2, "Ready", ready, ready ? "Ready" : reason!, readyMessage ?? message ?? "", now, generation);
        var current = next;
        if (specChanged)
        {
            if (ctx.Update(type, next) is not { } updated) return;
            current = updated;
        }

        ctx.SetStatus(type, current, status);
    }

    private static void ReconcileDelete(ReconcileContext ctx, JsonObject nm)
    {
        var type = ctx.Types.NutanixMachine!;
        var uuid = (string?)nm["status"]?["vmUUID"];
        if (string.IsNullOrEmpty(uuid) && (string?)nm["spec"]?["providerID"] is { } pid && pid.StartsWith("nutanix://", StringComparison.Ordinal))
        {
            uuid = pid["nutanix://".Length..];
        }

        if (!string.IsNullOrEmpty(uuid) && ctx.Inventory.GetVm(uuid) is { } vm)
        {
            var task = ctx.Inventory.GetTask(vm.CreateTaskUuid);
            if (task is not null && task.StatusAt(ctx.Inventory.Now) is "QUEUED" or "RUNNING")
            {
                ctx.Elapsed(nm, $"vmtask/{task.Uuid}", task.CompletesAt - ctx.Inventory.Now);
                return; // "VM task still in progress. Requeuing"
            }

            ctx.Inventory.DeleteVm(vm.Uuid);
            ctx.Logger.LogInformation("NutanixMachine {Name}: deleted VM {Vm} ({Uuid})", ObjectMeta.Name(nm), vm.Name, vm.Uuid);
        }

        var next = ObjectMeta.Clone(nm);
        if (ObjectMeta.RemoveFinalizer(next, Finalizer)) ctx.Update(type, next);
    }
}
