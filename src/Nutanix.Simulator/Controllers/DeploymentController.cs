using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates the kube-controller-manager for Deployments: every Deployment rolls out after
/// <see cref="ControllerTimings.DeploymentRollout"/> and then reports Available with all replicas ready. This is
/// what "installs" the CAPI/CAPX providers when their components are applied to a <c>--bare</c> simulator.
/// </summary>
internal static class DeploymentController
{
    public static void Reconcile(ReconcileContext ctx)
    {
        foreach (var d in ctx.List(ctx.Types.Deployment))
        {
            if (ObjectMeta.IsDeleting(d)) continue;
            var generation = ObjectMeta.Generation(d);
            var replicas = JsonNumber.Int(d["spec"]?["replicas"]) ?? 1;
            var status = d["status"] as JsonObject;
            if (status is not null && JsonNumber.Long(status["observedGeneration"]) == generation && JsonNumber.Int(status["availableReplicas"]) == replicas
                && Conditions.IsTrue(status["conditions"] as JsonArray, "Available"))
            {
                continue;
            }

            var name = ObjectMeta.Name(d);
            var rolledOut = ctx.Elapsed(d, $"deployment/{ObjectMeta.Uid(d)}/{generation}", ctx.Timings.DeploymentRollout);
            var next = new JsonObject
            {
                ["observedGeneration"] = generation,
                ["replicas"] = replicas,
                ["updatedReplicas"] = replicas,
            };
            var conditions = (status?["conditions"] as JsonArray)?.DeepClone().AsArray() ?? [];
            if (rolledOut)
            {
                next["readyReplicas"] = replicas;
                next["availableReplicas"] = replicas;
                SetDeploymentCondition(conditions, "Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.", ctx.NowText);
                SetDeploymentCondition(conditions, "Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{name}-{Names.Hash(name + generation)}\" has successfully progressed.", ctx.NowText);
            }
            else
            {
                next["unavailableReplicas"] = replicas;
                SetDeploymentCondition(conditions, "Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", ctx.NowText);
                SetDeploymentCondition(conditions, "Progressing", true, "ReplicaSetUpdated", $"ReplicaSet \"{name}-{Names.Hash(name + generation)}\" is progressing.", ctx.NowText);
            }

            next["conditions"] = conditions;
            ctx.SetStatus(ctx.Types.Deployment, d, next);
        }
    }

    private static void SetDeploymentCondition(JsonArray list, string type, bool status, string reason, string message, string now)
    {
        var existing = Conditions.Find(list, type);
        var text = status ? "True" : "False";
        if (existing is not null && (string?)existing["status"] == text && (string?)existing["reason"] == reason) return;
        var c = new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["lastUpdateTime"] = now,
            ["lastTransitionTime"] = existing is not null && (string?)existing["status"] == text ? (string?)existing["lastTransitionTime"] : now,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is null) list.Add((JsonNode)c);
        else list[list.IndexOf(existing)] = c;
    }
}
