using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TerraformProvider.Nutanix.Tests.EndToEnd;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// The real terraform CLI against <c>nutanix-sim --fast</c>, one simulator and one workspace: quantities written in a
/// non-canonical spelling survive import and refresh without a diff, a <c>wait_for</c>/<c>timeouts</c> change is a
/// state-only update, and a password rotation in the same apply as a cluster change plans and applies, while a
/// genuinely rejected password fails the plan at <c>cloud_account_id</c> with the fix.
/// </summary>
public sealed class ClusterPlanFixesTests(ClusterSimulatorFixture fixture) : IClassFixture<ClusterSimulatorFixture>
{
    private const string Ns = "gw-spell";
    private const string Address = "nutanix_cluster.spell";

    private sealed record Shape(
        int PasswordVersion = 1, string WaitFor = "ready", string CreateTimeout = "4m", bool ImportBlock = false, bool Extra = false, string ExtraImage = "ubuntu-2204-kube-v1.33.2");

    private string MainTf(Shape s)
    {
        var c = fixture.Sim.Connection;
        var import = s.ImportBlock ? $$"""
            import {
              to = {{Address}}
              id = "{{Ns}}/spell"
            }
            """ : "";
        var extra = s.Extra ? $$"""
            resource "nutanix_cluster" "extra" {
              name                  = "extra"
              cloud_account_id      = nutanix_cloud_account.pc.id
              kubernetes_version    = "v1.33.2"
              prism_element_cluster = "pe-cluster-a"
              subnets               = ["vlan-100-k8s"]
              image                 = "{{s.ExtraImage}}"
              control_plane         = { endpoint_ip = "10.10.100.21" }
              wait_for              = "none"
            }
            """ : "";
        return $$"""
            {{NutanixHcl.Provider(fixture.Sim.KubeconfigPath)}}
            {{NutanixHcl.GatewayAndAccount(c, Ns, passwordVersion: s.PasswordVersion)}}

            resource "nutanix_cluster" "spell" {
              name                  = "spell"
              cloud_account_id      = nutanix_cloud_account.pc.id
              kubernetes_version    = "v1.33.2"
              prism_element_cluster = "pe-cluster-a"
              subnets               = ["vlan-100-k8s"]
              image                 = "ubuntu-2204-kube-v1.33.2"
              control_plane = {
                endpoint_ip = "10.10.100.20"
                machine     = { memory = "4096Mi", system_disk = "40960Mi" }
              }
              worker_pools = {
                general = {
                  replicas = 1
                  machine  = { memory = "8192Mi", data_disks = [{ size = "102400Mi" }] }
                }
              }
              wait_for = "{{s.WaitFor}}"
              timeouts = { create = "{{s.CreateTimeout}}", update = "4m", delete = "4m" }
            }

            {{import}}
            {{extra}}
            """;
    }

    [Fact]
    public async Task SpellingsImportSettingsOnlyUpdateAndPasswordRotation()
    {
        using var ws = fixture.CreateWorkspace();
        ws.CommandTimeout = TimeSpan.FromMinutes(5);
        var password = fixture.Sim.Connection.Password;
        ws.Environment["TF_VAR_pc_password"] = password;
        ws.Environment["TF_LOG_PROVIDER"] = "INFO";
        ws.Environment["TF_LOG_PATH"] = Path.Combine(ws.Directory, "provider.log");

        // 1. Create from non-canonical spellings; the live templates hold the canonical ones.
        ws.WriteMainTf(MainTf(new Shape()));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var cpTemplate = (await Kubectl("get", "kubeadmcontrolplane", "spell-kcp", "-n", Ns, "-o", "jsonpath={.spec.machineTemplate.spec.infrastructureRef.name}{.spec.machineTemplate.infrastructureRef.name}")).Trim();
        Assert.Equal("4Gi", (await Kubectl("get", "nutanixmachinetemplate", cpTemplate, "-n", Ns, "-o", "jsonpath={.spec.template.spec.memorySize}")).Trim());
        await AssertEmptyPlan(ws);

        // 2. Import round trip with the non-canonical spelling in the configuration: nothing to change.
        var rm = await ws.RunAsync("state", ["rm", Address]);
        Assert.True(rm.ExitCode == 0, rm.ToString());
        ws.WriteMainTf(MainTf(new Shape(ImportBlock: true)));
        var importPlan = await ws.PlanAsync("-out=import.tfplan");
        Assert.True(importPlan.ExitCode == 0, importPlan.ToString());
        Assert.Contains("1 to import, 0 to add, 0 to change, 0 to destroy", importPlan.StandardOutput, StringComparison.Ordinal);
        apply = await ws.RunAsync("apply", ["import.tfplan"]);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        ws.WriteMainTf(MainTf(new Shape()));
        await AssertEmptyPlan(ws);
        using (var state = await ws.ShowJsonAsync())
        {
            Assert.Contains("\"memory\":\"4Gi\"", state.RootElement.GetRawText().Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // 3. Drift in spelling only (the template rewritten as 40960Mi): no diff. A real size change would show.
        await Kubectl("patch", "nutanixmachinetemplate", cpTemplate, "-n", Ns, "--type=merge", "-p", "{\"spec\":{\"template\":{\"spec\":{\"systemDiskSize\":\"40960Mi\"}}}}");
        Assert.Equal("40960Mi", (await Kubectl("get", "nutanixmachinetemplate", cpTemplate, "-n", Ns, "-o", "jsonpath={.spec.template.spec.systemDiskSize}")).Trim());
        await AssertEmptyPlan(ws);

        // 4. wait_for and timeouts only: an in-place update of those two that leaves every object untouched.
        var before = await Versions();
        ws.WriteMainTf(MainTf(new Shape(WaitFor: "control_plane", CreateTimeout: "9m")));
        Assert.Equal(["timeouts.create: \"4m\" -> \"9m\"", "wait_for: \"ready\" -> \"control_plane\""], await PlannedArgumentChanges(ws));
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("0 added, 1 changed, 0 destroyed", apply.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, await Versions());
        var log = await File.ReadAllTextAsync(Path.Combine(ws.Directory, "provider.log"));
        Assert.Contains("cluster gw-spell/spell: only wait_for/timeouts changed", log, StringComparison.Ordinal);
        Assert.DoesNotContain("updating cluster gw-spell/spell", log, StringComparison.Ordinal);
        await AssertEmptyPlan(ws);

        // 5. The password changes in Prism Central and is rotated (password_wo_version 2) in the same apply that adds a
        //    cluster: the plan warns at cloud_account_id instead of failing on the stale credentials, and applies.
        const string rotated = "Rotated-Passw0rd!spell";
        await fixture.Sim.RotatePrismPasswordAsync(rotated);
        ws.Environment["TF_VAR_pc_password"] = rotated;
        ws.WriteMainTf(MainTf(new Shape(PasswordVersion: 2, WaitFor: "control_plane", CreateTimeout: "9m", Extra: true)));
        var rotatePlan = await ws.PlanAsync();
        Assert.True(rotatePlan.ExitCode == 0, rotatePlan.ToString());
        var warnings = Flat(rotatePlan.StandardOutput + rotatePlan.StandardError);
        Assert.Contains("Prism references will be checked during apply", warnings, StringComparison.Ordinal);
        Assert.Contains("cloud_account_id = nutanix_cloud_account.pc.id", warnings, StringComparison.Ordinal);
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("1 added, 1 changed, 0 destroyed", apply.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("spell", await Kubectl("get", "clusters.cluster.x-k8s.io", "extra", "-n", Ns, "-o", "jsonpath={.metadata.annotations}"), StringComparison.Ordinal);

        // 6. The password changes again but the account is not rotated: a changed cluster reference fails the plan at
        //    cloud_account_id, saying what to do.
        await fixture.Sim.RotatePrismPasswordAsync("Third-Passw0rd!spell");
        ws.WriteMainTf(MainTf(new Shape(PasswordVersion: 2, WaitFor: "control_plane", CreateTimeout: "9m", Extra: true, ExtraImage: "ubuntu-2204-kube-v1.33.3")));
        var rejected = await ws.PlanAsync();
        Assert.Equal(1, rejected.ExitCode);
        var errors = Flat(rejected.StandardError);
        Assert.Contains("Cannot check the Prism references", errors, StringComparison.Ordinal);
        Assert.Contains("the credentials stored in cloud account \"gw-spell/pc\" no longer work", errors, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", errors, StringComparison.Ordinal);
        Assert.Contains("set the new one in password_wo", errors, StringComparison.Ordinal);
        Assert.Contains("in resource \"nutanix_cluster\" \"extra\"", errors, StringComparison.Ordinal);
        Assert.Contains("cloud_account_id = nutanix_cloud_account.pc.id", errors, StringComparison.Ordinal);
        Assert.Contains("bump its password_wo_version", errors, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated, errors, StringComparison.Ordinal);
    }

    /// <summary>resourceVersion and generation of every object the provider applies for the cluster.</summary>
    private async Task<string> Versions()
    {
        var kinds = "clusters.cluster.x-k8s.io,nutanixclusters,kubeadmcontrolplanes,machinedeployments,nutanixmachinetemplates,kubeadmconfigtemplates,secrets";
        var text = await Kubectl("get", kinds, "-n", Ns, "-o", "jsonpath={range .items[*]}{.kind}/{.metadata.name} {.metadata.resourceVersion} {.metadata.generation}{\"\\n\"}{end}");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("/spell", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(lines, l => l.StartsWith("Cluster/spell ", StringComparison.Ordinal));
        return string.Join("\n", lines);
    }

    private static string Flat(string text) => Regex.Replace(text.Replace("│", " ", StringComparison.Ordinal), @"\s+", " ");

    private async Task<string> Kubectl(params string[] args)
    {
        var result = await fixture.KubectlAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }

    private static async Task AssertEmptyPlan(TerraformWorkspace ws)
    {
        var plan = await ws.PlanDetailedAsync();
        Assert.True(plan.ExitCode == 0, plan.ToString());
    }

    /// <summary>Every attribute of <see cref="Address"/> the plan changes (computed ones included), as "path: before -> after".</summary>
    private static async Task<List<string>> PlannedArgumentChanges(TerraformWorkspace ws)
    {
        var plan = await ws.PlanAsync("-out=diff.tfplan");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var json = await ws.ShowJsonAsync("diff.tfplan");
        var change = json.RootElement.GetProperty("resource_changes").EnumerateArray()
            .Single(r => r.GetProperty("address").GetString() == Address).GetProperty("change");
        Assert.Equal("update", change.GetProperty("actions")[0].GetString());
        Assert.Equal(1, change.GetProperty("actions").GetArrayLength());
        var unknown = change.GetProperty("after_unknown").GetRawText();
        Assert.DoesNotContain("true", unknown, StringComparison.Ordinal);
        var before = JsonNode.Parse(change.GetProperty("before").GetRawText())!.AsObject();
        var after = JsonNode.Parse(change.GetProperty("after").GetRawText())!.AsObject();
        var diffs = new List<string>();
        foreach (var key in before.Select(kv => kv.Key).Union(after.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
        {
            Collect(key, before[key], after[key], diffs);
        }

        return diffs;
    }

    private static void Collect(string path, JsonNode? before, JsonNode? after, List<string> diffs)
    {
        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (var key in b.Select(kv => kv.Key).Union(a.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
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
}
