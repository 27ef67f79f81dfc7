using System.Globalization;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>The kube-vip static pod that announces the control-plane VIP, written by kubeadm to every control-plane node.</summary>
public static class KubeVipPod
{
    /// <summary>The pod manifest written to <see cref="ClusterNaming.KubeVipManifestPath"/>.</summary>
    public static string Manifest(WorkloadClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var services = spec.KubeVipServices ? "true" : "false";
        var env = new JsonArray();
        foreach (var (k, v) in new (string, string)[]
        {
            ("vip_arp", "true"),
            ("address", spec.ControlPlane.EndpointHost),
            ("port", spec.ControlPlane.EndpointPort.ToString(CultureInfo.InvariantCulture)),
            ("vip_subnet", "32"),
            ("cp_enable", "true"),
            ("cp_namespace", "kube-system"),
            ("vip_ddns", "false"),
            ("vip_leaderelection", "true"),
            ("vip_leaseduration", "15"),
            ("vip_renewdeadline", "10"),
            ("vip_retryperiod", "2"),
            ("svc_enable", services),
            ("lb_enable", services),
            ("enableServicesElection", services),
        })
        {
            env.Add((JsonNode)new JsonObject { ["name"] = k, ["value"] = v });
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "kube-vip", ["namespace"] = "kube-system" },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "kube-vip",
                    ["image"] = spec.KubeVipImage,
                    ["imagePullPolicy"] = "IfNotPresent",
                    ["args"] = new JsonArray("manager"),
                    ["env"] = env,
                    ["securityContext"] = new JsonObject
                    {
                        ["capabilities"] = new JsonObject { ["add"] = new JsonArray("NET_ADMIN", "SYS_TIME", "NET_RAW") },
                    },
                    ["volumeMounts"] = new JsonArray(new JsonObject { ["mountPath"] = "/etc/kubernetes/admin.conf", ["name"] = "kubeconfig" }),
                    ["resources"] = new JsonObject(),
                }),
                ["hostNetwork"] = true,
                ["volumes"] = new JsonArray(new JsonObject
                {
                    ["name"] = "kubeconfig",
                    ["hostPath"] = new JsonObject { ["type"] = "FileOrCreate", ["path"] = "/etc/kubernetes/admin.conf" },
                }),
            },
            ["status"] = new JsonObject(),
        };
        return YamlJson.Write(pod);
    }

    /// <summary>The image and whether Service load balancing is on, read back from a pod manifest; null when it is not one.</summary>
    public static (string Image, bool Services)? Read(string manifest)
    {
        try
        {
            var pod = YamlJson.ReadDocument(manifest);
            var container = (pod?["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
            if (Model.Json.Text(container?["image"]) is not { } image) return null;
            var services = (container?["env"] as JsonArray)?.OfType<JsonObject>().Any(e => Model.Json.Text(e["name"]) == "svc_enable" && Model.Json.Text(e["value"]) == "true") == true;
            return (image, services);
        }
        catch (YamlJsonException)
        {
            return null;
        }
    }
}
