using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates CAPI's Machine reconciler: copies bootstrap data and infrastructure readiness (providerID, addresses)
/// from the bootstrap config and the NutanixMachine, boots the node after <see cref="ControllerTimings.NodeStartup"/>
/// and sets nodeRef and nodeInfo once the cluster's cloud controller manager initializes it
/// (<see cref="CloudControllerManager"/>; without one the Machine stays Provisioned), and drives the phase
/// Pending → Provisioning → Provisioned → Running (Deleting / Failed). Deletion deletes the infrastructure machine
/// (whose controller removes the VM), then the bootstrap config, then releases the finalizer.
/// </summary>
internal static class MachineController
{
    public const string Finalizer = "machine.cluster.x-k8s.io";

    /// <summary>
    /// True once the machine's node has booted (kubeadm done, kubelet registered), whether or not a cloud controller
    /// manager initialized it: what the control plane's initialization needs (the first node's kubeadm init).
    /// </summary>
    public static bool NodeBooted(ReconcileContext ctx, JsonObject machine) =>
        machine["status"]?["nodeRef"] is not null
        || (!ObjectMeta.IsDeleting(machine)
            && machine["status"]?["initialization"]?["infrastructureProvisioned"]?.GetValue<bool>() == true
            && (string?)machine["spec"]?["providerID"] is { Length: > 0 }
            && ctx.Elapsed(machine, $"node/{ObjectMeta.Uid(machine)}", ctx.Timings.NodeStartup));

    public static bool IsReady(JsonObject machine) =>
        !ObjectMeta.IsDeleting(machine) && (string?)machine["status"]?["phase"] == "Running" && machine["status"]?["nodeRef"] is not null;

    public static void Reconcile(ReconcileContext ctx)
    {
        var type = ctx.Types.Machine!;
        foreach (var m in ctx.List(type))
        {
            if (ObjectMeta.IsDeleting(m)) ReconcileDelete(ctx, m);
            else ReconcileNormal(ctx, m);
        }
    }

    private static void ReconcileNormal(ReconcileContext ctx, JsonObject machine)
    {
        var type = ctx.Types.Machine!;
        var ns = ObjectMeta.Namespace(machine);
        var clusterName = (string?)machine["spec"]?["clusterName"] ?? "";
        var cluster = ctx.Get(ctx.Types.Cluster, ns, clusterName);
        if (cluster is null) return;

        var next = ObjectMeta.Clone(machine);
        var changed = ObjectMeta.AddFinalizer(next, Finalizer);
        if (ObjectMeta.Label(next, MachineLabels.ClusterName) != clusterName)
        {
            ObjectMeta.Labels(next)[MachineLabels.ClusterName] = clusterName;
            changed = true;
        }

        if (!ObjectMeta.OwnerReferences(next).Any()) changed |= ObjectMeta.EnsureOwner(next, cluster, controller: false);

        // Bootstrap: the config's data secret becomes spec.bootstrap.dataSecretName.
        var bootstrapReady = (string?)next["spec"]?["bootstrap"]?["dataSecretName"] is { Length: > 0 };
        var configRef = ObjectMeta.Ref(next["spec"]?["bootstrap"]?["configRef"]);
        if (configRef is not null && ctx.Types.For(configRef) is { } configType && ctx.Get(configType, ns, configRef.Name) is { } config)
        {
            AdoptDependent(ctx, configType, config, machine);
            var secretName = (string?)config["status"]?["dataSecretName"];
            if (!bootstrapReady && config["status"]?["initialization"]?["dataSecretCreated"]?.GetValue<bool>() == true && secretName is { Length: > 0 })
            {
                next["spec"]!["bootstrap"]!["dataSecretName"] = secretName;
                bootstrapReady = true;
                changed = true;
            }
        }

        // Infrastructure: NutanixMachine readiness, providerID and addresses.
        JsonObject? infra = null;
        var infraRef = ObjectMeta.Ref(next["spec"]?["infrastructureRef"]);
        if (infraRef is not null && ctx.Types.For(infraRef) is { } infraType)
        {
            infra = ctx.Get(infraType, ns, infraRef.Name);
            if (infra is not null) AdoptDependent(ctx, infraType, infra, machine);
        }

        var infraReady = infra?["status"]?["ready"]?.GetValue<bool>() == true;
        var providerId = (string?)infra?["spec"]?["providerID"];
        if (infraReady && providerId is { Length: > 0 } && (string?)next["spec"]?["providerID"] != providerId)
        {
            next["spec"]!["providerID"] = providerId;
            changed = true;
        }

        if (changed)
        {
            if (ctx.Update(type, next) is not { } updated) return;
            next = updated;
        }

        var old = machine["status"] as JsonObject;
        var status = old?.DeepClone().AsObject() ?? new JsonObject();
        var now = ctx.NowText;
        var generation = ObjectMeta.Generation(next);
        status["observedGeneration"] = generation;
        var init = new JsonObject { ["bootstrapDataSecretCreated"] = bootstrapReady, ["infrastructureProvisioned"] = infraReady || status["initialization"]?["infrastructureProvisioned"]?.GetValue<bool>() == true };
        status["initialization"] = init;
        if (infra?["status"]?["addresses"] is JsonArray addresses) status["addresses"] = addresses.DeepClone();
        if ((string?)infra?["status"]?["failureDomain"] is { } fd) status["failureDomain"] = fd;

        var failureReason = (string?)infra?["status"]?["failureReason"];
        var failureMessage = (string?)infra?["status"]?["failureMessage"];
        var deprecated = Conditions.ArrayAt(status, "deprecated", "v1beta1", "conditions");
        var v1beta1 = status["deprecated"]!["v1beta1"]!.AsObject();
        if (failureReason is not null || failureMessage is not null)
        {
            v1beta1["failureReason"] = failureReason ?? "CreateError";
            v1beta1["failureMessage"] = $"Failure detected from referenced resource {infra!["apiVersion"]}, Kind={infra["kind"]} with name \"{ObjectMeta.Name(infra)}\": {failureMessage}";
        }

        var provisioned = init["infrastructureProvisioned"]!.GetValue<bool>() && (string?)next["spec"]?["providerID"] is { Length: > 0 };
        // The node boots and registers after the start delay, tainted uninitialized and without a provider ID; Cluster
        // API finds it (nodeRef) only once the cluster's cloud controller manager has initialized it.
        if (provisioned && status["nodeRef"] is null && ctx.Elapsed(next, $"node/{ObjectMeta.Uid(next)}", ctx.Timings.NodeStartup)
            && CloudControllerManager.Runs(ctx, cluster))
        {
            var name = ObjectMeta.Name(next);
            status["nodeRef"] = new JsonObject { ["name"] = name };
            status["nodeInfo"] = new JsonObject
            {
                ["architecture"] = "amd64",
                ["bootID"] = Guid.NewGuid().ToString(),
                ["containerRuntimeVersion"] = "containerd://1.7.27",
                ["kernelVersion"] = "5.15.0-139-generic",
                ["kubeProxyVersion"] = (string?)next["spec"]?["version"] ?? "",
                ["kubeletVersion"] = (string?)next["spec"]?["version"] ?? "",
                ["machineID"] = Guid.NewGuid().ToString("N"),
                ["operatingSystem"] = "linux",
                ["osImage"] = "Ubuntu 22.04.5 LTS",
                ["systemUUID"] = providerId?.Replace("nutanix://", "", StringComparison.Ordinal) ?? "",
            };
        }

        var nodeUp = status["nodeRef"] is not null;
        var phase = failureReason is not null || failureMessage is not null ? "Failed"
            : nodeUp ? "Running"
            : provisioned ? "Provisioned"
            : bootstrapReady ? "Provisioning"
            : "Pending";
        if ((string?)status["phase"] != phase)
        {
            status["phase"] = phase;
            status["lastUpdated"] = now;
        }

        var infraMessage = infra is null ? $"{infraRef?.Kind ?? "infrastructure machine"} does not exist"
            : failureMessage ?? (infraReady ? "" : $"{infra["kind"]} status.ready is false");
        var conditions = Conditions.ArrayAt(status, "conditions");
        Conditions.Set(conditions, "BootstrapConfigReady", bootstrapReady, bootstrapReady ? "Ready" : "NotReady", bootstrapReady ? "" : "KubeadmConfig status.initialization.dataSecretCreated is false", now, generation);
        Conditions.Set(conditions, "InfrastructureReady", infraReady, infraReady ? "Ready" : "NotReady", infraMessage, now, generation);
        Conditions.Set(conditions, "NodeReady", nodeUp, nodeUp ? "NodeReady" : "NodeDoesNotExist", nodeUp ? "" : "Waiting for a Node with spec.providerID " + (providerId ?? "") + " to exist", now, generation);
        Conditions.Set(conditions, "NodeHealthy", nodeUp, nodeUp ? "NodeHealthy" : "NodeDoesNotExist", nodeUp ? "" : "Waiting for a Node to exist", now, generation);
        Conditions.Set(conditions, "UpToDate", true, "UpToDate", "", now, generation);
        Conditions.Set(conditions, "Deleting", false, "NotDeleting", "", now, generation);
        Conditions.Set(conditions, "Ready", nodeUp, nodeUp ? "Ready" : "NotReady", nodeUp ? "" : "* NodeHealthy: Waiting for a Node to exist", now, generation);
        Conditions.Set(conditions, "Available", nodeUp, nodeUp ? "Available" : "NotReady", nodeUp ? "" : "* NodeHealthy: Waiting for a Node to exist", now, generation);
        Conditions.SetV1Beta1(deprecated, "Ready", nodeUp, nodeUp ? null : "WaitingForNodeRef", "Info", null, now);
        Conditions.SetV1Beta1(deprecated, "BootstrapReady", bootstrapReady, "WaitingForDataSecret", "Info", null, now);
        Conditions.SetV1Beta1(deprecated, "InfrastructureReady", infraReady, failureReason ?? "WaitingForInfrastructure", failureReason is null ? "Info" : "Error", failureMessage, now);
        Conditions.SetV1Beta1(deprecated, "NodeHealthy", nodeUp, "WaitingForNodeRef", "Info", null, now);
        ctx.SetStatus(type, next, status);
    }

    /// <summary>Makes the Machine the controller owner of its bootstrap config / infrastructure machine (dropping the KCP/MachineSet reference).</summary>
    private static void AdoptDependent(ReconcileContext ctx, Kube.ResourceType type, JsonObject dependent, JsonObject machine)
    {
        var next = ObjectMeta.Clone(dependent);
        var changed = ObjectMeta.EnsureOwner(next, machine, controller: true,
            replace: r => (string?)r["kind"] is "KubeadmControlPlane" or "MachineSet");
        var clusterName = ObjectMeta.Label(machine, MachineLabels.ClusterName) ?? (string?)machine["spec"]?["clusterName"];
        if (clusterName is not null && ObjectMeta.Label(next, MachineLabels.ClusterName) != clusterName)
        {
            ObjectMeta.Labels(next)[MachineLabels.ClusterName] = clusterName;
            changed = true;
        }

        if (changed) ctx.Update(type, next);
    }

    private static void ReconcileDelete(ReconcileContext ctx, JsonObject machine)
    {
        var type = ctx.Types.Machine!;
        var ns = ObjectMeta.Namespace(machine);
        var status = (machine["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        var now = ctx.NowText;
        if ((string?)status["phase"] != "Deleting")
        {
            status["phase"] = "Deleting";
            status["lastUpdated"] = now;
        }

        var infraRef = ObjectMeta.Ref(machine["spec"]?["infrastructureRef"]);
        var infraType = infraRef is null ? null : ctx.Types.For(infraRef);
        var infra = infraType is null ? null : ctx.Get(infraType, ns, infraRef!.Name);
        var conditions = Conditions.ArrayAt(status, "conditions");
        Conditions.Set(conditions, "Deleting", true, infra is null ? "DeletionCompleted" : "WaitingForInfrastructureDeletion",
            infra is null ? "" : $"Waiting for {infraRef!.Kind} to be deleted", now, ObjectMeta.Generation(machine));
        Conditions.Set(conditions, "Ready", false, "Deleting", "Machine deletion in progress", now, ObjectMeta.Generation(machine));
        if (ctx.SetStatus(type, machine, status) is not { } current) return;

        if (infra is not null)
        {
            ctx.Delete(infraType!, infra);
            return;
        }

        var configRef = ObjectMeta.Ref(machine["spec"]?["bootstrap"]?["configRef"]);
        if (configRef is not null && ctx.Types.For(configRef) is { } configType && ctx.Get(configType, ns, configRef.Name) is { } config)
        {
            ctx.Delete(configType, config);
            return;
        }

        var next = ObjectMeta.Clone(current);
        if (ObjectMeta.RemoveFinalizer(next, Finalizer)) ctx.Update(type, next);
    }
}
