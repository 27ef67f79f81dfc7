using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates CAPI's MachineDeployment reconciler: one MachineSet per template revision (named
/// <c>&lt;deployment&gt;-&lt;hash&gt;</c>, label <c>machine-template-hash</c>), scaled with the RollingUpdate strategy
/// (defaults maxSurge 1, maxUnavailable 0): the new MachineSet grows while machines (including ones being deleted)
/// stay within replicas + maxSurge, and old MachineSets shrink only as far as ready machines allow. Reports
/// replicas/readyReplicas/availableReplicas/upToDateReplicas, phase and selector.
/// </summary>
internal static class MachineDeploymentController
{
    public const string Finalizer = "cluster.x-k8s.io/machinedeployment";

    public static void Reconcile(ReconcileContext ctx)
    {
        var type = ctx.Types.MachineDeployment!;
        var setsByOwner = new OwnerIndex(ctx.List(ctx.Types.MachineSet));
        var machinesByOwner = new OwnerIndex(ctx.List(ctx.Types.Machine));
        foreach (var md in ctx.List(type))
        {
            var ns = ObjectMeta.Namespace(md);
            var sets = setsByOwner.Of(md);
            if (ObjectMeta.IsDeleting(md))
            {
                foreach (var s in sets) ctx.Delete(ctx.Types.MachineSet!, s);
                if (sets.Count == 0)
                {
                    var done = ObjectMeta.Clone(md);
                    if (ObjectMeta.RemoveFinalizer(done, Finalizer)) ctx.Update(type, done);
                }

                continue;
            }

            var clusterName = (string?)md["spec"]?["clusterName"] ?? "";
            var cluster = ctx.Get(ctx.Types.Cluster, ns, clusterName);
            if (cluster is null) continue;
            var next = ObjectMeta.Clone(md);
            var changed = ObjectMeta.AddFinalizer(next, Finalizer);
            if (ObjectMeta.Label(next, MachineLabels.ClusterName) != clusterName)
            {
                ObjectMeta.Labels(next)[MachineLabels.ClusterName] = clusterName;
                changed = true;
            }

            changed |= ObjectMeta.EnsureOwner(next, cluster, controller: false);
            var current = md;
            if (changed)
            {
                if (ctx.Update(type, next) is not { } updated) continue;
                current = updated;
            }

            var templateSpec = current["spec"]?["template"]?["spec"] as JsonObject ?? new JsonObject();
            if (ObjectMeta.Ref(templateSpec["infrastructureRef"]) is { } infraRef) TemplateOwnership.Ensure(ctx, infraRef, ns, cluster);
            if (ObjectMeta.Ref(templateSpec["bootstrap"]?["configRef"]) is { } configRef) TemplateOwnership.Ensure(ctx, configRef, ns, cluster);

            var hash = TemplateHash(templateSpec);
            var desired = JsonNumbers.Int(current["spec"]?["replicas"]) ?? 1;
            var newSet = sets.FirstOrDefault(s => ObjectMeta.Label(s, MachineLabels.TemplateHash) == hash && !ObjectMeta.IsDeleting(s));
            var oldSets = sets.Where(s => s != newSet).ToList();
            if (newSet is null)
            {
                CreateMachineSet(ctx, current, clusterName, hash, oldSets.Count == 0 ? desired : 0);
            }
            else
            {
                Rollout(ctx, current, newSet, oldSets, machinesByOwner, desired);
            }

            WriteStatus(ctx, current, sets, newSet, machinesByOwner, desired);
        }
    }

    /// <summary>Hash of what makes a machine different: version, infrastructure template, bootstrap template/secret, failure domain.</summary>
    public static string TemplateHash(JsonObject templateSpec)
    {
        var infra = ObjectMeta.Ref(templateSpec["infrastructureRef"]);
        var config = ObjectMeta.Ref(templateSpec["bootstrap"]?["configRef"]);
        var key = string.Join("|", (string?)templateSpec["version"], infra?.Kind, infra?.Name, config?.Kind, config?.Name,
            (string?)templateSpec["bootstrap"]?["dataSecretName"], (string?)templateSpec["failureDomain"]);
        return Names.NumericHash(key);
    }

    private static void CreateMachineSet(ReconcileContext ctx, JsonObject md, string clusterName, string hash, int replicas)
    {
        var mdName = ObjectMeta.Name(md);
        var selectorLabels = EffectiveSelector(md, clusterName);
        selectorLabels[MachineLabels.TemplateHash] = hash;
        var templateLabels = (md["spec"]?["template"]?["metadata"]?["labels"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        templateLabels[MachineLabels.TemplateHash] = hash;
        templateLabels[MachineLabels.ClusterName] = clusterName;
        templateLabels[MachineLabels.DeploymentName] = mdName;
        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = templateLabels },
            ["spec"] = StorageMachineSpec(md["spec"]?["template"]?["spec"] as JsonObject),
        };
        if (md["spec"]?["template"]?["metadata"]?["annotations"] is JsonObject annotations) template["metadata"]!["annotations"] = annotations.DeepClone();
        var type = ctx.Types.MachineSet!;
        ctx.Create(type, new JsonObject
        {
            ["apiVersion"] = type.StorageApiVersion,
            ["kind"] = type.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{mdName}-{Names.Hash(hash)}",
                ["namespace"] = ObjectMeta.Namespace(md),
                ["labels"] = new JsonObject
                {
                    [MachineLabels.ClusterName] = clusterName,
                    [MachineLabels.DeploymentName] = mdName,
                    [MachineLabels.TemplateHash] = hash,
                },
                ["ownerReferences"] = new JsonArray(ObjectMeta.Reference(md, controller: true)),
            },
            ["spec"] = new JsonObject
            {
                ["clusterName"] = clusterName,
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = selectorLabels },
                ["template"] = template,
            },
        });
    }

    /// <summary>
    /// The machine template spec in the MachineSet's storage layout (v1beta2), as CAPI's conversion would give it from a
    /// v1beta1 MachineDeployment: references <c>{apiVersion, kind, name}</c> become <c>{apiGroup, kind, name}</c> and the
    /// v1beta1 node drain/volume-detach/deletion timeouts become <c>deletion.*Seconds</c>.
    /// </summary>
    internal static JsonObject StorageMachineSpec(JsonObject? spec)
    {
        var result = spec?.DeepClone().AsObject() ?? new JsonObject();
        static void Reference(JsonObject? holder, string key)
        {
            if (holder?[key] is not JsonObject r || (string?)r["apiVersion"] is not { } apiVersion) return;
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            holder[key] = new JsonObject
            {
                ["apiGroup"] = slash < 0 ? "" : apiVersion[..slash],
                ["kind"] = r["kind"]?.DeepClone(),
                ["name"] = r["name"]?.DeepClone(),
            };
        }

        Reference(result, "infrastructureRef");
        Reference(result["bootstrap"] as JsonObject, "configRef");
        foreach (var (v1, v2) in new[] { ("nodeDrainTimeout", "nodeDrainTimeoutSeconds"), ("nodeVolumeDetachTimeout", "nodeVolumeDetachTimeoutSeconds"), ("nodeDeletionTimeout", "nodeDeletionTimeoutSeconds") })
        {
            if (result[v1] is not JsonValue value) continue;
            result.Remove(v1);
            if (value.TryGetValue<string>(out var text) && Duration.TryParseSeconds(text, out var seconds))
            {
                var deletion = result["deletion"] as JsonObject ?? new JsonObject();
                deletion[v2] = seconds;
                result["deletion"] = deletion;
            }
        }

        return result;
    }

    private static void Rollout(ReconcileContext ctx, JsonObject md, JsonObject newSet, List<JsonObject> oldSets, OwnerIndex machinesByOwner, int desired)
    {
        var (maxSurge, maxUnavailable) = Strategy(md, desired);
        int Replicas(JsonObject s) => JsonNumbers.Int(s["spec"]?["replicas"]) ?? 0;
        int Existing(JsonObject s) => Math.Max(Replicas(s), machinesByOwner.Of(s).Count);

        if (oldSets.Count == 0)
        {
            if (Replicas(newSet) != desired) SetReplicas(ctx, newSet, desired);
            return;
        }

        // Scale up the new MachineSet within the surge budget (machines being deleted still count).
        var total = Existing(newSet) + oldSets.Sum(Existing);
        var newReplicas = Replicas(newSet);
        if (newReplicas < desired && total < desired + maxSurge)
        {
            newReplicas = Math.Min(desired, newReplicas + (desired + maxSurge - total));
            SetReplicas(ctx, newSet, newReplicas);
            return;
        }

        if (newReplicas > desired)
        {
            SetReplicas(ctx, newSet, desired);
            return;
        }

        // Scale down old MachineSets as far as availability allows.
        var readyTotal = machinesByOwner.OfAny(oldSets.Prepend(newSet)).Count(MachineController.IsReady);
        var budget = readyTotal - (desired - maxUnavailable);
        foreach (var old in oldSets.OrderBy(ObjectMeta.CreationTimestamp, StringComparer.Ordinal))
        {
            var replicas = Replicas(old);
            var oldMachines = machinesByOwner.Of(old);
            if (replicas == 0)
            {
                if (oldMachines.Count == 0) ctx.Delete(ctx.Types.MachineSet!, old);
                continue;
            }

            // Machines of the old set that are not ready can go without reducing availability.
            var notReady = oldMachines.Count(m => !MachineController.IsReady(m) && !ObjectMeta.IsDeleting(m));
            var remove = Math.Min(replicas, Math.Max(0, budget) + notReady);
            if (remove <= 0) continue;
            SetReplicas(ctx, old, replicas - remove);
            budget -= remove;
        }
    }

    /// <summary>The selector after CAPI's defaulting webhook: the given matchLabels plus cluster-name and deployment-name.</summary>
    private static JsonObject EffectiveSelector(JsonObject md, string clusterName)
    {
        var labels = (md["spec"]?["selector"]?["matchLabels"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        labels[MachineLabels.ClusterName] = clusterName;
        labels[MachineLabels.DeploymentName] = ObjectMeta.Name(md);
        return labels;
    }

    private static (int MaxSurge, int MaxUnavailable) Strategy(JsonObject md, int desired)
    {
        var rolling = md["spec"]?["rollout"]?["strategy"]?["rollingUpdate"] as JsonObject ?? md["spec"]?["strategy"]?["rollingUpdate"] as JsonObject;
        var surge = IntOrPercent(rolling?["maxSurge"], desired, roundUp: true) ?? 1;
        var unavailable = IntOrPercent(rolling?["maxUnavailable"], desired, roundUp: false) ?? 0;
        if (surge == 0 && unavailable == 0) surge = 1;
        return (surge, unavailable);
    }

    private static int? IntOrPercent(JsonNode? node, int total, bool roundUp)
    {
        if (node is not JsonValue v) return null;
        if (!v.TryGetValue<string>(out _) && JsonNumbers.Int(v) is { } n) return n;
        if (v.TryGetValue<string>(out var s) && s.EndsWith('%') && int.TryParse(s[..^1], out var p))
        {
            var value = total * p / 100.0;
            return (int)(roundUp ? Math.Ceiling(value) : Math.Floor(value));
        }

        return null;
    }

    private static void SetReplicas(ReconcileContext ctx, JsonObject ms, int replicas)
    {
        var next = ObjectMeta.Clone(ms);
        next["spec"]!["replicas"] = replicas;
        ctx.Update(ctx.Types.MachineSet!, next);
    }

    private static void WriteStatus(ReconcileContext ctx, JsonObject md, List<JsonObject> sets, JsonObject? newSet, OwnerIndex machinesByOwner, int desired)
    {
        var machines = machinesByOwner.OfAny(sets);
        var ready = machines.Count(MachineController.IsReady);
        var upToDate = newSet is null ? 0 : machinesByOwner.Of(newSet).Count(m => !ObjectMeta.IsDeleting(m));
        var replicas = machines.Count;
        var now = ctx.NowText;
        var generation = ObjectMeta.Generation(md);
        var status = (md["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        status["replicas"] = replicas;
        status["readyReplicas"] = ready;
        status["availableReplicas"] = ready;
        status["upToDateReplicas"] = upToDate;
        status["observedGeneration"] = generation;
        status["selector"] = MachineSetController.SelectorText(new JsonObject { ["matchLabels"] = EffectiveSelector(md, (string?)md["spec"]?["clusterName"] ?? "") });
        status["phase"] = replicas < desired ? "ScalingUp" : replicas > desired ? "ScalingDown" : ready == desired ? "Running" : "ScalingUp";
        var v1beta1 = Conditions.ArrayAt(status, "deprecated", "v1beta1", "conditions");
        var deprecated = status["deprecated"]!["v1beta1"]!.AsObject();
        deprecated["readyReplicas"] = ready;
        deprecated["availableReplicas"] = ready;
        deprecated["updatedReplicas"] = upToDate;
        deprecated["unavailableReplicas"] = Math.Max(0, desired - ready);
        var rollingOut = upToDate < replicas || sets.Count > 1;
        var available = ready >= desired;
        var c = Conditions.ArrayAt(status, "conditions");
        Conditions.Set(c, "Available", available, available ? "Available" : "NotAvailable", available ? "" : $"{ready} available replicas, at least {desired} required (spec.strategy.rollout.maxUnavailable is 0, spec.replicas is {desired})", now, generation);
        Conditions.Set(c, "MachinesReady", ready == replicas, ready == replicas ? "Ready" : "NotReady", "", now, generation);
        Conditions.Set(c, "MachinesUpToDate", !rollingOut, rollingOut ? "NotUpToDate" : "UpToDate", "", now, generation);
        Conditions.Set(c, "RollingOut", rollingOut, rollingOut ? "RollingOut" : "NotRollingOut", "", now, generation);
        Conditions.Set(c, "ScalingUp", replicas < desired, replicas < desired ? "ScalingUp" : "NotScalingUp", replicas < desired ? $"Scaling up from {replicas} to {desired} replicas" : "", now, generation);
        Conditions.Set(c, "ScalingDown", replicas > desired, replicas > desired ? "ScalingDown" : "NotScalingDown", replicas > desired ? $"Scaling down from {replicas} to {desired} replicas" : "", now, generation);
        Conditions.Set(c, "Remediating", false, "NotRemediating", "", now, generation);
        Conditions.Set(c, "Deleting", false, "NotDeleting", "", now, generation);
        Conditions.Set(c, "Paused", false, "NotPaused", "", now, generation);
        Conditions.SetV1Beta1(v1beta1, "Ready", available, "WaitingForAvailableMachines", "Warning", $"Minimum availability requires {desired} replicas, current {ready} available", now);
        Conditions.SetV1Beta1(v1beta1, "Available", available, "WaitingForAvailableMachines", "Warning", $"Minimum availability requires {desired} replicas, current {ready} available", now);
        Conditions.SetV1Beta1(v1beta1, "MachineSetReady", newSet is not null, "MachineSetCreationFailed", "Error", null, now);
        ctx.SetStatus(ctx.Types.MachineDeployment!, md, status);
    }
}
