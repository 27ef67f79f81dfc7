using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>
/// One owner per cluster, names that cannot collide, nothing orphaned (issue 13, parts 1, 2 and 4), with the real
/// terraform CLI against nutanix-sim. A base workspace holds gateway <c>gw-own</c> and account <c>gw-own/pc</c>; the
/// cases refer to them by id so that their own applies send only the cluster's requests.
/// </summary>
public sealed class OwnershipTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>, IAsyncLifetime
{
    private const string Gateway = "gw-own";
    private const string Account = "gw-own/pc";
    private TerraformWorkspace? _base;

    public async Task InitializeAsync()
    {
        _base = Workspace();
        _base.WriteMainTf(fixture.ProviderBlock() + fixture.AccountHcl(Gateway));
        var apply = await _base.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_base is null) return;
        await _base.DestroyAsync();
        _base.Dispose();
    }

    private TerraformWorkspace Workspace()
    {
        var ws = fixture.CreateWorkspace();
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        return ws;
    }

    private string Cluster(string resource, string name, string ip, string extra = "") =>
        ScenarioFixture.ClusterHcl(resource, name, ip, accountRef: $"\"{Account}\"", extra: extra);

    private async Task<List<string>> LabelledObjectsAsync(string cluster)
    {
        var result = await fixture.KubectlAsync("get", "clusters.cluster.x-k8s.io,kubeadmcontrolplanes,machinedeployments,nutanixclusters,nutanixmachinetemplates,kubeadmconfigtemplates,machinehealthchecks,clusterresourcesets,configmaps,secrets",
            "-n", Gateway, "-l", $"cluster.x-k8s.io/cluster-name={cluster},app.kubernetes.io/managed-by=terraform-provider-nutanix", "-o", "name");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private async Task DestroyAndAssertGoneAsync(TerraformWorkspace ws, string cluster)
    {
        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Equal("", (await Scenario.StateListAsync(ws)).Trim());
        Assert.Empty(await LabelledObjectsAsync(cluster));
    }

    [Fact]
    public async Task RacingCreatesOfOneName_ExactlyOneWins_TheOtherIsToldWhoOwnsItAndHowToImport()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + Cluster("a", "twin", "10.10.100.60") + Cluster("b", "twin", "10.10.100.60"));
        var apply = await ws.ApplyAsync("-parallelism=10");
        Assert.Equal(1, apply.ExitCode);
        var error = Scenario.Error(apply, "Cluster already exists");
        Assert.Contains("A Cluster \"gw-own/twin\" already exists", error, StringComparison.Ordinal);
        Assert.Contains("created by terraform-provider-nutanix", error, StringComparison.Ordinal);
        Assert.Contains("import it (an import block with id = \"gw-own/twin\"", error, StringComparison.Ordinal);
        Assert.Contains("with nutanix_cluster.", error, StringComparison.Ordinal);
        var state = (await Scenario.StateListAsync(ws)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(state);

        // A second workspace (another team's state) plans the same cluster: create fails the same way, never adopting.
        using var other = Workspace();
        other.WriteMainTf(fixture.ProviderBlock() + Cluster("c", "twin", "10.10.100.60"));
        var second = await other.ApplyAsync();
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("Creating never adopts an existing cluster", Scenario.Error(second, "Cluster already exists"), StringComparison.Ordinal);
        Assert.Equal("", (await Scenario.StateListAsync(other)).Trim());

        // Import is explicit, and says what it adopts.
        var import = await ExternalTool.Terraform.RunAsync(["import", "-no-color", "nutanix_cluster.c", "gw-own/twin"], other.Directory,
            other.Environment.ToDictionary(kv => kv.Key, kv => kv.Value), TimeSpan.FromMinutes(2));
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("Importing adopts an existing cluster", import.ToString(), StringComparison.Ordinal);
        Assert.Contains("This resource now owns Cluster gw-own/twin (uid", Hcl.Diagnostics(import.StandardOutput + "\n" + import.StandardError).First(d => d.Contains("adopts", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.True((await Scenario.StateAsync(other, "rm", "nutanix_cluster.c")).ExitCode == 0);

        await DestroyAndAssertGoneAsync(ws, "twin");
    }

    private static string Pcg(string resource, string name) => $$"""

        resource "nutanix_pcg" "{{resource}}" {
          name     = "{{name}}"
          timeouts = { create = "2m" }
        }

        """;

    private static Task<ToolResult> ImportAsync(TerraformWorkspace ws, string address, string id) =>
        ExternalTool.Terraform.RunAsync(["import", "-no-color", address, id], ws.Directory, ws.Environment.ToDictionary(kv => kv.Key, kv => kv.Value), TimeSpan.FromMinutes(2));

    [Fact]
    public async Task TwoWorkspacesCreatingOneGateway_ExactlyOneWins_TheOtherIsToldWhoOwnsItAndHowToImport()
    {
        using var a = Workspace();
        using var b = Workspace();
        a.WriteMainTf(fixture.ProviderBlock() + Pcg("race", "gw-race"));
        b.WriteMainTf(fixture.ProviderBlock() + Pcg("race", "gw-race"));
        var results = await Task.WhenAll(a.ApplyAsync(), b.ApplyAsync());
        Assert.Equal(1, results.Count(r => r.ExitCode == 0));
        var (winner, loser, lost) = results[0].ExitCode == 0 ? (a, b, results[1]) : (b, a, results[0]);
        try
        {
            Assert.Equal(1, lost.ExitCode);
            var error = Scenario.Error(lost, "Gateway already exists");
            Assert.Contains("Gateway gw-race/gw-race is recorded as the ConfigMap gw-race/nutanix-pcg", error, StringComparison.Ordinal);
            Assert.Contains("the record of gateway gw-race/gw-race (a nutanix_pcg created by terraform-provider-nutanix", error, StringComparison.Ordinal);
            Assert.Contains("Creating never adopts an existing gateway", error, StringComparison.Ordinal);
            Assert.Contains("import it (an import block with id = \"gw-race/gw-race\"", error, StringComparison.Ordinal);
            Assert.Contains("with nutanix_pcg.race", error, StringComparison.Ordinal);
            Assert.Equal("", (await Scenario.StateListAsync(loser)).Trim());
            Assert.Equal("nutanix_pcg.race", (await Scenario.StateListAsync(winner)).Trim());

            // Import is explicit, and says what it adopts.
            var import = await ImportAsync(loser, "nutanix_pcg.race", "gw-race/gw-race");
            Assert.True(import.ExitCode == 0, import.ToString());
            var adopted = System.Text.RegularExpressions.Regex.Replace(import.ToString().Replace("│", " ", StringComparison.Ordinal), @"\s+", " ");
            Assert.Contains("Importing adopts an existing gateway", adopted, StringComparison.Ordinal);
            Assert.Contains("This resource now owns gateway gw-race/gw-race: its record ConfigMap gw-race/nutanix-pcg (uid", adopted, StringComparison.Ordinal);
            Assert.True((await Scenario.StateAsync(loser, "rm", "nutanix_pcg.race")).ExitCode == 0);
        }
        finally
        {
            var destroy = await winner.DestroyAsync();
            Assert.True(destroy.ExitCode == 0, destroy.ToString());
        }

        var gone = await fixture.KubectlAsync("get", "configmap", "nutanix-pcg", "-n", "gw-race", "--ignore-not-found", "-o", "name");
        Assert.True(gone.ExitCode == 0 && gone.StandardOutput.Trim().Length == 0, gone.ToString());
    }

    [Fact]
    public async Task AGatewayRecordThisProviderDidNotCreate_IsNeitherAdoptedByCreateNorImported()
    {
        Assert.True((await fixture.KubectlAsync("create", "namespace", "gw-hand")).ExitCode == 0);
        try
        {
            var cm = await fixture.KubectlAsync("create", "configmap", "nutanix-pcg", "-n", "gw-hand", "--from-literal=name=gw-hand");
            Assert.True(cm.ExitCode == 0, cm.ToString());
            using var ws = Workspace();
            ws.WriteMainTf(fixture.ProviderBlock() + Pcg("hand", "gw-hand"));
            var apply = await ws.ApplyAsync();
            Assert.Equal(1, apply.ExitCode);
            Assert.Contains("an object not created by terraform-provider-nutanix", Scenario.Error(apply, "Gateway already exists"), StringComparison.Ordinal);
            Assert.Equal("", (await Scenario.StateListAsync(ws)).Trim());
            var data = await fixture.KubectlAsync("get", "configmap", "nutanix-pcg", "-n", "gw-hand", "-o", "jsonpath={.metadata.labels}");
            Assert.True(data.ExitCode == 0 && !data.StandardOutput.Contains("terraform-provider-nutanix", StringComparison.Ordinal), "the hand-made record must be left as it was: " + data);

            var import = await ImportAsync(ws, "nutanix_pcg.hand", "gw-hand/gw-hand");
            Assert.Equal(1, import.ExitCode);
            Assert.Contains("no app.kubernetes.io/managed-by label", Scenario.Error(import, "Refusing to import a gateway this provider did not create"), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.KubectlAsync("delete", "namespace", "gw-hand", "--wait=false");
        }
    }

    [Fact]
    public async Task ImportRefusesAClusterThisProviderDidNotCreate()
    {
        var handmade = Path.Combine(Path.GetTempPath(), $"handmade-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(handmade, "apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: handmade\n  namespace: gw-own\nspec:\n  paused: true\n");
        try
        {
            var create = await fixture.KubectlAsync("create", "-f", handmade);
            Assert.True(create.ExitCode == 0, create.ToString());
            using var ws = Workspace();
            ws.WriteMainTf(fixture.ProviderBlock() + Cluster("h", "handmade", "10.10.100.61"));
            var import = await ExternalTool.Terraform.RunAsync(["import", "-no-color", "nutanix_cluster.h", "gw-own/handmade"], ws.Directory,
                ws.Environment.ToDictionary(kv => kv.Key, kv => kv.Value), TimeSpan.FromMinutes(2));
            Assert.Equal(1, import.ExitCode);
            var error = Scenario.Error(import, "Refusing to import a cluster this provider did not create");
            Assert.Contains("no app.kubernetes.io/managed-by label", error, StringComparison.Ordinal);

            // And create does not adopt it either: the plan already says so.
            var plan = await ws.PlanAsync();
            Assert.Equal(1, plan.ExitCode);
            Assert.Contains("an object not created by terraform-provider-nutanix", Scenario.Error(plan, "Cluster already exists"), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.KubectlAsync("delete", "-f", handmade, "--wait=false");
            File.Delete(handmade);
        }
    }

    [Fact]
    public async Task DerivedNamesHeldByAnotherOwnerAreRefused_NamingBoth()
    {
        using var ws = Workspace();
        // Account "coll-credentials" holds the Secret cluster "coll" would copy its credentials to.
        var account = $$"""
            resource "nutanix_cloud_account" "coll" {
              name                    = "coll-credentials"
              pcg_id                  = "gw-own/gw-own"
              endpoint                = {{Hcl.Quote(fixture.Sim.Connection.PrismEndpoint)}}
              port                    = {{fixture.Sim.Connection.PrismPort}}
              additional_trust_bundle = file({{Hcl.Quote(fixture.Sim.Connection.CaCertFile)}})
              username                = {{Hcl.Quote(fixture.Sim.Connection.Username)}}
              password_wo             = var.pc_password
              password_wo_version     = 1
            }
            variable "pc_password" {
              type      = string
              sensitive = true
              ephemeral = true
            }
            """;
        ws.WriteMainTf(fixture.ProviderBlock() + account);
        var setup = await ws.ApplyAsync();
        Assert.True(setup.ExitCode == 0, setup.ToString());

        ws.WriteMainTf(fixture.ProviderBlock() + account + Cluster("coll", "coll", "10.10.100.62"));
        var plan = await ws.PlanAsync();
        Assert.Equal(1, plan.ExitCode);
        var error = Scenario.Error(plan, "Name already taken on the management cluster");
        Assert.Contains("Cluster gw-own/coll needs the Secret \"gw-own/coll-credentials\"", error, StringComparison.Ordinal);
        Assert.Contains("the Secret of cloud account gw-own/coll-credentials", error, StringComparison.Ordinal);

        // Cluster "pp" with pool "a-b" and cluster "pp-a" with pool "b" both want MachineDeployment "pp-a-b".
        ws.WriteMainTf(fixture.ProviderBlock() + account + Cluster("pp", "pp", "10.10.100.63", "").Replace("general =", "a-b =", StringComparison.Ordinal));
        var pp = await ws.ApplyAsync();
        Assert.True(pp.ExitCode == 0, pp.ToString());
        ws.WriteMainTf(fixture.ProviderBlock() + account + Cluster("pp", "pp", "10.10.100.63").Replace("general =", "a-b =", StringComparison.Ordinal)
            + Cluster("ppa", "pp-a", "10.10.100.64").Replace("general =", "b =", StringComparison.Ordinal));
        var collide = await ws.PlanAsync();
        Assert.Equal(1, collide.ExitCode);
        var md = Scenario.Error(collide, "needs the MachineDeployment \"gw-own/pp-a-b\"");
        Assert.Contains("an object of cluster gw-own/pp", md, StringComparison.Ordinal);

        // An account created after the cluster may not take the cluster's credentials Secret either.
        ws.WriteMainTf(fixture.ProviderBlock() + account + Cluster("pp", "pp", "10.10.100.63").Replace("general =", "a-b =", StringComparison.Ordinal)
            + account.Replace("\"coll\"", "\"pp\"", StringComparison.Ordinal).Replace("coll-credentials", "pp-credentials", StringComparison.Ordinal).Replace("variable \"pc_password\" {\n  type      = string\n  sensitive = true\n  ephemeral = true\n}", "", StringComparison.Ordinal));
        var taken = await ws.ApplyAsync();
        Assert.Equal(1, taken.ExitCode);
        var accountError = Scenario.Error(taken, "Name already taken on the management cluster");
        Assert.Contains("Cloud account gw-own/pp-credentials is stored as the Secret gw-own/pp-credentials", accountError, StringComparison.Ordinal);
        Assert.Contains("an object of cluster gw-own/pp", accountError, StringComparison.Ordinal);

        await DestroyAndAssertGoneAsync(ws, "pp");
    }

    [Fact]
    public async Task ASameNamedClusterMadeBySomeoneElseIsNotDeleted_ThenLeftoversKeepTheResourceUntilDestroy()
    {
        using var ws = Workspace();
        ws.WriteMainTf(fixture.ProviderBlock() + Cluster("u", "uidc", "10.10.100.65", "wait_for = \"none\""));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());

        // Someone deletes the Cluster and another state creates one of the same name, with our labels.
        var delete = await fixture.KubectlAsync("delete", "clusters.cluster.x-k8s.io", "uidc", "-n", Gateway, "--timeout=120s");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        var impostor = Path.Combine(Path.GetTempPath(), $"impostor-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(impostor, "apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: uidc\n  namespace: gw-own\n  labels:\n    app.kubernetes.io/managed-by: terraform-provider-nutanix\n    cluster.x-k8s.io/cluster-name: uidc\nspec:\n  paused: true\n");
        try
        {
            Assert.True((await fixture.KubectlAsync("create", "-f", impostor)).ExitCode == 0);
            var destroy = await ws.DestroyAsync();
            Assert.Equal(1, destroy.ExitCode);
            var error = Scenario.Error(destroy, "Refusing to delete a cluster this resource does not own");
            Assert.Contains("but this resource created uid", error, StringComparison.Ordinal);
            var still = await fixture.KubectlAsync("get", "clusters.cluster.x-k8s.io", "uidc", "-n", Gateway, "-o", "name");
            Assert.True(still.ExitCode == 0, "the other owner's Cluster must survive: " + still);
        }
        finally
        {
            await fixture.KubectlAsync("delete", "-f", impostor, "--timeout=60s");
            File.Delete(impostor);
        }

        // Cluster gone, its templates/Secret/ConfigMaps remain: refresh keeps the resource, destroy removes them.
        Assert.NotEmpty(await LabelledObjectsAsync("uidc"));
        var refresh = await ws.PlanAsync();
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Contains("Cluster gw-own/uidc is missing but", refresh.ToString(), StringComparison.Ordinal);
        Assert.Contains("nutanix_cluster.u", await Scenario.StateListAsync(ws), StringComparison.Ordinal);
        await DestroyAndAssertGoneAsync(ws, "uidc");
    }

    /// <summary>
    /// A 422 injected into the first, second, … write of a create (the create-only claim, then each server-side
    /// apply): whenever anything labelled for the cluster exists afterwards, the resource is in state and tainted,
    /// and destroy removes everything.
    /// </summary>
    [Fact]
    public async Task A422AtEachStepOfACreate_LeavesNothingOrphaned()
    {
        foreach (var skip in new[] { 0, 1, 3, 6, 10 })
        {
            using var ws = Workspace();
            var name = $"step{skip}";
            ws.WriteMainTf(fixture.ProviderBlock() + Cluster("s", name, $"10.10.100.{70 + skip}", "wait_for = \"none\""));
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

            var left = await LabelledObjectsAsync(name);
            var stateText = File.Exists(Path.Combine(ws.Directory, "terraform.tfstate")) ? await File.ReadAllTextAsync(Path.Combine(ws.Directory, "terraform.tfstate")) : "";
            if (apply.ExitCode != 0)
            {
                Assert.True(left.Count == 0 || stateText.Contains("\"status\": \"tainted\"", StringComparison.Ordinal),
                    $"skip {skip}: objects exist ({string.Join(", ", left)}) but the resource is not tainted in state:\n{apply}\n{stateText}");
            }

            await DestroyAndAssertGoneAsync(ws, name);
        }
    }
}
