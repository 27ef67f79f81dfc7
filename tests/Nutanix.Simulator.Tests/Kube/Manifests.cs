namespace Nutanix.Simulator.Tests.Kube;

/// <summary>Small valid CAPI objects (JSON) for tests.</summary>
internal static class Manifests
{
    public static string Namespace(string name) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";

    public static string Cluster(string name, string extraMetadata = "") =>
        "{\"apiVersion\":\"cluster.x-k8s.io/v1beta2\",\"kind\":\"Cluster\",\"metadata\":{\"name\":\"" + name + "\"" + extraMetadata + "}," +
        "\"spec\":{\"paused\":false,\"clusterNetwork\":{\"pods\":{\"cidrBlocks\":[\"192.168.0.0/16\"]}}}}";

    public static string MachineDeployment(string name, string replicas = "1", string extraMetadata = "") =>
        "{\"apiVersion\":\"cluster.x-k8s.io/v1beta2\",\"kind\":\"MachineDeployment\",\"metadata\":{\"name\":\"" + name + "\"" + extraMetadata + "}," +
        "\"spec\":{\"clusterName\":\"c1\",\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":{\"pool\":\"" + name + "\"}}," +
        "\"template\":{\"metadata\":{\"labels\":{\"pool\":\"" + name + "\"}},\"spec\":{\"clusterName\":\"c1\",\"version\":\"v1.32.0\"," +
        "\"bootstrap\":{\"configRef\":{\"apiGroup\":\"bootstrap.cluster.x-k8s.io\",\"kind\":\"KubeadmConfigTemplate\",\"name\":\"" + name + "\"}}," +
        "\"infrastructureRef\":{\"apiGroup\":\"infrastructure.cluster.x-k8s.io\",\"kind\":\"NutanixMachineTemplate\",\"name\":\"" + name + "\"}}}}}";

    public static string ConfigMap(string name, string labels = "{}") =>
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "},\"data\":{\"k\":\"v\"}}";
}
