using System.Diagnostics;
using System.Text.Json.Nodes;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Tests;

/// <summary>
/// Our runner of kubeconfig exec credential plugins (client.authentication.k8s.io ExecCredential), with small shell
/// scripts as the plugin: the token reaches the API server, stderr is a warning, a hang times out and a cancel stops
/// it (its process tree killed), a failing or garbled plugin is an error naming the command and user but no secret.
/// </summary>
public sealed class ExecCredentialPluginTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("exec-plugin-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r", "") + "\n");
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("these tests run shell-script plugins and need a Unix system with /bin/sh");
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static string Kubeconfig(string server, string command, string apiVersion = "client.authentication.k8s.io/v1", string extra = "") => $$"""
        apiVersion: v1
        kind: Config
        current-context: mgmt
        clusters:
        - name: mgmt
          cluster:
            server: {{server}}
        users:
        - name: sso-admin
          user:
            exec:
              apiVersion: {{apiVersion}}
              command: {{command}}
              interactiveMode: Never
        {{extra}}
        contexts:
        - name: mgmt
          context: {cluster: mgmt, user: sso-admin}
        """;

    private static ExecCredentialPlugin Plugin(string command, TimeSpan timeout, string apiVersion = "client.authentication.k8s.io/v1") =>
        ManagementKubeconfig.FromContent(Kubeconfig("http://127.0.0.1:1", command, apiVersion), null, timeout).Exec
        ?? throw new InvalidOperationException("the kubeconfig's exec plugin was not picked up");

    private static (int, string) Version(RecordedRequest r) => (200, """{"major":"1","minor":"31","gitVersion":"v1.31.4"}""");

    [Fact]
    public async Task TokenFromPluginIsSentWithArgsEnvAndExecInfo()
    {
        var info = Path.Combine(_dir.FullName, "exec-info.json");
        var plugin = Script("plugin.sh", $$$"""
            printf '%s' "$KUBERNETES_EXEC_INFO" > '{{{info}}}'
            echo "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"$1-$TOKEN_SUFFIX\"}}"
            """);
        await using var server = new FakeApiServer(Version);
        var kubeconfig = Kubeconfig(server.Url, plugin, "client.authentication.k8s.io/v1beta1")
            .Replace("      interactiveMode: Never", "      interactiveMode: Never\n      args: [tok]\n      env:\n      - {name: TOKEN_SUFFIX, value: from-env}");
        using var client = ManagementClusterClient.FromKubeconfigContent(kubeconfig);
        await client.GetServerVersionAsync();
        Assert.Equal("Bearer tok-from-env", server.Requests.Single().Headers["Authorization"]);
        var request = JsonNode.Parse(await File.ReadAllTextAsync(info))!;
        Assert.Equal("client.authentication.k8s.io/v1beta1", (string?)request["apiVersion"]);
        Assert.Equal("ExecCredential", (string?)request["kind"]);
        Assert.False((bool)request["spec"]!["interactive"]!);
    }

    [Fact]
    public async Task StderrIsAWarningAndTheCallSucceeds()
    {
        var plugin = Plugin(Script("plugin.sh", """
            echo "notice: cached SSO session expires in 5 minutes" >&2
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t-1"}}'
            """), TimeSpan.FromSeconds(30));
        var warnings = new List<string>();
        plugin.Warning += warnings.Add;
        var credential = await plugin.GetAsync(CancellationToken.None);
        Assert.Equal("t-1", credential.Token);
        var warning = Assert.Single(warnings);
        Assert.Contains("cached SSO session expires in 5 minutes", warning);
        Assert.Contains("sso-admin", warning);
    }

    [Fact]
    public async Task HangingPluginTimesOutAndItsProcessTreeIsKilled()
    {
        var pids = Path.Combine(_dir.FullName, "pids");
        var plugin = Plugin(Script("hang.sh", $"sleep 300 &\necho \"$$ $!\" > '{pids}'\nwait"), TimeSpan.FromSeconds(2));
        var ex = await Assert.ThrowsAsync<ExecCredentialException>(() => plugin.GetAsync(CancellationToken.None));
        Assert.Contains("hang.sh", ex.Message);
        Assert.Contains("\"sso-admin\"", ex.Message);
        Assert.Contains("did not finish within 2 s", ex.Message);
        await AssertAllGoneAsync(pids);
    }

    [Fact]
    public async Task CancellingStopsThePluginAndKillsItsProcessTree()
    {
        var pids = Path.Combine(_dir.FullName, "pids");
        var plugin = Plugin(Script("hang.sh", $"sleep 300 &\necho \"$$ $!\" > '{pids}'\nwait"), TimeSpan.FromMinutes(5));
        using var cts = new CancellationTokenSource();
        var run = plugin.GetAsync(cts.Token);
        await WaitForFileAsync(pids);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await AssertAllGoneAsync(pids);
    }

    [Fact]
    public async Task NonZeroExitIsAnErrorWithStderr()
    {
        var plugin = Plugin(Script("fail.sh", "echo 'error: not logged in; run sso login' >&2\nexit 3"), TimeSpan.FromSeconds(30));
        var ex = await Assert.ThrowsAsync<ExecCredentialException>(() => plugin.GetAsync(CancellationToken.None));
        Assert.Contains("fail.sh", ex.Message);
        Assert.Contains("\"sso-admin\"", ex.Message);
        Assert.Contains("exited with code 3", ex.Message);
        Assert.Contains("error: not logged in; run sso login", ex.Message);
    }

    [Fact]
    public async Task OutputThatIsNotJsonIsAnErrorWithoutTheOutput()
    {
        var plugin = Plugin(Script("garbled.sh", "echo 'Bearer s3cr3t-token-value'"), TimeSpan.FromSeconds(30));
        var ex = await Assert.ThrowsAsync<ExecCredentialException>(() => plugin.GetAsync(CancellationToken.None));
        Assert.Contains("garbled.sh", ex.Message);
        Assert.Contains("not JSON", ex.Message);
        Assert.DoesNotContain("s3cr3t", ex.Message);
    }

    [Fact]
    public async Task WrongApiVersionIsAnError()
    {
        var plugin = Plugin(Script("old.sh", """echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}}'"""), TimeSpan.FromSeconds(30));
        var ex = await Assert.ThrowsAsync<ExecCredentialException>(() => plugin.GetAsync(CancellationToken.None));
        Assert.Contains("client.authentication.k8s.io/v1beta1", ex.Message);
        Assert.DoesNotContain("\"t\"", ex.Message);
    }

    [Fact]
    public async Task ExpiredCredentialIsRenewedAndAValidOneReused()
    {
        var counter = Path.Combine(_dir.FullName, "runs");
        var body = $$$"""
            echo x >> '{{{counter}}}'
            n=$(wc -l < '{{{counter}}}' | tr -d ' ')
            echo "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t-$n\",\"expirationTimestamp\":\"EXPIRY\"}}"
            """;
        var expired = Plugin(Script("expired.sh", body.Replace("EXPIRY", "2020-01-01T00:00:00Z")), TimeSpan.FromSeconds(30));
        Assert.Equal("t-1", (await expired.GetAsync(CancellationToken.None)).Token);
        Assert.Equal("t-2", (await expired.GetAsync(CancellationToken.None)).Token);

        File.Delete(counter);
        var valid = Plugin(Script("valid.sh", body.Replace("EXPIRY", DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))), TimeSpan.FromSeconds(30));
        Assert.Equal("t-1", (await valid.GetAsync(CancellationToken.None)).Token);
        Assert.Equal("t-1", (await valid.GetAsync(CancellationToken.None)).Token);
        Assert.Single(File.ReadAllLines(counter));
    }

    [Fact]
    public async Task PluginFailureThroughTheClientIsNotRetriedAsANetworkFault()
    {
        await using var server = new FakeApiServer(Version);
        using var client = ManagementClusterClient.FromKubeconfigContent(Kubeconfig(server.Url, Script("fail.sh", "exit 1")));
        var ex = await Assert.ThrowsAsync<ExecCredentialException>(() => client.GetServerVersionAsync());
        Assert.Contains("exited with code 1", ex.Message);
        Assert.Empty(server.Requests);
    }

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 200 && (!File.Exists(path) || new FileInfo(path).Length == 0); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(path), $"the plugin never wrote {path}");
    }

    /// <summary>The plugin shell and its child (pids written by the script) are gone (or zombies awaiting reaping).</summary>
    private static async Task AssertAllGoneAsync(string pidsFile)
    {
        await WaitForFileAsync(pidsFile);
        var pids = (await File.ReadAllTextAsync(pidsFile)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        Assert.Equal(2, pids.Length);
        for (var i = 0; i < 100 && pids.Any(Alive); i++)
        {
            await Task.Delay(50);
        }

        Assert.All(pids, pid => Assert.False(Alive(pid), $"process {pid} of the plugin is still running"));
    }

    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
