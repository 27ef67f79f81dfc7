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
