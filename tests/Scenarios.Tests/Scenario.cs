using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>Assertions shared by the scenario tests.</summary>
internal static class Scenario
{
    /// <summary>The one error diagnostic of <paramref name="result"/> whose text contains <paramref name="summary"/>.</summary>
    public static string Error(ToolResult result, string summary)
    {
        var errors = Hcl.Diagnostics(result.StandardError + "\n" + result.StandardOutput).Where(d => d.StartsWith("Error:", StringComparison.Ordinal)).ToList();
        var match = errors.FirstOrDefault(e => e.Contains(summary, StringComparison.Ordinal));
        Assert.True(match is not null, $"no error containing \"{summary}\":\n{result}");
        return match!;
    }

    public static async Task<string> StateListAsync(TerraformWorkspace ws)
    {
        var list = await StateAsync(ws, "list");
        return list.ExitCode == 0 ? list.StandardOutput : "";
    }

    /// <summary><c>terraform state &lt;args&gt;</c> (the subcommand must come before any flag).</summary>
    public static Task<ToolResult> StateAsync(TerraformWorkspace ws, params string[] arguments) =>
        ExternalTool.Terraform.RunAsync(["state", .. arguments], ws.Directory, ws.Environment.ToDictionary(kv => kv.Key, kv => kv.Value), TimeSpan.FromMinutes(1));

    /// <summary>A refreshing plan finds nothing to do: state matches the simulator.</summary>
    public static async Task AssertInSyncAsync(TerraformWorkspace ws)
    {
        var plan = await ws.PlanDetailedAsync();
        Assert.True(plan.ExitCode == 0, $"state does not match the simulator:\n{plan}");
    }

    /// <summary><c>terraform destroy</c> succeeds and leaves no workload-cluster object, no VM and no gateway namespace.</summary>
    public static async Task DestroyAndAssertNothingLeftAsync(ScenarioFixture fixture, TerraformWorkspace ws, IEnumerable<string>? gatewayNamespaces = null)
    {
        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Equal("", (await StateListAsync(ws)).Trim());
        Assert.Empty(await fixture.ClusterObjectsAsync());
        Assert.Empty(await fixture.VmNamesAsync());
        var namespaces = await fixture.NamespacesAsync();
        Assert.DoesNotContain(namespaces, n => n.StartsWith("namespace/gw-", StringComparison.Ordinal));
    }
}
