using System.Text.Json;
using TestSupport.Tools;
using Xunit.Abstractions;

namespace Scenarios.Tests;

/// <summary>
/// A nutanix_cluster update cut short (issue 13, part 4): a change of the control plane's and the worker pool's
/// machine gives both a new NutanixMachineTemplate, and the KubeadmControlPlane and MachineDeployment are changed to
/// refer to them. Whether the apply fails at any one of its writes (a 422 injected at write k) or is interrupted by
/// Ctrl-C, every template, bootstrap config and infrastructure reference of the KubeadmControlPlane and the
/// MachineDeployments names an object that exists; a clean apply then converges with an empty plan.
/// </summary>
public sealed class InterruptedUpdateTests(ScenarioFixture fixture, ITestOutputHelper output) : IClassFixture<ScenarioFixture>
{
    private static readonly TimeSpan ApplyLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A422AtEachWriteOfAnUpdate_NeverLeavesAReferenceToAMissingTemplate_ThenApplyConverges()
    {
        const string gateway = "gw-upd422", name = "upd422";
        using var ws = Workspace();
        var hcl = fixture.ProviderBlock() + fixture.AccountHcl(gateway);
        ws.WriteMainTf(hcl + Cluster(name, "10.10.100.80", bigger: false));
        var create = await ws.ApplyAsync();
        Assert.True(create.ExitCode == 0, create.ToString());
        var before = await ReferencesAsync(gateway, name);

        ws.WriteMainTf(hcl + Cluster(name, "10.10.100.80", bigger: true));
        var failures = 0;
        for (var skip = 0; ; skip++)
        {
            Assert.True(skip < 20, "an update with one write failing per apply never succeeded within 20 steps");
            await fixture.Sim.SetFaultsAsync("kube", $$"""{"methods":["POST","PATCH"],"error_codes":[422],"error_count":1,"skip":{{skip}}}""");
            ToolResult apply;
            try
            {
                apply = await ws.ApplyAsync();
            }
            finally
            {
                await fixture.Sim.ClearFaultsAsync("kube");
            }

            var references = await AssertReferencesExistAsync(gateway, name, $"after a 422 at write {skip}");
            if (apply.ExitCode == 0)
            {
                output.WriteLine($"write {skip}: the injected fault was past the update's last write; apply succeeded");
                break;
            }

            failures++;
            output.WriteLine($"write {skip}: apply failed; references: {string.Join(", ", references)}");
        }

        // The update writes at least the two new machine templates, the KubeadmControlPlane and the MachineDeployment.
        Assert.True(failures >= 4, $"only {failures} writes failed before the update succeeded");
        await Scenario.AssertInSyncAsync(ws);
        var after = await ReferencesAsync(gateway, name);
        Assert.Empty(after.Intersect(before.Where(r => r.Contains("nutanixmachinetemplate", StringComparison.Ordinal))));
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task CtrlC_DuringAnUpdateApply_NeverLeavesAReferenceToAMissingTemplate_ThenApplyConverges()
    {
        const string gateway = "gw-updint", name = "updint";
        using var ws = Workspace();
        var hcl = fixture.ProviderBlock() + fixture.AccountHcl(gateway);
        ws.WriteMainTf(hcl + Cluster(name, "10.10.100.81", bigger: false));
        var create = await ws.ApplyAsync();
        Assert.True(create.ExitCode == 0, create.ToString());
        var templatesBefore = await TemplateNamesAsync(gateway);

        ws.WriteMainTf(hcl + Cluster(name, "10.10.100.81", bigger: true));
        // Slow requests stretch the update's writes over seconds; Ctrl-C lands once the first new machine template
        // exists, with writes still to come.
        await fixture.Sim.SetFaultsAsync("kube", """{"latency_ms":400}""");
        ToolResult apply;
        try
        {
            using var running = ws.Start("apply", "-auto-approve");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while ((await TemplateNamesAsync(gateway)).Except(templatesBefore).FirstOrDefault() is null)
            {
                Assert.False(running.HasExited, $"terraform ended before a new machine template existed:\n{running.StandardOutputSoFar}");
                Assert.True(DateTime.UtcNow < deadline, $"no new machine template within 90 s; terraform so far:\n{running.StandardOutputSoFar}");
                await Task.Delay(100);
            }

            running.Interrupt();
            apply = await running.WaitAsync(ApplyLimit);
        }
        finally
        {
            await fixture.Sim.ClearFaultsAsync("kube");
        }

        output.WriteLine(apply.ToString());
        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("Interrupt received", apply.StandardOutput, StringComparison.Ordinal);
        await AssertReferencesExistAsync(gateway, name, "after Ctrl-C");

        var resume = await ws.ApplyAsync();
        Assert.True(resume.ExitCode == 0, resume.ToString());
        await AssertReferencesExistAsync(gateway, name, "after the clean apply");
        await Scenario.AssertInSyncAsync(ws);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    private TerraformWorkspace Workspace()
    {
        var ws = fixture.CreateWorkspace();
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        return ws;
    }

    /// <summary>A one-node control plane and one worker; <paramref name="bigger"/> gives both machines more memory.</summary>
    private static string Cluster(string name, string ip, bool bigger)
    {
        var machine = bigger ? "machine = { memory = \"8Gi\" }" : "machine = { memory = \"4Gi\" }";
        return ScenarioFixture.ClusterHcl("c", name, ip, extra: "").Replace(
            $"control_plane         = {{ endpoint_ip = \"{ip}\" }}", $"control_plane         = {{ endpoint_ip = \"{ip}\", {machine} }}", StringComparison.Ordinal)
            .Replace("worker_pools          = { general = { replicas = 1 } }", $"worker_pools          = {{ general = {{ replicas = 1, {machine} }} }}", StringComparison.Ordinal);
    }

    /// <summary>The NutanixMachineTemplates in <paramref name="gateway"/>.</summary>
    private async Task<List<string>> TemplateNamesAsync(string gateway)
    {
        var get = await fixture.KubectlAsync("get", "nutanixmachinetemplates", "-n", gateway, "-o", "name");
        Assert.True(get.ExitCode == 0, get.ToString());
        return get.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    /// <summary>Every object reference (<c>kind/name</c>, kind in lower case) in the KubeadmControlPlane and MachineDeployments of the cluster.</summary>
    private async Task<List<string>> ReferencesAsync(string gateway, string name)
    {
        var get = await fixture.KubectlAsync("get", "kubeadmcontrolplanes,machinedeployments", "-n", gateway, "-l", $"cluster.x-k8s.io/cluster-name={name}", "-o", "json");
        Assert.True(get.ExitCode == 0, get.ToString());
        using var json = JsonDocument.Parse(get.StandardOutput);
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "KubeadmControlPlane");
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "MachineDeployment");
        var references = new List<string>();
        foreach (var item in items)
        {
            Collect(item.GetProperty("spec"), references);
        }

        Assert.True(references.Count >= 3, $"expected the control plane's machine template and the pool's bootstrap and machine templates, found {string.Join(", ", references)}");
        return references;

        static void Collect(JsonElement element, List<string> into)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in element.EnumerateArray()) Collect(e, into);
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "infrastructureRef" or "configRef" or "templateRef"
                        && property.Value.ValueKind == JsonValueKind.Object
                        && property.Value.TryGetProperty("kind", out var kind) && property.Value.TryGetProperty("name", out var refName))
                    {
                        into.Add($"{kind.GetString()!.ToLowerInvariant()}/{refName.GetString()}");
                    }
                    else
                    {
                        Collect(property.Value, into);
                    }
                }
            }
        }
    }

    /// <summary>Every reference of the KubeadmControlPlane and MachineDeployments names an existing object.</summary>
    private async Task<List<string>> AssertReferencesExistAsync(string gateway, string name, string when)
    {
        var references = await ReferencesAsync(gateway, name);
        var get = await fixture.KubectlAsync("get", "nutanixmachinetemplates,kubeadmconfigtemplates", "-n", gateway, "-o", "name");
        Assert.True(get.ExitCode == 0, get.ToString());
        // kubectl names objects "<plural>.<group>/<name>"; the references carry "<kind>/<name>".
        var existing = get.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n[..n.IndexOf('.', StringComparison.Ordinal)] + n[n.IndexOf('/', StringComparison.Ordinal)..])
            .ToHashSet(StringComparer.Ordinal);
        var missing = references.Where(r => !existing.Contains(r)).ToList();
        Assert.True(missing.Count == 0, $"{when}: references to objects that do not exist: {string.Join(", ", missing)} (existing: {string.Join(", ", existing)})");
        return references;
    }
}
