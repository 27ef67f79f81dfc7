using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates the kube-controller-manager for Deployments: a Deployment rolls out after
/// <see cref="ControllerTimings.DeploymentRollout"/> and then reports Available with all replicas ready — unless its
/// pods could not start on a real cluster (<see cref="PodStartCheck"/>: an unsubstituted <c>${...}</c>, a missing
/// Secret), in which case it stays Available=False (MinimumReplicasUnavailable), Progressing turns False
/// (ProgressDeadlineExceeded) after <c>spec.progressDeadlineSeconds</c> (default 600), and a Warning Event on the
/// Deployment says why. This is what "installs" the CAPI/CAPX providers when their components are applied to a
/// <c>--bare</c> simulator.
/// </summary>
internal static class DeploymentController
{
    public static void Reconcile(ReconcileContext ctx)
    {
        foreach (var d in ctx.List(ctx.Types.Deployment))
        {
            if (ObjectMeta.IsDeleting(d)) continue;
            var generation = ObjectMeta.Generation(d);
            var replicas = JsonNumbers.Int(d["spec"]?["replicas"]) ?? 1;
            var status = d["status"] as JsonObject;
            if (status is not null && JsonNumbers.Long(status["observedGeneration"]) == generation && JsonNumbers.Int(status["availableReplicas"]) == replicas
                && Conditions.IsTrue(status["conditions"] as JsonArray, "Available"))
            {
                continue;
            }

            var name = ObjectMeta.Name(d);
            var replicaSet = $"{name}-{Names.Hash(name + generation)}";
            var problem = PodStartCheck.Find(ctx, d);
            var rolledOut = problem is null && ctx.Elapsed(d, $"deployment/{ObjectMeta.Uid(d)}/{generation}", ctx.Timings.DeploymentRollout);
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
                SetDeploymentCondition(conditions, "Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{replicaSet}\" has successfully progressed.", ctx.NowText);
            }
            else
            {
                next["unavailableReplicas"] = replicas;
                SetDeploymentCondition(conditions, "Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", ctx.NowText);
                var deadline = TimeSpan.FromSeconds(JsonNumbers.Int(d["spec"]?["progressDeadlineSeconds"]) ?? 600);
                if (problem is not null && ctx.Elapsed(d, $"deployment-deadline/{ObjectMeta.Uid(d)}/{generation}", deadline))
                {
                    SetDeploymentCondition(conditions, "Progressing", false, "ProgressDeadlineExceeded", $"ReplicaSet \"{replicaSet}\" has timed out progressing.", ctx.NowText);
                }
                else
                {
                    SetDeploymentCondition(conditions, "Progressing", true, "ReplicaSetUpdated", $"ReplicaSet \"{replicaSet}\" is progressing.", ctx.NowText);
                }

                if (problem is { } p) PodStartCheck.Report(ctx, d, p.Reason, p.Message);
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
