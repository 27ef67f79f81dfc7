using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>
/// The whole lifecycle (gateway, a password account and an API-key account, data sources, a cluster; plan file,
/// apply, refresh, import, destroy) with TF_LOG=TRACE and the management kubeconfig given inline: afterwards no
/// state file, <c>terraform show -json</c>, plan JSON, trace log or CLI output contains the Prism password, the API
/// key or the management cluster's token.
/// </summary>
public sealed class SecretScanTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task NoSecretInStatePlanJsonShowJsonOrTraceLog()
    {
        var sim = fixture.Sim;
        var secrets = new Dictionary<string, string>
        {
            ["prism password"] = sim.Connection.Password,
            ["prism api key"] = sim.ReadPrismApiKey(),
            ["management kubeconfig token"] = sim.ReadKubeToken(),
        };
        var scan = new SecretScan();
        using var ws = fixture.CreateWorkspace();
        ws.Environment["TF_LOG"] = "TRACE";
        ws.Environment["TF_LOG_PATH"] = Path.Combine(ws.Directory, "trace.log");
        ws.Environment["TF_VAR_pc_password"] = sim.Connection.Password;
        ws.Environment["TF_VAR_pc_api_key"] = secrets["prism api key"];
        ws.Environment["TF_VAR_mgmt_kubeconfig"] = await File.ReadAllTextAsync(sim.KubeconfigPath);
        var c = sim.Connection;
        string MainTf(bool importBlock = false) => ScenarioFixture.RequiredProviders + $$"""
            # Ephemeral: a plain (even sensitive) variable is written into the plan JSON's "variables" by terraform itself.
            variable "mgmt_kubeconfig" {
              type      = string
              sensitive = true
              ephemeral = true
            }

            variable "pc_api_key" {
              type      = string
              sensitive = true
              ephemeral = true
            }

            provider "nutanix" {
              kubeconfig      = var.mgmt_kubeconfig
              request_timeout = "20s"
            }

            {{fixture.AccountHcl("gw-secret")}}

            resource "nutanix_cloud_account" "key" {
              name                    = "pc-key"
              pcg_id                  = nutanix_pcg.gw.id
              endpoint                = {{Hcl.Quote(c.PrismEndpoint)}}
              port                    = {{c.PrismPort}}
              additional_trust_bundle = file({{Hcl.Quote(c.CaCertFile)}})
              api_key_wo              = var.pc_api_key
              api_key_wo_version      = 1
            }

            data "nutanix_subnet" "k8s" {
              cloud_account_id      = nutanix_cloud_account.key.id
              name                  = "vlan-100-k8s"
              prism_element_cluster = "pe-cluster-a"
            }

            {{ScenarioFixture.ClusterHcl("demo", "secret-demo", "10.10.100.20")}}

            {{(importBlock ? "import {\n  to = nutanix_cloud_account.key\n  id = \"gw-secret/pc-key\"\n}\n" : "")}}

            output "subnet_uuid" { value = data.nutanix_subnet.k8s.uuid }
            """;

        ws.WriteMainTf(MainTf());
        var plan = await ws.PlanAsync("-out=create.tfplan");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        scan.Add("plan output", plan.ToString());
        using (var planJson = await ws.ShowJsonAsync("create.tfplan")) scan.Add("plan JSON", planJson.RootElement.GetRawText());

        var apply = await ws.RunAsync("apply", ["create.tfplan"]);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        scan.Add("apply output", apply.ToString());

        var refresh = await ws.PlanDetailedAsync("-out=refresh.tfplan");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        scan.Add("refresh plan output", refresh.ToString());
        using (var refreshJson = await ws.ShowJsonAsync("refresh.tfplan")) scan.Add("refresh plan JSON", refreshJson.RootElement.GetRawText());
        using (var show = await ws.ShowJsonAsync())
        {
            var text = show.RootElement.GetRawText();
            Assert.Contains("gw-secret/pc-key", text, StringComparison.Ordinal);
            scan.Add("show -json", text);
        }

        var rm = await Scenario.StateAsync(ws, "rm", "nutanix_cloud_account.key");
        Assert.True(rm.ExitCode == 0, rm.ToString());
        ws.WriteMainTf(MainTf(importBlock: true));
        var import = await ws.ApplyAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        scan.Add("import output", import.ToString());
        scan.Add("terraform.tfstate after import", await File.ReadAllTextAsync(Path.Combine(ws.Directory, "terraform.tfstate")));

        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        scan.Add("destroy output", destroy.ToString());
        scan.AddDirectory(ws.Directory);

        var trace = await File.ReadAllTextAsync(Path.Combine(ws.Directory, "trace.log"));
        Assert.Contains("nutanix_cloud_account", trace, StringComparison.Ordinal);
        Assert.Contains("ApplyResourceChange", trace, StringComparison.Ordinal);
        Assert.Empty(scan.Hits(secrets));
        Assert.Empty(await fixture.ClusterObjectsAsync());
        Assert.Empty(await fixture.VmNamesAsync());
    }
}

/// <summary>
/// The failure paths and a sensitive addon: an account whose password Prism Central rejects, a cluster create that the
/// management cluster fails half-way (injected 422s and 500s), and an addon passed through <c>sensitive(...)</c>.
/// No CLI output, trace log or state file carries the passwords or the CAPX credentials JSON in any encoding, and the
/// addon's content is nowhere but in its own (sensitive) attribute and on the management cluster.
/// </summary>
public sealed class SecretScanFailureTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task NoSecretInFailureDiagnosticsLogsOrAddonOutput()
    {
        var sim = fixture.Sim;
        var wrongPassword = "Wr0ng-" + Guid.NewGuid().ToString("N");
        var addonSecret = "addon-token-" + Guid.NewGuid().ToString("N");
        var c = sim.Connection;
        var credentialsJson = "[{\"type\":\"basic_auth\",\"data\":{\"prismCentral\":{\"username\":" + System.Text.Json.JsonSerializer.Serialize(c.Username)
            + ",\"password\":" + System.Text.Json.JsonSerializer.Serialize(c.Password) + "}}}]";
        var secrets = new Dictionary<string, string>
        {
            ["prism password"] = c.Password,
            ["wrong prism password"] = wrongPassword,
            ["basic auth user:pass"] = c.Username + ":" + c.Password,
            ["wrong basic auth user:pass"] = c.Username + ":" + wrongPassword,
            ["CAPX credentials JSON"] = credentialsJson,
        };
        var scan = new SecretScan();
        var addonScan = new SecretScan();
        using var ws = fixture.CreateWorkspace();
        ws.Environment["TF_LOG"] = "TRACE";
        ws.Environment["TF_LOG_PATH"] = Path.Combine(ws.Directory, "trace.log");
        ws.Environment["TF_VAR_pc_password"] = c.Password;
        ws.Environment["TF_VAR_wrong_password"] = wrongPassword;
        var gateway = fixture.ProviderBlock() + fixture.AccountHcl("gw-leak");
        ws.WriteMainTf(gateway);
        var setup = await ws.ApplyAsync();
        Assert.True(setup.ExitCode == 0, setup.ToString());
        scan.Add("setup output", setup.ToString());

        // 1. Prism Central rejects the password: the diagnostic names the attribute, never the password.
        var badAccount = gateway + $$"""
            variable "wrong_password" {
              type      = string
              sensitive = true
              ephemeral = true
            }

            resource "nutanix_cloud_account" "wrong" {
              name                    = "wrong"
              pcg_id                  = nutanix_pcg.gw.id
              endpoint                = {{Hcl.Quote(c.PrismEndpoint)}}
              port                    = {{c.PrismPort}}
              additional_trust_bundle = file({{Hcl.Quote(c.CaCertFile)}})
              username                = {{Hcl.Quote(c.Username)}}
              password_wo             = var.wrong_password
              password_wo_version     = 1
            }
            """;
        ws.WriteMainTf(badAccount);
        var rejected = await ws.ApplyAsync();
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("password_wo", rejected.StandardError, StringComparison.Ordinal);
        scan.Add("rejected account output", rejected.ToString());

        // 2. A cluster with a sensitive addon whose create the management cluster fails half-way.
        var addonYaml = $"apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: token\\n  namespace: kube-system\\nstringData:\\n  token: {addonSecret}\\n";
        var cluster = gateway + ScenarioFixture.ClusterHcl("c", "leak", "10.10.100.48",
            extra: $"addons = {{ token = {{ manifests = sensitive(\"{addonYaml}\") }} }}");
        ws.WriteMainTf(cluster);
        var plan = await ws.PlanAsync();
        Assert.True(plan.ExitCode == 0, plan.ToString());
        addonScan.Add("plan output", plan.ToString());
        scan.Add("plan output", plan.ToString());
        await sim.SetFaultsAsync("kube", """{"error_codes":[422,500],"error_count":6}""");
        ToolResult failed;
        try
        {
            failed = await ws.ApplyAsync();
        }
        finally
        {
            await sim.ClearFaultsAsync("kube");
        }

        scan.Add("failed create output", failed.ToString());
        addonScan.Add("failed create output", failed.ToString());

        // 3. Converge, refresh, destroy: every output and the manifests attribute stay clean.
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        scan.Add("apply output", apply.ToString());
        addonScan.Add("apply output", apply.ToString());
        var refresh = await ws.PlanDetailedAsync();
        scan.Add("refresh output", refresh.ToString());
        addonScan.Add("refresh output", refresh.ToString());
        using (var show = await ws.ShowJsonAsync())
        {
            var resources = show.RootElement.GetProperty("values").GetProperty("root_module").GetProperty("resources");
            var clusterValues = resources.EnumerateArray().Single(r => r.GetProperty("address").GetString() == "nutanix_cluster.c").GetProperty("values");
            var manifests = clusterValues.GetProperty("manifests").GetString()!;
            Assert.Contains("addon content not shown", manifests, StringComparison.Ordinal);
            addonScan.Add("manifests attribute", manifests);
        }

        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        scan.Add("destroy output", destroy.ToString());
        addonScan.Add("destroy output", destroy.ToString());
        scan.AddDirectory(ws.Directory);
        var trace = await File.ReadAllTextAsync(Path.Combine(ws.Directory, "trace.log"));
        Assert.Contains("ApplyResourceChange", trace, StringComparison.Ordinal);
        addonScan.Add("provider log lines", string.Join('\n', trace.Split('\n').Where(l => l.Contains("plugin.terraform-provider-nutanix", StringComparison.Ordinal))));

        Assert.Empty(scan.Hits(secrets));
        Assert.Empty(addonScan.Hits(new Dictionary<string, string> { ["sensitive addon content"] = addonSecret }));
        Assert.Empty(await fixture.ClusterObjectsAsync());
    }
}
