using System.Text;
using System.Text.Json.Nodes;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.EndToEnd;

/// <summary>
/// The real terraform CLI against nutanix-sim: pcg + cloud account + data sources, no-op plan, drift from kubectl,
/// password rotation through password_wo_version, import round trip, destroy, and no password anywhere.
/// </summary>
public sealed class AccountLifecycleTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string AccountAddress = "nutanix_cloud_account.pc";

    private string MainTf(int passwordVersion, bool importBlock = false)
    {
        var c = fixture.Sim.Connection;
        var import = importBlock ? $$"""
            import {
              to = {{AccountAddress}}
              id = "gw-one/pc"
            }
            """ : string.Empty;
        return $$"""
            provider "nutanix" {
              kubeconfig_path = {{NutanixHcl.Quote(fixture.Sim.KubeconfigPath)}}
              request_timeout = "20s"
            }

            {{NutanixHcl.GatewayAndAccount(c, "gw-one", passwordVersion: passwordVersion)}}

            data "nutanix_prism_element_cluster" "a" {
              cloud_account_id = nutanix_cloud_account.pc.id
              name             = "pe-cluster-a"
            }

            data "nutanix_subnet" "shared" {
              cloud_account_id      = nutanix_cloud_account.pc.id
              name                  = "shared-infra"
              prism_element_cluster = "pe-cluster-b"
            }

            data "nutanix_image" "ubuntu" {
              cloud_account_id = nutanix_cloud_account.pc.id
              name             = "ubuntu-2204-kube-v1.33.2"
            }

            {{import}}

            output "pe_uuid"     { value = data.nutanix_prism_element_cluster.a.uuid }
            output "subnet_vlan" { value = data.nutanix_subnet.shared.vlan_id }
            output "subnet_cluster" { value = data.nutanix_subnet.shared.cluster_name }
            output "image_size"  { value = data.nutanix_image.ubuntu.size_bytes }
            output "pc_version"  { value = nutanix_cloud_account.pc.prism_central_version }
            output "pe_names"    { value = [for c in nutanix_cloud_account.pc.prism_element_clusters : c.name] }
            output "pcg_status"  { value = nutanix_pcg.gw.status }
            output "capx"        { value = nutanix_pcg.gw.capx_version }
            """;
    }

    [Fact]
    public async Task ApplyDriftRotateImportDestroy_NeverLeaksThePassword()
    {
        var sim = fixture.Sim;
        var firstPassword = sim.Connection.Password;
        using var ws = fixture.CreateWorkspace();
        var tracePath = Path.Combine(ws.Directory, "trace.log");
        ws.Environment["TF_LOG"] = "TRACE";
        ws.Environment["TF_LOG_PATH"] = tracePath;
        ws.Environment["TF_VAR_pc_password"] = firstPassword;

        // 1. apply everything.
        ws.WriteMainTf(MainTf(1));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var outputs = await Outputs(ws);
        Assert.Equal("Running", (string?)outputs["pcg_status"]);
        Assert.Equal("v1.10.3", (string?)outputs["capx"]);
        Assert.Equal(300, (int?)outputs["subnet_vlan"]);
        Assert.Equal("pe-cluster-b", (string?)outputs["subnet_cluster"]);
        Assert.Equal(5368709120L, (long?)outputs["image_size"]);
        Assert.False(string.IsNullOrEmpty((string?)outputs["pe_uuid"]));
        Assert.False(string.IsNullOrEmpty((string?)outputs["pc_version"]));
        Assert.Equal(["pe-cluster-a", "pe-cluster-b"], ((JsonArray)outputs["pe_names"]!).Select(n => (string?)n));

        // The Secret is in CAPX's format in the gateway namespace.
        var secretJson = await fixture.KubectlAsync("get", "secret", "pc", "-n", "gw-one", "-o", "json");
        Assert.True(secretJson.ExitCode == 0, secretJson.ToString());
        var credentials = Credentials(secretJson.StandardOutput);
        Assert.Equal("basic_auth", (string?)credentials[0]!["type"]);
        Assert.Equal(firstPassword, (string?)credentials[0]!["data"]!["prismCentral"]!["password"]);

        // 2. nothing to do right after apply.
        var noop = await ws.PlanDetailedAsync();
        Assert.True(noop.ExitCode == 0, noop.ToString());

        // 3. an out-of-band change to the Secret shows as drift.
        var annotate = await fixture.KubectlAsync("annotate", "secret", "pc", "-n", "gw-one", "--overwrite", "nutanix.terraform.io/port=9441");
        Assert.True(annotate.ExitCode == 0, annotate.ToString());
        // ... and a removed controller makes the gateway Degraded, reported as a warning naming it.
        var removed = await fixture.KubectlAsync("delete", "deployment", "capx-controller-manager", "-n", "capx-system");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        // The stored address drifted, so the plan would send the stored password to an address other than the one
        // in state: the provider asks for the secret again (step 4 does exactly that) instead of planning the move.
        var drift = await ws.PlanDetailedAsync();
        Assert.True(drift.ExitCode == 1, drift.ToString());
        Assert.Contains("Gateway gw-one/gw-one is Degraded", drift.StandardOutput + drift.StandardError, StringComparison.Ordinal);
        Assert.Contains("capx-controller-manager", drift.StandardOutput + drift.StandardError, StringComparison.Ordinal);
        Assert.Contains("9441", drift.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Re-enter the Prism Central secret for the new address", drift.StandardError, StringComparison.Ordinal);

        // 4. the password changes in Prism Central; bumping password_wo_version rotates it in place (and repairs the drift).
        const string secondPassword = "Rotated-Passw0rd!xyz";
        await sim.RotatePrismPasswordAsync(secondPassword);
        ws.Environment["TF_VAR_pc_password"] = secondPassword;
        ws.WriteMainTf(MainTf(2));
        var rotate = await ws.ApplyAsync();
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.Contains("0 added, 1 changed, 0 destroyed", rotate.StandardOutput, StringComparison.Ordinal);
        secretJson = await fixture.KubectlAsync("get", "secret", "pc", "-n", "gw-one", "-o", "json");
        Assert.Equal(secondPassword, (string?)Credentials(secretJson.StandardOutput)[0]!["data"]!["prismCentral"]!["password"]);
        Assert.Contains($"\"nutanix.terraform.io/port\": \"{sim.Connection.PrismPort}\"", secretJson.StandardOutput, StringComparison.Ordinal);

        // 5. import round trip: forget the account, import it by id, and the plan is empty.
        var rm = await ws.RunAsync("state", ["rm", AccountAddress]);
        Assert.True(rm.ExitCode == 0, rm.ToString());
        ws.WriteMainTf(MainTf(2, importBlock: true));
        var import = await ws.ApplyAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("1 imported, 0 added, 0 changed, 0 destroyed", import.StandardOutput, StringComparison.Ordinal);
        var afterImport = await ws.PlanDetailedAsync();
        Assert.True(afterImport.ExitCode == 0, afterImport.ToString());

        // 6. no password in state, show -json, or the trace log.
        using (var show = await ws.ShowJsonAsync())
        {
            var showText = show.RootElement.GetRawText();
            Assert.Contains("gw-one/pc", showText, StringComparison.Ordinal);
            AssertNoSecret(showText, "terraform show -json", firstPassword, secondPassword);
        }

        AssertNoSecret(File.ReadAllText(Path.Combine(ws.Directory, "terraform.tfstate")), "terraform.tfstate", firstPassword, secondPassword);

        // 7. destroy leaves nothing behind.
        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        var leftovers = await fixture.KubectlAsync("get", "namespace", "gw-one", "--ignore-not-found", "-o", "name");
        Assert.Equal(string.Empty, leftovers.StandardOutput.Trim());
        var secrets = await fixture.KubectlAsync("get", "secrets", "-A", "-l", "nutanix.terraform.io/kind", "-o", "name");
        Assert.Equal(string.Empty, secrets.StandardOutput.Trim());

        var trace = File.ReadAllText(tracePath);
        Assert.Contains("nutanix_cloud_account", trace, StringComparison.Ordinal);
        AssertNoSecret(trace, "TF_LOG=TRACE output", firstPassword, secondPassword);
        AssertNoSecret(apply.StandardOutput + apply.StandardError + rotate.StandardOutput + drift.StandardOutput, "CLI output", firstPassword, secondPassword);
    }

    [Fact]
    public async Task Plan_ReportsInvalidAttributesWithTheirPaths_AndAnUnknownGateway()
    {
        using var ws = fixture.CreateWorkspace();
        ws.Environment["NUTANIX_MGMT_KUBECONFIG"] = fixture.Sim.KubeconfigPath;
        ws.WriteMainTf("""
            resource "nutanix_cloud_account" "bad" {
              name                    = "Bad_Name"
              pcg_id                  = "nowhere/none"
              endpoint                = "https://pc.example.com/api"
              port                    = 70000
              additional_trust_bundle = "not a certificate"
              username                = "admin"
              password_wo             = "x"
            }
            """);
        var plan = await ws.PlanAsync();
        Assert.Equal(1, plan.ExitCode);
        var err = Flatten(plan.StandardError);
        Assert.Contains("with nutanix_cloud_account.bad, on main.tf line 2", err, StringComparison.Ordinal);
        Assert.Contains("\"Bad_Name\" is not a valid RFC 1123 name", err, StringComparison.Ordinal);
        Assert.Contains("has a scheme", err, StringComparison.Ordinal);
        Assert.Contains("port 70000 is out of range", err, StringComparison.Ordinal);
        Assert.Contains("no PEM certificate found", err, StringComparison.Ordinal);

        ws.WriteMainTf("""
            resource "nutanix_cloud_account" "unknown_gateway" {
              name        = "ok"
              pcg_id      = "nowhere/none"
              endpoint    = "pc.example.com"
              username    = "admin"
              password_wo = "x"
            }
            """);
        plan = await ws.PlanAsync();
        Assert.Equal(1, plan.ExitCode);
        err = Flatten(plan.StandardError);
        Assert.Contains("No gateway with id \"nowhere/none\"", err, StringComparison.Ordinal);
        Assert.Contains("with nutanix_cloud_account.unknown_gateway", err, StringComparison.Ordinal);
    }

    private static string Flatten(string text) => string.Join(' ', text.Split('\n').Select(l => l.Trim('│', ' ', '╷', '╵')));

    private static JsonArray Credentials(string secretJson)
    {
        var secret = JsonNode.Parse(secretJson)!;
        var text = Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["credentials"]!));
        return (JsonArray)JsonNode.Parse(text)!;
    }

    private static async Task<JsonObject> Outputs(TerraformWorkspace ws)
    {
        var result = await ws.RunAsync("output", ["-json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var root = (JsonObject)JsonNode.Parse(result.StandardOutput)!;
        var values = new JsonObject();
        foreach (var (k, v) in root)
        {
            values[k] = v!["value"]?.DeepClone();
        }

        return values;
    }

    private static void AssertNoSecret(string text, string where, params string[] secrets)
    {
        foreach (var s in secrets)
        {
            Assert.False(text.Contains(s, StringComparison.Ordinal), $"{where} contains a password");
        }
    }
}
