using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using TestSupport.Simulator;
using static Nutanix.Simulator.Tests.PrismJson;

namespace Nutanix.Simulator.Tests;

/// <summary>Process-level behaviour: option errors, busy ports, unwritable state, connection files, restart.</summary>
public sealed class StartupTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private static void AssertOneLineError(TestSupport.Tools.ToolResult result, params string[] fragments)
    {
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line:\n{result}");
        Assert.StartsWith("nutanix-sim: ", lines[0], StringComparison.Ordinal);
        foreach (var f in fragments) Assert.Contains(f, lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--no-such-option" }, "--no-such-option")]
    [InlineData(new[] { "--pc-port", "70000", "--state-dir", "/tmp/x" }, "--pc-port")]
    [InlineData(new[] { "--fast" }, "--state-dir")]
    [InlineData(new[] { "--state-dir" }, "--state-dir")]
    public async Task Bad_option_ends_with_one_line_and_a_non_zero_exit(string[] args, string mentioned)
    {
        var result = await SimulatorProcess.RunToExitAsync(args, ExitTimeout);
        AssertOneLineError(result, mentioned);
    }

    [Fact]
    public async Task Busy_port_ends_with_one_line_naming_the_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var dir = Directory.CreateTempSubdirectory("nutanix-sim-busy-").FullName;
        try
        {
            var result = await SimulatorProcess.RunToExitAsync(["--state-dir", dir, "--pc-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], ExitTimeout);
            AssertOneLineError(result, port.ToString(System.Globalization.CultureInfo.InvariantCulture), "in use");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Unwritable_state_directory_ends_with_one_line()
    {
        var dir = Directory.CreateTempSubdirectory("nutanix-sim-file-").FullName;
        try
        {
            var file = Path.Combine(dir, "a-file");
            await File.WriteAllTextAsync(file, "not a directory");
            var result = await SimulatorProcess.RunToExitAsync(["--state-dir", Path.Combine(file, "state")], ExitTimeout);
            AssertOneLineError(result, "state directory", "not writable");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Bad_inventory_is_refused_naming_file_field_and_reason()
    {
        var dir = Directory.CreateTempSubdirectory("nutanix-sim-inv-").FullName;
        try
        {
            var inventory = Path.Combine(dir, "inventory.input.json");
            await File.WriteAllTextAsync(inventory, """{"clusters":[{"name":"a"}],"subnets":[{"name":"s","cluster":"zzz","subnet_ip":"10.0.0.0","prefix_length":24}]}""");
            var result = await SimulatorProcess.RunToExitAsync(["--state-dir", Path.Combine(dir, "state"), "--inventory", inventory], ExitTimeout);
            AssertOneLineError(result, inventory, "$.subnets[0].cluster", "zzz");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Bad_faults_file_is_refused_naming_the_field()
    {
        var dir = Directory.CreateTempSubdirectory("nutanix-sim-faults-").FullName;
        try
        {
            var faults = Path.Combine(dir, "faults.json");
            await File.WriteAllTextAsync(faults, """{"prism":{"latency":5}}""");
            var result = await SimulatorProcess.RunToExitAsync(["--state-dir", Path.Combine(dir, "state"), "--faults", faults], ExitTimeout);
            AssertOneLineError(result, "$.prism.latency");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Connection_json_has_exactly_the_required_shape_and_kubeconfig_points_at_the_kube_port()
    {
        await using var sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { Username = "sim-admin", Password = "S3cret!", PrismCentralVersion = "pc.7.3" });
        var root = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(sim.StateDirectory, "connection.json")))!;
        Assert.Equal(["prism_central", "kubeconfig", "admin_url", "admin_token"], root.Select(kv => kv.Key).ToArray());
        Assert.Equal((await File.ReadAllTextAsync(Path.Combine(sim.StateDirectory, "admin-token"))).Trim(), (string?)root["admin_token"]);
        var pc = (JsonObject)root["prism_central"]!;
        Assert.Equal(["endpoint", "port", "username", "password", "ca_cert_file"], pc.Select(kv => kv.Key).ToArray());
        Assert.Equal("127.0.0.1", (string?)pc["endpoint"]);
        Assert.Equal("sim-admin", (string?)pc["username"]);
        Assert.Equal("S3cret!", (string?)pc["password"]);
        Assert.Equal(Path.Combine(sim.StateDirectory, "ca.crt"), (string?)pc["ca_cert_file"]);
        Assert.Equal(Path.Combine(sim.StateDirectory, "kubeconfig"), (string?)root["kubeconfig"]);
        Assert.True(File.Exists((string)pc["ca_cert_file"]!));

        var state = await sim.GetStateAsync();
        var kubeconfig = await File.ReadAllTextAsync(sim.KubeconfigPath);
        Assert.Contains($"server: https://127.0.0.1:{(int)state["kube_port"]!}", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("certificate-authority-data: ", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("current-context: nutanix-sim", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("token: ", kubeconfig, StringComparison.Ordinal);

        using var client = sim.CreatePrismClient();
        var response = await client.GetAsync("prism_central");
        Assert.Equal("pc.7.3", response.Headers.GetValues("X-Ntnx-Product").Single());
    }

    [Fact]
    public async Task Admin_endpoint_requires_the_token_and_secret_files_are_owner_only()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        using (var anonymous = sim.AdminClient(authenticate: false))
        {
            foreach (var (method, path) in new[] { ("GET", "/admin/state"), ("GET", "/admin/faults"), ("PUT", "/admin/faults/prism"), ("DELETE", "/admin/faults/kube"), ("POST", "/admin/prism/rotate-credentials") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "PUT" or "POST" ? new StringContent("""{"down":true,"password":"x"}""") : null };
                using var response = await anonymous.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without the token: {(int)response.StatusCode}");
                Assert.Contains("admin_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            anonymous.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", sim.Connection.AdminToken + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/state")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/admin/healthz")).StatusCode);
        }

        // nothing changed by the refused requests: Prism still answers, the password is the same
        using var prism = sim.CreatePrismClient();
        Assert.Equal(HttpStatusCode.OK, (await prism.GetAsync("users/me")).StatusCode);
        Assert.Equal(64, sim.Connection.AdminToken.Length);
        Assert.NotNull(await sim.GetStateAsync());

        if (!OperatingSystem.IsWindows()) AssertOwnerOnly(sim.StateDirectory);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertOwnerOnly(string stateDirectory)
    {
        foreach (var secret in new[] { "admin-token", "kube-token", "ca.key", "server.key", "kubeconfig", "connection.json", "prism-credentials.json" })
        {
            var mode = File.GetUnixFileMode(Path.Combine(stateDirectory, secret));
            Assert.True((mode & (UnixFileMode)0x3F) == 0, $"{secret} is readable by others: {mode}");
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(stateDirectory, "kube")) & (UnixFileMode)0x1FF);
        var objects = Directory.GetFiles(Path.Combine(stateDirectory, "kube"), "*.json", SearchOption.AllDirectories);
        Assert.NotEmpty(objects);
        Assert.All(objects, f => Assert.True((File.GetUnixFileMode(f) & (UnixFileMode)0x3F) == 0, $"{f} is readable by others"));
    }

    [Fact]
    public async Task Restart_keeps_ca_credentials_ports_and_vms()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        var ca = await File.ReadAllTextAsync(sim.CaCertFile);
        var kubeconfig = await File.ReadAllTextAsync(sim.KubeconfigPath);
        var port = sim.Connection.PrismPort;
        string vmUuid;
        using (var client = sim.CreatePrismClient())
        {
            var cluster = await UuidByNameAsync(client, "clusters", "pe-cluster-b");
            var subnet = await UuidByNameAsync(client, "subnets", "vlan-200-k8s");
            var body = """{"spec":{"name":"persist-me","cluster_reference":{"kind":"cluster","uuid":"@c"},"resources":{"nic_list":[{"subnet_reference":{"kind":"subnet","uuid":"@s"}}]}},"metadata":{"kind":"vm"}}"""
                .Replace("@c", cluster).Replace("@s", subnet);
            var (created, json, text) = await PostAsync(client, "vms", body);
            Assert.True(created.StatusCode == HttpStatusCode.Accepted, text);
            vmUuid = (string)json!["metadata"]!["uuid"]!;
        }

        await sim.RestartAsync();
        Assert.Equal(ca, await File.ReadAllTextAsync(sim.CaCertFile));
        Assert.Equal(kubeconfig, await File.ReadAllTextAsync(sim.KubeconfigPath));
        Assert.Equal(port, sim.Connection.PrismPort);
        using var after = sim.CreatePrismClient();
        var (response, vm, _) = await GetAsync(after, $"vms/{vmUuid}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("persist-me", (string?)vm!["spec"]!["name"]);
        Assert.Equal("10.10.200.50", (string?)vm["status"]!["resources"]!["nic_list"]![0]!["ip_endpoint_list"]![0]!["ip"]);
    }

    [Fact]
    public async Task Kubectl_uses_the_written_kubeconfig_and_kube_objects_survive_a_restart()
    {
        var kubectl = TestSupport.Tools.ExternalTool.Kubectl;
        await using var sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { Bare = true });
        string[] Args(params string[] rest) => ["--kubeconfig", sim.KubeconfigPath, "--request-timeout=20s", .. rest];

        var namespaces = await kubectl.RunAsync(Args("get", "namespaces", "-o", "name"), timeout: TimeSpan.FromSeconds(60));
        Assert.True(namespaces.ExitCode == 0, namespaces.ToString());
        Assert.Contains("namespace/default", namespaces.StandardOutput, StringComparison.Ordinal);

        var manifest = Path.Combine(sim.StateDirectory, "survivor.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: survivor\n  namespace: default\ndata:\n  k: v\n");
        var create = await kubectl.RunAsync(Args("apply", "-f", manifest), timeout: TimeSpan.FromSeconds(60));
        Assert.True(create.ExitCode == 0, create.ToString());
        await sim.RestartAsync();
        var get = await kubectl.RunAsync(Args("get", "configmap", "survivor", "-n", "default", "-o", "jsonpath={.data.k}"), timeout: TimeSpan.FromSeconds(60));
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("v", get.StandardOutput.Trim());
    }

    [Fact]
    public async Task Exit_on_stdin_eof_stops_the_simulator_when_its_parent_goes_away()
    {
        var dir = Directory.CreateTempSubdirectory("nutanix-sim-eof-").FullName;
        try
        {
            // RunToExitAsync closes the child's stdin at once, as a dying parent would.
            var result = await SimulatorProcess.RunToExitAsync(["--state-dir", dir, "--fast", "--exit-on-stdin-eof"], ExitTimeout);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.False(File.Exists(Path.Combine(dir, "connection.json")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Sigterm_stops_the_simulator_with_exit_code_zero_and_removes_connection_json()
    {
        var sim = await SimulatorProcess.StartAsync();
        await using (sim)
        {
            var connection = Path.Combine(sim.StateDirectory, "connection.json");
            Assert.True(File.Exists(connection));
            var exit = await sim.StopAsync();
            Assert.Equal(0, exit);
            Assert.False(File.Exists(connection));
        }
        Assert.False(Directory.Exists(sim.StateDirectory));
    }
}
