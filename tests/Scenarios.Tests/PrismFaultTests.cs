using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>
/// Prism Central faults injected into nutanix-sim while the real terraform CLI works: error bursts and rate limits
/// (succeed through retries), sustained unavailability (fails cleanly), credentials rotated behind Terraform's back
/// (clear error, fixed by rotating the write-only password) and an untrusted certificate. Every case ends with
/// state matching the simulator and, after destroy, no object and no VM left.
/// </summary>
public sealed class PrismFaultTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task ErrorBurstsAndRateLimits_SucceedThroughRetries()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-burst") + ScenarioFixture.ClusterHcl("c", "burst", "10.10.100.30") + """

            data "nutanix_subnet" "k8s" {
              cloud_account_id      = nutanix_cloud_account.pc.id
              name                  = "vlan-100-k8s"
              prism_element_cluster = "pe-cluster-a"
            }
            """);
        await fixture.Sim.SetFaultsAsync("prism", """{"error_codes":[500,503,429,503],"error_count":4,"retry_after_seconds":1}""");
        try
        {
            var apply = await ws.ApplyAsync();
            Assert.True(apply.ExitCode == 0, apply.ToString());
            var faults = (await fixture.Sim.GetStateAsync()).ToJsonString();
            Assert.Contains("429", faults, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Sim.ClearFaultsAsync("prism");
        }

        await Scenario.AssertInSyncAsync(ws);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task SustainedUnavailability_FailsCleanly()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-down"));
        await fixture.Sim.SetFaultsAsync("prism", """{"error_codes":[503],"error_rate":1.0,"retry_after_seconds":1}""");
        ToolResult apply;
        try
        {
            apply = await ws.ApplyAsync();
        }
        finally
        {
            await fixture.Sim.ClearFaultsAsync("prism");
        }

        Assert.Equal(1, apply.ExitCode);
        var error = Scenario.Error(apply, "Prism Central request failed while validating cloud account gw-down/pc");
        Assert.Contains("503", error, StringComparison.Ordinal);
        Assert.Contains("with nutanix_cloud_account.pc", error, StringComparison.Ordinal);

        // The account was not stored: state and the management cluster agree.
        Assert.DoesNotContain("nutanix_cloud_account.pc", await Scenario.StateListAsync(ws), StringComparison.Ordinal);
        var secret = await fixture.KubectlAsync("get", "secret", "pc", "-n", "gw-down", "--ignore-not-found", "-o", "name");
        Assert.Equal("", secret.StandardOutput.Trim());

        // Once Prism Central is back the same configuration applies.
        var retry = await ws.ApplyAsync();
        Assert.True(retry.ExitCode == 0, retry.ToString());
        await Scenario.AssertInSyncAsync(ws);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task RotatedPassword_GivesAClearError_FixedByRotatingTheWriteOnlyPassword()
    {
        var sim = fixture.Sim;
        var original = sim.Connection.Password;
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-rotate"));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());

        const string rotated = "Rotated-Scenario-Pw-42";
        await sim.RotatePrismPasswordAsync(rotated);
        try
        {
            // The stored credentials now answer 401: refresh warns, and a cluster cannot be planned against them.
            ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-rotate") + ScenarioFixture.ClusterHcl("c", "rotate", "10.10.100.31"));
            var plan = await ws.PlanAsync();
            Assert.Equal(1, plan.ExitCode);
            var warning = string.Join("\n", Hcl.Diagnostics(plan.StandardOutput + "\n" + plan.StandardError).Where(d => d.StartsWith("Warning:", StringComparison.Ordinal)));
            Assert.Contains("Prism Central rejected the credentials", warning, StringComparison.Ordinal);
            Assert.Contains("password_wo_version", warning, StringComparison.Ordinal);
            var error = Scenario.Error(plan, "Cannot check the Prism references");
            Assert.Contains("HTTP 401", error, StringComparison.Ordinal);

            // Rotating the write-only password (new value, bumped version) fixes it in place; the account goes first
            // because the cluster's plan checks Prism Central with the stored credentials.
            ws.Environment["TF_VAR_pc_password"] = rotated;
            ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-rotate", passwordVersion: 2) + ScenarioFixture.ClusterHcl("c", "rotate", "10.10.100.31"));
            var fix = await ws.ApplyAsync("-target=nutanix_cloud_account.pc");
            Assert.True(fix.ExitCode == 0, fix.ToString());
            Assert.Contains("0 added, 1 changed, 0 destroyed", fix.StandardOutput, StringComparison.Ordinal);
            var cluster = await ws.ApplyAsync();
            Assert.True(cluster.ExitCode == 0, cluster.ToString());
            Assert.Contains("1 added, 0 changed, 0 destroyed", cluster.StandardOutput, StringComparison.Ordinal);
            await Scenario.AssertInSyncAsync(ws);
            await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
        }
        finally
        {
            await sim.RotatePrismPasswordAsync(original);
        }
    }

    [Fact]
    public async Task RotatingTheAccountPassword_RewritesTheCredentialsSecretOfItsClusters_WithoutDrift()
    {
        var sim = fixture.Sim;
        var original = sim.Connection.Password;
        const string gateway = "gw-rotclu", name = "rotclu";
        using var ws = Workspace();
        ws.Environment["TF_LOG_PROVIDER"] = "INFO";
        ws.Environment["TF_LOG_PATH"] = Path.Combine(ws.Directory, "provider.log");
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl(gateway) + ScenarioFixture.ClusterHcl("c", name, "10.10.100.33"));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal(original, await ClusterPasswordAsync(gateway, name));

        const string rotated = "Rotated-Cluster-Pw-77";
        await sim.RotatePrismPasswordAsync(rotated);
        try
        {
            // One apply rotates the account (new value, bumped version); the cluster itself has nothing to change.
            ws.Environment["TF_VAR_pc_password"] = rotated;
            ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl(gateway, passwordVersion: 2) + ScenarioFixture.ClusterHcl("c", name, "10.10.100.33"));
            var rotate = await ws.ApplyAsync();
            Assert.True(rotate.ExitCode == 0, rotate.ToString());
            Assert.Contains("0 added, 1 changed, 0 destroyed", rotate.StandardOutput, StringComparison.Ordinal);

            // CAPX reads the cluster's own copy of the credentials: it carries the new password at once.
            Assert.Equal(rotated, await ClusterPasswordAsync(gateway, name));
            var log = await File.ReadAllTextAsync(Path.Combine(ws.Directory, "provider.log"));
            Assert.Contains($"Cloud account {gateway}/pc: refreshed the Prism Central credentials of 1 cluster(s) using it", log, StringComparison.Ordinal);
            Assert.Empty(new SecretScan { }.With("provider log", log).Hits(new Dictionary<string, string> { ["rotated password"] = rotated }));

            // Rewriting the Secret is no drift: the cluster plans no change.
            await Scenario.AssertInSyncAsync(ws);
            await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
        }
        finally
        {
            await sim.RotatePrismPasswordAsync(original);
        }
    }

    /// <summary>The Prism Central password in the cluster's CAPX credentials Secret (<c>&lt;cluster&gt;-credentials</c>).</summary>
    private async Task<string?> ClusterPasswordAsync(string ns, string cluster)
    {
        var get = await fixture.KubectlAsync("get", "secret", cluster + "-credentials", "-n", ns, "-o", "jsonpath={.data.credentials}");
        Assert.True(get.ExitCode == 0, get.ToString());
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(get.StandardOutput.Trim()));
        return (string?)System.Text.Json.Nodes.JsonNode.Parse(json)?[0]?["data"]?["prismCentral"]?["password"];
    }

    [Fact]
    public async Task UntrustedCertificate_NamesTheTrustSettings()
    {
        using var ws = Workspace();
        var hcl = fixture.AccountHcl("gw-tls").Replace("additional_trust_bundle", "# additional_trust_bundle", StringComparison.Ordinal);
        ws.WriteMainTf(fixture.ProviderBlock() + hcl);
        var apply = await ws.ApplyAsync();
        Assert.Equal(1, apply.ExitCode);
        var error = Scenario.Error(apply, "Prism Central's TLS certificate is not trusted");
        Assert.Contains("additional_trust_bundle", error, StringComparison.Ordinal);
        Assert.Contains("insecure", error, StringComparison.Ordinal);
        Assert.DoesNotContain("nutanix_cloud_account.pc", await Scenario.StateListAsync(ws), StringComparison.Ordinal);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    private TerraformWorkspace Workspace()
    {
        var ws = fixture.CreateWorkspace();
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        return ws;
    }
}
