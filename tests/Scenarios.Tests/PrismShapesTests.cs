using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>
/// Real Prism Central shapes through the real terraform CLI: an overlay (VPC) subnet, which has no cluster, and names
/// in another case than Prism Central's, planned and applied as CAPX resolves them; two images differing only by
/// case refused at plan time as CAPX would refuse them; and a cloud account whose address changes needs its secret again.
/// </summary>
public sealed class PrismShapesTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task AnOverlaySubnet_AndNamesInAnotherCase_PlanAndApplyAsCapxResolvesThem()
    {
        using var ws = Workspace();
        var cluster = ScenarioFixture.ClusterHcl("c", "overlay", "10.10.100.43")
            .Replace("\"pe-cluster-a\"", "\"PE-Cluster-A\"", StringComparison.Ordinal)
            .Replace("[\"vlan-100-k8s\"]", "[\"Overlay-K8s\"]", StringComparison.Ordinal)
            .Replace("\"ubuntu-2204-kube-v1.33.2\"", "\"Ubuntu-2204-Kube-v1.33.2\"", StringComparison.Ordinal);
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-overlay") + cluster);

        var apply = await ws.ApplyAsync();

        Assert.True(apply.ExitCode == 0, apply.ToString());
        var state = (await fixture.Sim.GetStateAsync())["prism"]?["vms"]?.ToJsonString() ?? "";
        Assert.Contains("192.168.100.", state, StringComparison.Ordinal);
        await Scenario.AssertInSyncAsync(ws);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task TwoImagesDifferingOnlyByCase_AreAmbiguousAtPlan()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-twins"));
        var setup = await ws.ApplyAsync();
        Assert.True(setup.ExitCode == 0, setup.ToString());
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-twins") + ScenarioFixture.ClusterHcl("c", "twins", "10.10.100.44")
            .Replace("\"ubuntu-2204-kube-v1.33.2\"", "\"flatcar-4230-kube-v1.33.2\"", StringComparison.Ordinal));

        var plan = await ws.PlanAsync();

        Assert.Equal(1, plan.ExitCode);
        var error = Scenario.Error(plan, "Ambiguous image");
        Assert.Contains("ignoring case, as CAPX compares names (\"Flatcar-4230-Kube-v1.33.2\", \"flatcar-4230-kube-v1.33.2\")", error, StringComparison.Ordinal);
        Assert.Contains("on main.tf", error, StringComparison.Ordinal);
        await Scenario.DestroyAndAssertNothingLeftAsync(fixture, ws);
    }

    [Fact]
    public async Task ChangingTheAddressOfAnAccount_NeedsTheWriteOnlySecretAgain()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-move"));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());

        // A new trust setting without the password: refused at plan, naming what changed and what to do.
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-move", extra: "insecure = true"));
        var plan = await ws.PlanAsync();
        Assert.Equal(1, plan.ExitCode);
        var error = Scenario.Error(plan, "Re-enter the Prism Central secret for the new address");
        Assert.Contains("changes insecure", error, StringComparison.Ordinal);
        Assert.Contains("supply password_wo again", error, StringComparison.Ordinal);
        Assert.Contains("change password_wo_version (e.g. to 2)", error, StringComparison.Ordinal);

        // With the secret re-entered (version bumped) it applies.
        ws.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl("gw-move", passwordVersion: 2, extra: "insecure = true"));
        var moved = await ws.ApplyAsync();
        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.Contains("0 added, 1 changed, 0 destroyed", moved.StandardOutput, StringComparison.Ordinal);
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
