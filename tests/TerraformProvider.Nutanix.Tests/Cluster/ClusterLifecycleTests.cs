using System.Text.Json;
using System.Text.Json.Nodes;
using TerraformProvider.Nutanix.Tests.EndToEnd;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// The real terraform CLI against <c>nutanix-sim --fast</c>: pcg + account + a cluster with 3 control-plane nodes and
/// two worker pools, chained through drift, resize, upgrade, out-of-band deletion, import, invalid references, a
/// create timeout and destroy — one simulator and one workspace.
/// </summary>
public sealed class ClusterLifecycleTests(ClusterSimulatorFixture fixture) : IClassFixture<ClusterSimulatorFixture>
{
    private const string Ns = "gw-one";
    private const string Address = "nutanix_cluster.demo";

    private sealed record Shape(string Version = "v1.33.2", string GeneralMemory = "4Gi", bool ImportBlock = false, bool Invalid = false, bool Slow = false);

    private string MainTf(Shape s)
    {
        var c = fixture.Sim.Connection;
        var import = s.ImportBlock ? $$"""
            import {
              to = {{Address}}
              id = "{{Ns}}/demo"
            }
            """ : "";
        var invalid = s.Invalid ? """
            resource "nutanix_cluster" "bad_refs" {
              name                  = "bad-refs"
              cloud_account_id      = nutanix_cloud_account.pc.id
              kubernetes_version    = "v1.33.2"
              prism_element_cluster = "pe-cluster-a"
              subnets               = ["no-such-subnet"]
              image                 = "no-such-image"
              control_plane         = { endpoint_ip = "10.10.100.11" }
            }

            resource "nutanix_cluster" "bad_pe" {
              name                  = "bad-pe"
              cloud_account_id      = nutanix_cloud_account.pc.id
              kubernetes_version    = "v1.33.2"
              prism_element_cluster = "no-such-pe"
              subnets               = ["vlan-100-k8s"]
              image                 = "ubuntu-2204-kube-v1.33.2"
              control_plane         = { endpoint_ip = "10.10.100.12" }
            }
            """ : "";
        var slow = s.Slow ? """
            resource "nutanix_cluster" "slow" {
              name                  = "slow"
              cloud_account_id      = nutanix_cloud_account.pc.id
              kubernetes_version    = "v1.33.2"
              prism_element_cluster = "pe-cluster-a"
              subnets               = ["vlan-100-k8s"]
              image                 = "ubuntu-2204-kube-v1.33.2"
              control_plane         = { endpoint_ip = "10.10.100.13", replicas = 3 }
              timeouts              = { create = "1ms" }
            }
            """ : "";
        return $$"""
            {{NutanixHcl.Provider(fixture.Sim.KubeconfigPath)}}
            {{NutanixHcl.GatewayAndAccount(c, Ns)}}

            resource "nutanix_cluster" "demo" {
              name                  = "demo"
              cloud_account_id      = nutanix_cloud_account.pc.id
              kubernetes_version    = "{{s.Version}}"
              prism_element_cluster = "pe-cluster-a"
              subnets               = ["vlan-100-k8s"]
              image                 = "ubuntu-2204-kube-v1.33.2"
              control_plane = {
                endpoint_ip = "10.10.100.10"
                replicas    = 3
                machine     = { vcpu_sockets = 2, memory = "4Gi", system_disk = "40Gi" }
              }
              worker_pools = {
                general = {
                  replicas = 2
                  machine  = { memory = "{{s.GeneralMemory}}" }
                  labels   = { tier = "general" }
                }
                batch = {
                  replicas = 1
                  taints   = [{ key = "batch", value = "true", effect = "NoSchedule" }]
                }
              }
              ssh_authorized_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG7P0S9M5NnJvsIeTRHysRnvNZcazSl2PPornTSeLJQj ops@example.com"]
              timeouts            = { create = "4m", update = "4m", delete = "4m" }
            }

            {{import}}
            {{invalid}}
            {{slow}}

            output "phase"      { value = nutanix_cluster.demo.phase }
            output "node_count" { value = length(nutanix_cluster.demo.nodes) }
            output "cp_ready"   { value = nutanix_cluster.demo.control_plane_ready }
            output "has_kubeconfig" { value = nonsensitive(nutanix_cluster.demo.kubeconfig != null) }
            output "id"         { value = nutanix_cluster.demo.id }
            """;
    }

    [Fact]
    public async Task ApplyDriftResizeUpgradeRecreateImportTimeoutDestroy()
    {
        using var ws = fixture.CreateWorkspace();
        ws.CommandTimeout = TimeSpan.FromMinutes(5);
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        ws.Environment["TF_LOG_PROVIDER"] = "INFO";
        ws.Environment["TF_LOG_PATH"] = Path.Combine(ws.Directory, "provider.log");

        // 1. Create: 3 control-plane nodes, two pools, wait until ready.
        ws.WriteMainTf(MainTf(new Shape()));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var outputs = await Outputs(ws);
        Assert.Equal("gw-one/demo", (string?)outputs["id"]);
        Assert.Equal(6, (int?)outputs["node_count"]);
        Assert.True((bool?)outputs["cp_ready"]);
        Assert.True((bool?)outputs["has_kubeconfig"]);
        var log = await File.ReadAllTextAsync(Path.Combine(ws.Directory, "provider.log"));
        Assert.Contains("waiting for cluster gw-one/demo", log, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Sim.Connection.Password, log, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Sim.Connection.Password, await File.ReadAllTextAsync(Path.Combine(ws.Directory, "terraform.tfstate")), StringComparison.Ordinal);

        // 2. Freshly applied: empty plan.
        await AssertEmptyPlan(ws);

        // 3. kubectl scale shows exactly that diff; apply restores it.
        await Kubectl("scale", "machinedeployment", "demo-general", "-n", Ns, "--replicas=4");
        var diff = await PlannedArgumentChanges(ws);
        Assert.Equal(["worker_pools.general.replicas: 4 -> 2"], diff);
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal("2", (await Kubectl("get", "machinedeployment", "demo-general", "-n", Ns, "-o", "jsonpath={.spec.replicas}")).Trim());
        await AssertEmptyPlan(ws);

        // 4. Resize the general pool: a new template, machines replaced one by one.
        var generalBefore = await MachineNames("demo-general");
        ws.WriteMainTf(MainTf(new Shape(GeneralMemory: "8Gi")));
        var resizePlan = await PlannedArgumentChanges(ws);
        Assert.Equal(["worker_pools.general.machine.memory: \"4Gi\" -> \"8Gi\""], resizePlan);
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var generalAfter = await MachineNames("demo-general");
        Assert.Equal(2, generalAfter.Count);
        Assert.Empty(generalAfter.Intersect(generalBefore));
        var template = await Kubectl("get", "machinedeployment", "demo-general", "-n", Ns, "-o", "jsonpath={.spec.template.spec.infrastructureRef.name}");
        Assert.Contains("8Gi", await Kubectl("get", "nutanixmachinetemplate", template.Trim(), "-n", Ns, "-o", "jsonpath={.spec.template.spec.memorySize}"), StringComparison.Ordinal);
        await AssertEmptyPlan(ws);

        // 5. Upgrade in place: control plane, then workers.
        ws.WriteMainTf(MainTf(new Shape(Version: "v1.33.3", GeneralMemory: "8Gi")));
        Assert.Equal(["kubernetes_version: \"v1.33.2\" -> \"v1.33.3\""], await PlannedArgumentChanges(ws));
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal("v1.33.3", (await Kubectl("get", "kubeadmcontrolplane", "demo-kcp", "-n", Ns, "-o", "jsonpath={.spec.version}")).Trim());
        var versions = (await Kubectl("get", "machines", "-n", Ns, "-l", "cluster.x-k8s.io/cluster-name=demo", "-o", "jsonpath={.items[*].spec.version}")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, versions.Length);
        Assert.All(versions, v => Assert.Equal("v1.33.3", v));
        await AssertEmptyPlan(ws);

        // 6. Import round trip: forget the cluster, import it back, the plan is empty.
        var rm = await ws.RunAsync("state", ["rm", Address]);
        Assert.True(rm.ExitCode == 0, rm.ToString());
        ws.WriteMainTf(MainTf(new Shape(Version: "v1.33.3", GeneralMemory: "8Gi", ImportBlock: true)));
        var importPlan = await ws.PlanAsync("-out=import.tfplan");
        Assert.True(importPlan.ExitCode == 0, importPlan.ToString());
        Assert.Contains("1 to import, 0 to add, 0 to change, 0 to destroy", importPlan.StandardOutput, StringComparison.Ordinal);
        apply = await ws.RunAsync("apply", ["import.tfplan"]);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        ws.WriteMainTf(MainTf(new Shape(Version: "v1.33.3", GeneralMemory: "8Gi")));
        await AssertEmptyPlan(ws);

        // 7. Deleted out of band: objects labelled for it (its credentials Secret) remain, so the resource stays in
        // state with a warning naming them, and the plan applies the cluster again (nothing is left dangling).
        await Kubectl("delete", "cluster", "demo", "-n", Ns, "--wait=true", "--timeout=120s");
        var recreate = await ws.PlanDetailedAsync();
        Assert.True(recreate.ExitCode == 2, recreate.ToString());
        Assert.Contains("nutanix_cluster.demo will be updated in-place", recreate.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("is missing but", Flat(recreate.StandardOutput + recreate.StandardError), StringComparison.Ordinal);
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        await AssertEmptyPlan(ws);

        // 8. Unknown Prism references fail the plan at the attribute.
        ws.WriteMainTf(MainTf(new Shape(Version: "v1.33.3", GeneralMemory: "8Gi", Invalid: true)));
        var invalid = await ws.PlanAsync();
        Assert.Equal(1, invalid.ExitCode);
        var errors = Flat(invalid.StandardError);
        Assert.Contains("no subnet named \"no-such-subnet\"", errors, StringComparison.Ordinal);
        Assert.Contains("subnets[0]", errors, StringComparison.Ordinal);
        Assert.Contains("no image named \"no-such-image\"", errors, StringComparison.Ordinal);
        Assert.Contains("no Prism Element cluster named \"no-such-pe\"", errors, StringComparison.Ordinal);

        // 9. A create that times out leaves the applied objects in state; destroy removes every one of them.
        ws.WriteMainTf(MainTf(new Shape(Version: "v1.33.3", GeneralMemory: "8Gi", Slow: true)));
        var timedOut = await ws.ApplyAsync();
        Assert.Equal(1, timedOut.ExitCode);
        Assert.Contains("Timed out", Flat(timedOut.StandardError), StringComparison.Ordinal);
        var list = await ws.RunAsync("state", ["list"]);
        Assert.Contains("nutanix_cluster.slow", list.StandardOutput, StringComparison.Ordinal);
        var destroySlow = await ws.DestroyAsync("-target=nutanix_cluster.slow");
        Assert.True(destroySlow.ExitCode == 0, destroySlow.ToString());
        Assert.Equal("", (await Kubectl("get", "clusters.cluster.x-k8s.io,machines,nutanixmachines,nutanixmachinetemplates,kubeadmcontrolplanes", "-n", Ns, "-l", "cluster.x-k8s.io/cluster-name=slow", "-o", "name")).Trim());
        Assert.DoesNotContain(await VmNames(), n => n.StartsWith("slow-", StringComparison.Ordinal));

        // 10. Destroy everything: no cluster object and no VM remain.
        ws.WriteMainTf(MainTf(new Shape(Version: "v1.33.3", GeneralMemory: "8Gi")));
        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Equal("", (await Kubectl("get", "clusters.cluster.x-k8s.io,machines,machinedeployments,nutanixclusters,nutanixmachines,nutanixmachinetemplates,kubeadmcontrolplanes,kubeadmconfigtemplates", "-A", "-o", "name")).Trim());
        Assert.Empty(await VmNames());
    }

    /// <summary>Terraform wraps diagnostics in a box at 78 columns; undo that for substring checks.</summary>
    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text.Replace("│", " ", StringComparison.Ordinal), @"\s+", " ");

    private async Task<string> Kubectl(params string[] args)
    {
        var result = await fixture.KubectlAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }

    private async Task<List<string>> MachineNames(string deployment) =>
        (await Kubectl("get", "machines", "-n", Ns, "-l", $"cluster.x-k8s.io/deployment-name={deployment}", "-o", "jsonpath={.items[*].metadata.name}"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    private async Task<List<string>> VmNames()
    {
        using var http = fixture.Sim.CreatePrismClient();
        using var response = await http.PostAsync("vms/list", new StringContent("{\"kind\":\"vm\",\"length\":500}", System.Text.Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return (body["entities"] as JsonArray ?? []).Select(e => (string?)e?["status"]?["name"] ?? (string?)e?["spec"]?["name"] ?? "").ToList();
    }

    private static async Task AssertEmptyPlan(TerraformWorkspace ws)
    {
        var plan = await ws.PlanDetailedAsync();
        Assert.True(plan.ExitCode == 0, plan.ToString());
    }

    /// <summary>The nutanix_cluster arguments a plan changes, as "path: before -> after".</summary>
    private static async Task<List<string>> PlannedArgumentChanges(TerraformWorkspace ws)
    {
        var plan = await ws.PlanAsync("-out=diff.tfplan");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var json = await ws.ShowJsonAsync("diff.tfplan");
        var change = json.RootElement.GetProperty("resource_changes").EnumerateArray()
            .Single(r => r.GetProperty("address").GetString() == Address).GetProperty("change");
        Assert.Equal("update", change.GetProperty("actions")[0].GetString());
        var before = JsonNode.Parse(change.GetProperty("before").GetRawText())!.AsObject();
        var after = JsonNode.Parse(change.GetProperty("after").GetRawText())!.AsObject();
        var computed = new HashSet<string> { "id", "phase", "control_plane_ready", "infrastructure_ready", "nodes", "kubeconfig", "manifests" };
        var diffs = new List<string>();
        foreach (var (key, value) in before)
        {
            if (computed.Contains(key)) continue;
            Collect(key, value, after[key], diffs);
        }

        return diffs;
    }

    private static void Collect(string path, JsonNode? before, JsonNode? after, List<string> diffs)
    {
        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (var key in b.Select(kv => kv.Key).Union(a.Select(kv => kv.Key)))
            {
                Collect($"{path}.{key}", b[key], a[key], diffs);
            }

            return;
        }

        if (!JsonNode.DeepEquals(before, after))
        {
            diffs.Add($"{path}: {before?.ToJsonString() ?? "null"} -> {after?.ToJsonString() ?? "null"}");
        }
    }

    private static async Task<JsonObject> Outputs(TerraformWorkspace ws)
    {
        var result = await ws.RunAsync("output", ["-json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var outputs = JsonNode.Parse(result.StandardOutput)!.AsObject();
        var values = new JsonObject();
        foreach (var (k, v) in outputs) values[k] = v?["value"]?.DeepClone();
        return values;
    }
}
