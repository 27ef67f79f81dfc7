using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TestSupport.Tools;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>
/// The real terraform CLI against nutanix-sim: a cluster with <c>kubeconfig_in_state = false</c> whose kubeconfig
/// reaches a consumer through the <c>nutanix_cluster_kubeconfig</c> ephemeral resource, while neither the state nor a
/// saved plan (its JSON, its raw bytes, any entry of the zip) holds any of the kubeconfig's bytes; and switching an
/// existing cluster's <c>kubeconfig_in_state</c> off and on again.
/// </summary>
public sealed class ClusterKubeconfigEphemeralTests(ClusterSimulatorFixture fixture) : IClassFixture<ClusterSimulatorFixture>
{
    private const string Ns = "gw-eph";
    private const string Cluster = "eph-demo";

    private string MainTf() => NutanixHcl.Provider(fixture.Sim.KubeconfigPath)
        + NutanixHcl.GatewayAndAccount(fixture.Sim.Connection, Ns)
        + NutanixHcl.Cluster("demo", Cluster, "10.10.100.30", extra: "kubeconfig_in_state = false")
        + """

        ephemeral "nutanix_cluster_kubeconfig" "demo" {
          cluster_id = nutanix_cluster.demo.id
        }

        locals {
          workload = ephemeral.nutanix_cluster_kubeconfig.demo
        }

        # The ephemeral value configures a consumer: here a provisioner's environment (what a kubectl or helm
        # call would get), which writes only a digest of the kubeconfig and its API server URL.
        resource "terraform_data" "use" {
          triggers_replace = [nutanix_cluster.demo.id]

          provisioner "local-exec" {
            command = "printf '%s' \"$WORKLOAD_KUBECONFIG\" | sha256sum | cut -d' ' -f1 > kubeconfig.sha256 && printf '%s' \"$WORKLOAD_HOST\" > host.txt"
            environment = {
              WORKLOAD_KUBECONFIG = local.workload.kubeconfig
              WORKLOAD_HOST       = local.workload.host
            }
          }
        }

        output "kubeconfig_is_null" { value = nonsensitive(nutanix_cluster.demo.kubeconfig == null) }
        """;

    [Fact]
    public async Task KubeconfigReachesItsConsumer_AndNoStateOrPlanFileHoldsIt()
    {
        using var ws = fixture.CreateWorkspace();
        ws.CommandTimeout = TimeSpan.FromMinutes(5);
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        ws.WriteMainTf(MainTf());

        var plan = await ws.PlanAsync("-out=create.tfplan");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var apply = await ws.ApplyAsync("create.tfplan");
        Assert.True(apply.ExitCode == 0, apply.ToString());

        // What CAPI (here the simulator's KubeadmControlPlane controller) wrote.
        var b64 = (await fixture.KubectlAsync("get", "secret", Cluster + "-kubeconfig", "-n", Ns, "-o", "jsonpath={.data.value}")).StandardOutput.Trim();
        var kubeconfig = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        string Field(string name) => kubeconfig.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        var caData = Field("certificate-authority-data");
        var keyData = Field("client-key-data");
        var caPem = Encoding.UTF8.GetString(Convert.FromBase64String(caData));
        var caBody = caPem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)).Skip(1).First();

        // The consumer got the real kubeconfig and its endpoint.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kubeconfig))),
            (await File.ReadAllTextAsync(Path.Combine(ws.Directory, "kubeconfig.sha256"))).Trim());
        Assert.Equal("https://10.10.100.30:6443", await File.ReadAllTextAsync(Path.Combine(ws.Directory, "host.txt")));

        using (var show = await ws.ShowJsonAsync())
        {
            var cluster = show.RootElement.GetProperty("values").GetProperty("root_module").GetProperty("resources").EnumerateArray()
                .Single(r => r.GetProperty("address").GetString() == "nutanix_cluster.demo").GetProperty("values");
            Assert.Equal(JsonValueKind.Null, cluster.GetProperty("kubeconfig").ValueKind);
            Assert.False(cluster.GetProperty("kubeconfig_in_state").GetBoolean());
            Assert.Equal("Provisioned", cluster.GetProperty("phase").GetString());
            Assert.True(show.RootElement.GetProperty("values").GetProperty("outputs").GetProperty("kubeconfig_is_null").GetProperty("value").GetBoolean());
        }

        // A second plan, now that the cluster exists: Terraform opens the ephemeral resource at plan time too.
        var replan = await ws.PlanAsync("-out=again.tfplan", "-detailed-exitcode");
        Assert.True(replan.ExitCode == 0, "plan after apply is not empty:\n" + replan);

        var secrets = new Dictionary<string, string>
        {
            ["certificate-authority-data"] = caData,
            ["client-key-data"] = keyData,
            ["the CA certificate (PEM body)"] = caBody,
            ["the kubeconfig's first line of YAML"] = kubeconfig.Split('\n')[0] + "\n" + kubeconfig.Split('\n')[1],
        };
        var places = new Dictionary<string, string> { ["state"] = await File.ReadAllTextAsync(Path.Combine(ws.Directory, "terraform.tfstate")) };
        foreach (var planFile in new[] { "create.tfplan", "again.tfplan" })
        {
            var path = Path.Combine(ws.Directory, planFile);
            places[planFile + " (raw bytes)"] = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path));
            using (var zip = ZipFile.OpenRead(path))
            {
                foreach (var entry in zip.Entries)
                {
                    using var reader = new StreamReader(entry.Open(), Encoding.Latin1);
                    places[$"{planFile} entry {entry.FullName}"] = await reader.ReadToEndAsync();
                }
            }

            using var json = await ws.ShowJsonAsync(planFile);
            places[planFile + " (terraform show -json)"] = json.RootElement.GetRawText();
        }

        Assert.Contains(places.Keys, k => k.Contains("entry tfplan", StringComparison.Ordinal));
        foreach (var (where, text) in places)
        {
            Assert.False(text.Contains("certificate-authority-data", StringComparison.Ordinal), $"{where} contains certificate-authority-data");
            Assert.False(text.Contains("client-key-data", StringComparison.Ordinal), $"{where} contains client-key-data");
            foreach (var (what, secret) in secrets) Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} contains {what}");
        }

        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
    }

    [Fact]
    public async Task SwitchingAnExistingCluster_RemovesTheKubeconfigFromState_AndBackFillsItOnRefresh()
    {
        using var ws = fixture.CreateWorkspace();
        ws.CommandTimeout = TimeSpan.FromMinutes(5);
        ws.Environment["TF_VAR_pc_password"] = fixture.Sim.Connection.Password;
        string Tf(string extra) => NutanixHcl.Provider(fixture.Sim.KubeconfigPath)
            + NutanixHcl.GatewayAndAccount(fixture.Sim.Connection, "gw-switch")
            + NutanixHcl.Cluster("demo", "switch-demo", "10.10.100.31", extra: extra);
        string State() => File.ReadAllText(Path.Combine(ws.Directory, "terraform.tfstate"));

        // Default: the kubeconfig is in state, as before the option existed.
        ws.WriteMainTf(Tf(""));
        var apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("client-key-data", State(), StringComparison.Ordinal);

        // false: an update that only changes state; the plan already has the kubeconfig null.
        ws.WriteMainTf(Tf("kubeconfig_in_state = false"));
        var plan = await ws.PlanAsync("-out=off.tfplan");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("1 to change", plan.StandardOutput, StringComparison.Ordinal);
        using (var json = await ws.ShowJsonAsync("off.tfplan"))
        {
            var change = json.RootElement.GetProperty("resource_changes").EnumerateArray()
                .Single(r => r.GetProperty("address").GetString() == "nutanix_cluster.demo").GetProperty("change");
            Assert.Equal("update", change.GetProperty("actions")[0].GetString());
            Assert.Equal(JsonValueKind.Null, change.GetProperty("after").GetProperty("kubeconfig").ValueKind);
        }

        apply = await ws.ApplyAsync("off.tfplan");
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.DoesNotContain("client-key-data", State(), StringComparison.Ordinal);
        var replan = await ws.PlanDetailedAsync();
        Assert.True(replan.ExitCode == 0, "plan after switching off is not empty:\n" + replan);
        Assert.DoesNotContain("client-key-data", State(), StringComparison.Ordinal);

        // Back to true: the next refresh reads it again.
        ws.WriteMainTf(Tf("kubeconfig_in_state = true"));
        apply = await ws.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var refresh = await ws.ApplyAsync("-refresh-only");
        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Contains("client-key-data", State(), StringComparison.Ordinal);
        replan = await ws.PlanDetailedAsync();
        Assert.True(replan.ExitCode == 0, "plan after switching back is not empty:\n" + replan);

        var destroy = await ws.DestroyAsync();
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
    }

    [Fact]
    public async Task UnknownCluster_FailsNamingClusterIdAndTheFix()
    {
        using var ws = fixture.CreateWorkspace();
        ws.WriteMainTf(NutanixHcl.Provider(fixture.Sim.KubeconfigPath) + """

            ephemeral "nutanix_cluster_kubeconfig" "missing" {
              cluster_id = "gw-nowhere/no-such-cluster"
            }

            provider "nutanix" {
              alias      = "workload"
              kubeconfig = ephemeral.nutanix_cluster_kubeconfig.missing.kubeconfig
            }

            data "nutanix_subnet" "x" {
              provider         = nutanix.workload
              cloud_account_id = "gw-nowhere/pc"
              name             = "vlan-100-k8s"
            }
            """);
        var plan = await ws.PlanAsync();
        Assert.NotEqual(0, plan.ExitCode);
        var output = plan.StandardError + plan.StandardOutput;
        Assert.Contains("Cluster gw-nowhere/no-such-cluster not found", output, StringComparison.Ordinal);
        Assert.Contains("cluster_id", output, StringComparison.Ordinal);
        Assert.Contains("nutanix_cluster.<name>.id", output, StringComparison.Ordinal);

        ws.WriteMainTf(NutanixHcl.Provider(fixture.Sim.KubeconfigPath) + """

            ephemeral "nutanix_cluster_kubeconfig" "bad" {
              cluster_id = "no-slash"
            }
            """);
        var validate = await ws.ValidateAsync();
        Assert.NotEqual(0, validate.ExitCode);
        Assert.Contains("Invalid cluster_id", validate.StandardError + validate.StandardOutput, StringComparison.Ordinal);
    }
}
