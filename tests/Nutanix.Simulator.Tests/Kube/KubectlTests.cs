using System.Net;
using System.Text.Json.Nodes;
using TestSupport.Tools;

namespace Nutanix.Simulator.Tests.Kube;

/// <summary>The real kubectl (1.32) against the in-process API over HTTPS with a CA + token kubeconfig.</summary>
public sealed class KubectlTests(KubeServerFixture fixture) : IClassFixture<KubeServerFixture>
{
    private KubeTestServer Server => fixture.Server;

    private async Task<ToolResult> KubectlAsync(params string[] args)
    {
        var all = new List<string> { "--kubeconfig", Server.KubeconfigPath, "--cache-dir", Path.Combine(Server.Directory, "kubectl-cache"), "--request-timeout=10s" };
        all.AddRange(args);
        return await ExternalTool.Kubectl.RunAsync(all, workingDirectory: Server.Directory, environment: new Dictionary<string, string?> { ["HOME"] = Server.Directory }, timeout: TimeSpan.FromSeconds(30));
    }

    private async Task<string> NewNamespaceAsync()
    {
        var ns = "k-" + Guid.NewGuid().ToString("N")[..10];
        var (code, body) = await Server.SendAsync(HttpMethod.Post, "/api/v1/namespaces", Manifests.Namespace(ns));
        Assert.True(code == HttpStatusCode.Created, body.ToJsonString());
        return ns;
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(Server.Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string ClusterYaml(string ns, string name) => $"""
        apiVersion: cluster.x-k8s.io/v1beta2
        kind: Cluster
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          clusterNetwork:
            pods:
              cidrBlocks: [192.168.0.0/16]
          infrastructureRef:
            apiGroup: infrastructure.cluster.x-k8s.io
            kind: NutanixCluster
            name: {name}
        ---
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: NutanixCluster
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          controlPlaneEndpoint:
            host: 10.20.30.40
            port: 6443
          prismCentral:
            address: pc.example.com
            port: 9440
            credentialRef:
              kind: Secret
              name: {name}-pc
        """;

    [Fact]
    public async Task Get_clusters_across_namespaces_and_machines_in_a_namespace()
    {
        var ns = await NewNamespaceAsync();
        await Server.SendAsync(HttpMethod.Post, $"/apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/clusters", Manifests.Cluster("listed"));
        var clusters = await KubectlAsync("get", "clusters.cluster.x-k8s.io", "-A");
        Assert.True(clusters.ExitCode == 0, clusters.ToString());
        Assert.Contains("NAMESPACE", clusters.StandardOutput);
        Assert.Matches($@"{ns}\s+listed", clusters.StandardOutput);

        var machines = await KubectlAsync("get", "machines", "-n", ns);
        Assert.True(machines.ExitCode == 0, machines.ToString());
        Assert.Contains("No resources found", machines.StandardError + machines.StandardOutput);

        var providers = await KubectlAsync("get", "providers.clusterctl.cluster.x-k8s.io", "-A", "-o", "json");
        Assert.True(providers.ExitCode == 0, providers.ToString());
        Assert.Equal(4, JsonNode.Parse(providers.StandardOutput)!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Server_side_apply_of_a_cluster_manifest_then_reapply_is_unchanged()
    {
        var ns = await NewNamespaceAsync();
        var file = WriteFile($"{ns}.yaml", ClusterYaml(ns, "wl1"));
        var applied = await KubectlAsync("apply", "--server-side", "-f", file);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("cluster.cluster.x-k8s.io/wl1 serverside-applied", applied.StandardOutput);
        Assert.Contains("nutanixcluster.infrastructure.cluster.x-k8s.io/wl1 serverside-applied", applied.StandardOutput);

        var (code, nc) = await Server.SendAsync(HttpMethod.Get, $"/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/{ns}/nutanixclusters/wl1");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("10.20.30.40", (string?)nc["spec"]!["controlPlaneEndpoint"]!["host"]);
        Assert.Contains(nc["metadata"]!["managedFields"]!.AsArray(), e => (string?)e!["manager"] == "kubectl" && (string?)e["operation"] == "Apply");

        var again = await KubectlAsync("apply", "--server-side", "-f", file);
        Assert.True(again.ExitCode == 0, again.ToString());

        var wide = await KubectlAsync("get", "nutanixclusters", "-n", ns);
        Assert.True(wide.ExitCode == 0, wide.ToString());
        Assert.Contains("10.20.30.40", wide.StandardOutput);
    }

    [Fact]
    public async Task Scale_a_machine_deployment()
    {
        var ns = await NewNamespaceAsync();
        await Server.SendAsync(HttpMethod.Post, $"/apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/machinedeployments", Manifests.MachineDeployment("workers", replicas: "1"));
        var scaled = await KubectlAsync("scale", "machinedeployment/workers", "--replicas=3", "-n", ns);
        Assert.True(scaled.ExitCode == 0, scaled.ToString());
        Assert.Contains("scaled", scaled.StandardOutput);
        var (_, md) = await Server.SendAsync(HttpMethod.Get, $"/apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/machinedeployments/workers");
        Assert.Equal(3, (int?)md["spec"]!["replicas"]);

        var uid = (string)md["metadata"]!["uid"]!;
        var ev = "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"workers.1\"},\"type\":\"Normal\",\"reason\":\"SuccessfulScale\",\"message\":\"scaled to 3 by the test\"," +
            "\"involvedObject\":{\"apiVersion\":\"cluster.x-k8s.io/v1beta2\",\"kind\":\"MachineDeployment\",\"name\":\"workers\",\"namespace\":\"" + ns + "\",\"uid\":\"" + uid + "\"}}";
        Assert.Equal(HttpStatusCode.Created, (await Server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/events", ev)).Code);
        var described = await KubectlAsync("describe", "machinedeployment", "workers", "-n", ns);
        Assert.True(described.ExitCode == 0, described.ToString());
        Assert.Contains("Replicas:", described.StandardOutput);
        Assert.Contains("Events:", described.StandardOutput);
        Assert.DoesNotContain("error", described.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("scaled to 3 by the test", described.StandardOutput);
        var yaml = await KubectlAsync("get", "md", "workers", "-n", ns, "-o", "yaml");
        Assert.True(yaml.ExitCode == 0, yaml.ToString());
        Assert.Contains("replicas: 3", yaml.StandardOutput);
    }

    [Fact]
    public async Task Delete_cluster_with_wait_completes()
    {
        var ns = await NewNamespaceAsync();
        await Server.SendAsync(HttpMethod.Post, $"/apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/clusters", Manifests.Cluster("doomed"));
        var deleted = await KubectlAsync("delete", "cluster", "doomed", "-n", ns, "--wait", "--timeout=10s");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains("cluster.cluster.x-k8s.io \"doomed\" deleted", deleted.StandardOutput);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, $"/apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/clusters/doomed")).Code);
    }

    [Fact]
    public async Task Invalid_object_is_refused_with_the_field_named()
    {
        var ns = await NewNamespaceAsync();
        var file = WriteFile($"{ns}-bad.yaml", $$"""
            apiVersion: cluster.x-k8s.io/v1beta2
            kind: MachineDeployment
            metadata:
              name: bad
              namespace: {{ns}}
            spec:
              clusterName: c1
              replicas: three
              selector:
                matchLabels:
                  a: b
              template:
                spec:
                  clusterName: c1
                  bootstrap: {dataSecretName: x}
                  infrastructureRef: {apiGroup: infrastructure.cluster.x-k8s.io, kind: NutanixMachineTemplate, name: t}
            """);
        var result = await KubectlAsync("apply", "--server-side", "-f", file);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.replicas", result.StandardError);
        Assert.Contains("must be of type integer", result.StandardError);

        var unknown = WriteFile($"{ns}-unknown.yaml", ClusterYaml(ns, "strict").Replace("  clusterNetwork:", "  bogusField: 1\n  clusterNetwork:"));
        var strict = await KubectlAsync("apply", "--server-side", "-f", unknown);
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("unknown field \"spec.bogusField\"", strict.StandardError);
    }

    [Fact]
    public async Task Conflicting_apply_is_reported_and_force_conflicts_wins()
    {
        var ns = await NewNamespaceAsync();
        var file = WriteFile($"{ns}-c.yaml", ClusterYaml(ns, "shared"));
        Assert.Equal(0, (await KubectlAsync("apply", "--server-side", "-f", file)).ExitCode);
        var other = WriteFile($"{ns}-c2.yaml", ClusterYaml(ns, "shared").Replace("10.20.30.40", "10.9.9.9"));
        var conflict = await KubectlAsync("apply", "--server-side", "--field-manager=other", "-f", other);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict", conflict.StandardError);
        Assert.Contains(".spec.controlPlaneEndpoint.host", conflict.StandardError);
        var forced = await KubectlAsync("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", other);
        Assert.True(forced.ExitCode == 0, forced.ToString());
    }

    [Fact]
    public async Task Typed_protobuf_creates_namespace_secret_and_configmap()
    {
        var ns = "p-" + Guid.NewGuid().ToString("N")[..10];
        var created = await KubectlAsync("create", "namespace", ns);
        Assert.True(created.ExitCode == 0, created.ToString());
        var secret = await KubectlAsync("create", "secret", "generic", "pc-creds", "-n", ns, "--from-literal=username=admin");
        Assert.True(secret.ExitCode == 0, secret.ToString());
        var cm = await KubectlAsync("create", "configmap", "settings", "-n", ns, "--from-literal=a=b");
        Assert.True(cm.ExitCode == 0, cm.ToString());
        var (_, s) = await Server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets/pc-creds");
        Assert.Equal(Convert.ToBase64String("admin"u8.ToArray()), (string?)s["data"]!["username"]);
        var (_, c) = await Server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/settings");
        Assert.Equal("b", (string?)c["data"]!["a"]);
        var deleted = await KubectlAsync("delete", "namespace", ns, "--wait", "--timeout=10s");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets/pc-creds")).Code);
    }

    [Fact]
    public async Task Client_side_apply_and_wait_for_conditions()
    {
        var ns = await NewNamespaceAsync();
        var file = WriteFile($"{ns}-csa.yaml", ClusterYaml(ns, "csa"));
        var applied = await KubectlAsync("apply", "-f", file);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        var changed = WriteFile($"{ns}-csa2.yaml", ClusterYaml(ns, "csa").Replace("10.20.30.40", "10.1.1.1"));
        var reapplied = await KubectlAsync("apply", "-f", changed);
        Assert.True(reapplied.ExitCode == 0, reapplied.ToString());
        Assert.Contains("nutanixcluster.infrastructure.cluster.x-k8s.io/csa configured", reapplied.StandardOutput);
        var (_, nc) = await Server.SendAsync(HttpMethod.Get, $"/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/{ns}/nutanixclusters/csa");
        Assert.Equal("10.1.1.1", (string?)nc["spec"]!["controlPlaneEndpoint"]!["host"]);

        var wait = await KubectlAsync("wait", "--for=condition=Available", "deployment/capx-controller-manager", "-n", "capx-system", "--timeout=5s");
        Assert.True(wait.ExitCode == 0, wait.ToString());
        var deployments = await KubectlAsync("get", "deployments", "-A");
        Assert.True(deployments.ExitCode == 0, deployments.ToString());
        Assert.Contains("capi-kubeadm-control-plane-controller-manager", deployments.StandardOutput);
        Assert.Matches(@"capx-system\s+capx-controller-manager\s+1\s+1\s+1", deployments.StandardOutput);
        var namespaces = await KubectlAsync("get", "namespace", ns);
        Assert.True(namespaces.ExitCode == 0, namespaces.ToString());
        Assert.Matches($@"{ns}\s+Active", namespaces.StandardOutput);
    }

    [Fact]
    public async Task Get_watch_prints_existing_and_new_rows()
    {
        var ns = await NewNamespaceAsync();
        await Server.SendAsync(HttpMethod.Post, $"/apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/clusters", Manifests.Cluster("first"));
        var watching = KubectlAsync("get", "clusters", "-n", ns, "-w", "--request-timeout=3s");
        await Task.Delay(1000);
        await Server.SendAsync(HttpMethod.Post, $"/apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/clusters", Manifests.Cluster("second"));
        var result = await watching;
        Assert.Contains("first", result.StandardOutput);
        Assert.True(result.StandardOutput.Contains("second", StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task Explain_reads_the_crd_schema()
    {
        var result = await KubectlAsync("explain", "nutanixclusters.spec.controlPlaneEndpoint");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("host", result.StandardOutput);
    }
}
