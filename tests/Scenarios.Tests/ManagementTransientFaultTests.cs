using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>
/// The management cluster's API server answering 429 (API Priority and Fairness under load) and 503 (a control-plane
/// upgrade) to a fifth of all requests, injected by nutanix-sim's fault API while the real terraform CLI works: a
/// create, an update, a refresh, an import and a delete all succeed, leave no drift and no taint. A sustained failure
/// fails with a diagnostic that says what was retried, for how long, and what to run next.
/// </summary>
public sealed class ManagementTransientFaultTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    private const string TwentyPercent = """{"error_rate":0.2,"error_codes":[429,503],"retry_after_seconds":1}""";

    [Fact]
    public async Task CreateUpdateRefreshImportDelete_UnderTwentyPercent429And503_SucceedWithoutDriftOrTaint()
    {
        const string gateway = "gw-flaky", name = "flaky";
        using var ws = Workspace();
        string Config(int workers, string import = "") =>
            fixture.ProviderBlock(requestTimeout: "30s") + fixture.AccountHcl(gateway) + ScenarioFixture.ClusterHcl("c", name, "10.10.100.42", workers) + import;

        await fixture.Sim.SetFaultsAsync("kube", TwentyPercent);
        try
        {
            ws.WriteMainTf(Config(1));
            var create = await ws.ApplyAsync();
            Assert.True(create.ExitCode == 0, create.ToString());
            Assert.Contains("3 added, 0 changed, 0 destroyed", create.StandardOutput, StringComparison.Ordinal);

            ws.WriteMainTf(Config(2));
            var update = await ws.ApplyAsync();
            Assert.True(update.ExitCode == 0, update.ToString());
            Assert.Contains("0 added, 1 changed, 0 destroyed", update.StandardOutput, StringComparison.Ordinal);

            // Refresh: a refreshing plan finds nothing to change (a tainted resource would plan a replacement).
            await Scenario.AssertInSyncAsync(ws);

            // Import: forget the cluster and take it back by id.
            var forget = await Scenario.StateAsync(ws, "rm", "nutanix_cluster.c");
            Assert.True(forget.ExitCode == 0, forget.ToString());
            ws.WriteMainTf(Config(2, $$"""

                import {
                  to = nutanix_cluster.c
                  id = "{{gateway}}/{{name}}"
                }
                """));
            var import = await ws.ApplyAsync();
            Assert.True(import.ExitCode == 0, import.ToString());
            Assert.Contains("1 imported, 0 added, 0 changed, 0 destroyed", import.StandardOutput, StringComparison.Ordinal);
            ws.WriteMainTf(Config(2));
            await Scenario.AssertInSyncAsync(ws);
            var show = await Scenario.StateAsync(ws, "show", "nutanix_cluster.c");
            Assert.DoesNotContain("tainted", show.StandardOutput, StringComparison.Ordinal);

            var destroy = await ws.DestroyAsync();
            Assert.True(destroy.ExitCode == 0, destroy.ToString());

            // The faults really were there: hundreds of requests, a fifth of them refused.
            var kube = (await fixture.Sim.GetStateAsync())["faults"]?["kube"];
            Assert.True((int?)kube?["errors_injected"] > 10, kube?.ToJsonString());
        }
        finally
        {
            await fixture.Sim.ClearFaultsAsync("kube");
        }

        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task SustainedUnavailability_FailsSayingWhatWasRetriedForHowLongAndWhatToRunNext()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock(requestTimeout: "4s") + fixture.AccountHcl("gw-outage"));
        await fixture.Sim.SetFaultsAsync("kube", """{"error_rate":1.0,"error_codes":[503],"retry_after_seconds":1}""");
        ToolResult apply;
        try
        {
            apply = await ws.ApplyAsync();
        }
        finally
        {
            await fixture.Sim.ClearFaultsAsync("kube");
        }

        Assert.Equal(1, apply.ExitCode);
        // Whether the budget ran out on a 503 or during the wait before the next attempt, the diagnostic counts the 503s.
        var error = Scenario.Error(apply, "gw-outage/gw-outage");
        Assert.Contains("with nutanix_pcg.gw", error, StringComparison.Ordinal);
        Assert.Matches(@"\d+ attempts over \d+(\.\d)? s \(HTTP 503 Service Unavailable ×\d+", error);
        Assert.Contains("run the same terraform command again", error, StringComparison.Ordinal);
        Assert.Contains("request_timeout", error, StringComparison.Ordinal);

        // Once the API server answers again, the same configuration applies.
        var retry = await ws.ApplyAsync();
        Assert.True(retry.ExitCode == 0, retry.ToString());
        await Scenario.AssertInSyncAsync(ws);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    private TerraformWorkspace Workspace()
    {
        var ws = fixture.CreateWorkspace();
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        return ws;
    }
}
