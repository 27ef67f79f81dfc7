using System.Text.Json.Nodes;
using Nutanix.Simulator.Kube;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Why the pods of a Deployment's template could not start on a real cluster, as far as the simulator can tell
/// without running them: a container whose command, args, env value or image still holds an unsubstituted
/// <c>${...}</c> (a component file applied without clusterctl's variable substitution: the process exits on the bad
/// flag or the image cannot be pulled, so the pod crash-loops), or a Secret the pod needs (a volume, a projected
/// volume source, <c>env[].valueFrom.secretKeyRef</c>, <c>envFrom[].secretRef</c>; not when marked optional) that
/// does not exist (the kubelet keeps the pod in ContainerCreating / CreateContainerConfigError until it does).
/// </summary>
internal static class PodStartCheck
{
    /// <summary>The reason (an event reason the kubelet uses) and message of the first problem found, or null.</summary>
    public static (string Reason, string Message)? Find(ReconcileContext ctx, JsonObject deployment)
    {
        var spec = deployment["spec"]?["template"]?["spec"] as JsonObject;
        if (spec is null) return null;
        var ns = ObjectMeta.Namespace(deployment);
        foreach (var (container, where) in Containers(spec))
        {
            var name = (string?)container["name"] ?? "";
            foreach (var (field, value) in Strings(container))
            {
                if (value.Contains("${", StringComparison.Ordinal))
                {
                    return ("BackOff", $"Back-off restarting failed {where} \"{name}\": its {field} {Quote(value)} holds an unsubstituted variable; "
                        + "the component file must go through clusterctl's variable substitution before it is applied");
                }
            }
        }

        foreach (var volume in (spec["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var secrets = new List<JsonObject>();
            if (volume["secret"] is JsonObject s) secrets.Add(s);
            foreach (var source in (volume["projected"]?["sources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (source["secret"] is JsonObject ps) secrets.Add(ps);
            }

            foreach (var secret in secrets)
            {
                var secretName = (string?)secret["secretName"] ?? (string?)secret["name"];
                if (secretName is null || secret["optional"]?.GetValue<bool>() == true) continue;
                if (Missing(ctx, ns, secretName))
                {
                    return ("FailedMount", $"MountVolume.SetUp failed for volume \"{volume["name"]}\" : secret \"{secretName}\" not found");
                }
            }
        }

        foreach (var (container, _) in Containers(spec))
        {
            foreach (var env in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (env["valueFrom"]?["secretKeyRef"] is JsonObject key && key["optional"]?.GetValue<bool>() != true
                    && (string?)key["name"] is { } secretName && Missing(ctx, ns, secretName))
                {
                    return ("Failed", $"Error: secret \"{secretName}\" not found");
                }
            }

            foreach (var from in (container["envFrom"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (from["secretRef"] is JsonObject sr && sr["optional"]?.GetValue<bool>() != true
                    && (string?)sr["name"] is { } secretName && Missing(ctx, ns, secretName))
                {
                    return ("Failed", $"Error: secret \"{secretName}\" not found");
                }
            }
        }

        return null;
    }

    private static bool Missing(ReconcileContext ctx, string ns, string name) =>
        ctx.Store.TryGet(ctx.Types.Secret, ns, name) is null;

    private static IEnumerable<(JsonObject Container, string Where)> Containers(JsonObject spec)
    {
        foreach (var c in (spec["initContainers"] as JsonArray ?? []).OfType<JsonObject>()) yield return (c, "init container");
        foreach (var c in (spec["containers"] as JsonArray ?? []).OfType<JsonObject>()) yield return (c, "container");
    }

    private static IEnumerable<(string Field, string Value)> Strings(JsonObject container)
    {
        if ((string?)container["image"] is { } image) yield return ("image", image);
        foreach (var list in new[] { "command", "args" })
        {
            var items = container[list] as JsonArray ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is JsonValue v && v.TryGetValue<string>(out var text)) yield return ($"{list}[{i}]", text);
            }
        }

        foreach (var env in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)env["value"] is { } value) yield return ($"env {env["name"]}", value);
        }
    }

    private static string Quote(string s) => "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Records the problem as a Warning Event on the Deployment (once per generation and message).</summary>
    public static void Report(ReconcileContext ctx, JsonObject deployment, string reason, string message)
    {
        var events = ctx.Store.Registry.Find("", "events");
        if (events is null) return;
        var ns = ObjectMeta.Namespace(deployment);
        var name = $"{ObjectMeta.Name(deployment)}.{Names.Hash(ObjectMeta.Uid(deployment) + ObjectMeta.Generation(deployment) + message)}";
        if (ctx.Store.TryGet(events, ns, name) is not null) return;
        var evt = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["name"] = ObjectMeta.Name(deployment),
                ["namespace"] = ns,
                ["uid"] = ObjectMeta.Uid(deployment),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = "Warning",
            ["count"] = 1,
            ["firstTimestamp"] = ctx.NowText,
            ["lastTimestamp"] = ctx.NowText,
            ["source"] = new JsonObject { ["component"] = "kubelet" },
            ["reportingComponent"] = "kubelet",
        };
        try
        {
            ctx.Store.Create(events, evt, new WriteOptions { FieldManager = ReconcileContext.FieldManager });
        }
        catch (KubeApiException)
        {
            // the namespace is going away, or a racing pass wrote it: nothing to report then
        }
    }
}
