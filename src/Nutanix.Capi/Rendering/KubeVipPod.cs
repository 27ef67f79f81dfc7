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
        var pod = new PodObject
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new ObjectMeta { Name = "kube-vip", Namespace = "kube-system" },
            Spec = new PodSpec
            {
                Containers =
                [
                    new Container
                    {
                        Name = "kube-vip",
                        Image = spec.KubeVipImage,
                        ImagePullPolicy = "IfNotPresent",
                        Args = ["manager"],
                        Env =
                        [
                            new("vip_arp", "true"),
                            new("address", spec.ControlPlane.EndpointHost),
                            new("port", spec.ControlPlane.EndpointPort.ToString(CultureInfo.InvariantCulture)),
                            new("vip_subnet", "32"),
                            new("cp_enable", "true"),
                            new("cp_namespace", "kube-system"),
                            new("vip_ddns", "false"),
                            new("vip_leaderelection", "true"),
                            new("vip_leaseduration", "15"),
                            new("vip_renewdeadline", "10"),
                            new("vip_retryperiod", "2"),
                            new("svc_enable", services),
                            new("lb_enable", services),
                            new("enableServicesElection", services),
                        ],
                        SecurityContext = new SecurityContext(new Capabilities(["NET_ADMIN", "SYS_TIME", "NET_RAW"])),
                        VolumeMounts = [new VolumeMount("/etc/kubernetes/admin.conf", "kubeconfig")],
                        Resources = new EmptyObject(),
                    },
                ],
                HostNetwork = true,
                Volumes = [new Volume("kubeconfig", new HostPathSource("FileOrCreate", "/etc/kubernetes/admin.conf"))],
            },
            Status = new EmptyObject(),
        };
        return YamlJson.Write(CapiJson.ToNode(pod));
    }

    /// <summary>The image and whether Service load balancing is on, read back from a pod manifest; null when it is not one.</summary>
    public static (string Image, bool Services)? Read(string manifest)
    {
        try
        {
            var pod = CapiJson.Read(YamlJson.ReadDocument(manifest) as JsonObject, CapiJsonContext.Default.PodObject);
            var container = pod?.Spec?.Containers?.FirstOrDefault();
            if (container?.Image is not { } image) return null;
            var services = container.Env?.Any(e => e.Name == "svc_enable" && e.Value == "true") == true;
            return (image, services);
        }
        catch (YamlJsonException)
        {
            return null;
        }
    }
}
