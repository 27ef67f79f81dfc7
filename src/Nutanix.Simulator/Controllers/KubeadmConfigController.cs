using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates the kubeadm bootstrap provider: once a KubeadmConfig is owned by a Machine, it renders cloud-init
/// (<c>kubeadm init</c> for the first control-plane machine, <c>kubeadm join</c> for the others — joins wait for
/// the control plane to be initialized) into a Secret named after the config (type <c>cluster.x-k8s.io/secret</c>,
/// key <c>value</c>, owned by the config) and reports <c>status.initialization.dataSecretCreated</c>.
/// </summary>
internal static class KubeadmConfigController
{
    public static void Reconcile(ReconcileContext ctx)
    {
        var type = ctx.Types.KubeadmConfig!;
        foreach (var config in ctx.List(type))
        {
            if (ObjectMeta.IsDeleting(config)) continue;
            if (config["status"]?["initialization"]?["dataSecretCreated"]?.GetValue<bool>() == true) continue;
            var ownerRef = ObjectMeta.Owner(config, CapiResources.CoreGroup, "Machine");
            if (ownerRef is null) continue;
            var ns = ObjectMeta.Namespace(config);
            var machine = ctx.Get(ctx.Types.Machine, ns, (string)ownerRef["name"]!);
            if (machine is null) continue;
            var clusterName = (string?)machine["spec"]?["clusterName"] ?? "";
            var cluster = ctx.Get(ctx.Types.Cluster, ns, clusterName);
            if (cluster is null) continue;

            var now = ctx.NowText;
            var status = (config["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
            var conditions = Conditions.ArrayAt(status, "conditions");
            var generation = ObjectMeta.Generation(config);
            var isInit = config["spec"]?["initConfiguration"] is not null && config["spec"]?["joinConfiguration"] is null
                && ObjectMeta.HasLabel(machine, MachineLabels.ControlPlane);
            var cpInitialized = cluster["status"]?["initialization"]?["controlPlaneInitialized"]?.GetValue<bool>() == true;
            var infraReady = cluster["status"]?["initialization"]?["infrastructureProvisioned"]?.GetValue<bool>() == true;
            if (!infraReady || (!isInit && !cpInitialized))
            {
                var message = !infraReady ? "Waiting for Cluster status.infrastructureReady to be true" : "Waiting for Cluster control plane to be initialized";
                Conditions.Set(conditions, "DataSecretAvailable", false, infraReady ? "WaitingForControlPlaneInitialization" : "WaitingForClusterInfrastructureReady", message, now, generation);
                Conditions.Set(conditions, "Ready", false, "NotReady", "* DataSecretAvailable: " + message, now, generation);
                ctx.SetStatus(type, config, status);
                continue;
            }

            if (!ctx.Elapsed(config, $"bootstrap/{ObjectMeta.Uid(config)}", ctx.Timings.BootstrapData)) continue;

            var name = ObjectMeta.Name(config);
            if (ctx.Get(ctx.Types.Secret, ns, name) is null)
            {
                var secret = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Secret",
                    ["type"] = "cluster.x-k8s.io/secret",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = name,
                        ["namespace"] = ns,
                        ["labels"] = new JsonObject { [MachineLabels.ClusterName] = clusterName },
                        ["ownerReferences"] = new JsonArray(ObjectMeta.Reference(config, controller: true)),
                    },
                    ["data"] = new JsonObject
                    {
                        ["value"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(CloudInit(config, machine, isInit))),
                        ["format"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("cloud-config")),
                    },
                };
                if (ctx.Create(ctx.Types.Secret, secret) is null) continue;
            }

            status["dataSecretName"] = name;
            status["initialization"] = new JsonObject { ["dataSecretCreated"] = true };
            status["observedGeneration"] = generation;
            Conditions.Set(conditions, "DataSecretAvailable", true, "Available", "", now, generation);
            Conditions.Set(conditions, "CertificatesAvailable", true, "Available", "", now, generation);
            Conditions.Set(conditions, "Ready", true, "Ready", "", now, generation);
            ctx.SetStatus(type, config, status);
        }
    }

    private static string CloudInit(JsonObject config, JsonObject machine, bool init)
    {
        var spec = config["spec"] as JsonObject ?? new JsonObject();
        var sb = new StringBuilder();
        sb.Append("## template: jinja\n#cloud-config\n");
        sb.Append("write_files:\n");
        foreach (var f in (spec["files"] as JsonArray ?? []).OfType<JsonObject>())
        {
            sb.Append("-   path: ").Append(JsonValue.Create((string?)f["path"] ?? "")!.ToJsonString()).Append('\n');
            sb.Append("    owner: ").Append(JsonValue.Create((string?)f["owner"] ?? "root:root")!.ToJsonString()).Append('\n');
            sb.Append("    permissions: ").Append(JsonValue.Create((string?)f["permissions"] ?? "0640")!.ToJsonString()).Append('\n');
            sb.Append("    content: ").Append(JsonValue.Create((string?)f["content"] ?? "")!.ToJsonString()).Append('\n');
        }

        var kubeadmFile = init ? "/run/kubeadm/kubeadm.yaml" : "/run/kubeadm/kubeadm-join-config.yaml";
        sb.Append("-   path: ").Append(kubeadmFile).Append("\n    owner: root:root\n    permissions: '0640'\n    content: ");
        var kubeadm = new JsonObject
        {
            ["apiVersion"] = "kubeadm.k8s.io/v1beta4",
            ["kind"] = init ? "InitConfiguration" : "JoinConfiguration",
            ["nodeRegistration"] = new JsonObject { ["name"] = ObjectMeta.Name(machine) },
        };
        sb.Append(JsonValue.Create(kubeadm.ToJsonString())!.ToJsonString()).Append('\n');
        sb.Append("runcmd:\n");
        foreach (var c in (spec["preKubeadmCommands"] as JsonArray ?? []).Select(c => (string?)c)) sb.Append("  - ").Append(JsonValue.Create(c ?? "")!.ToJsonString()).Append('\n');
        sb.Append("  - ").Append(init ? "'kubeadm init --config /run/kubeadm/kubeadm.yaml  && echo success > /run/cluster-api/bootstrap-success.complete'"
            : "kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml  && echo success > /run/cluster-api/bootstrap-success.complete").Append('\n');
        foreach (var c in (spec["postKubeadmCommands"] as JsonArray ?? []).Select(c => (string?)c)) sb.Append("  - ").Append(JsonValue.Create(c ?? "")!.ToJsonString()).Append('\n');
        return sb.ToString();
    }
}
