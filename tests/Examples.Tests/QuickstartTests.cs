using System.Diagnostics;
using System.Text.RegularExpressions;
using Examples.Tests.Support;
using TestSupport.Simulator;
using TestSupport.Tools;

namespace Examples.Tests;

/// <summary>
/// The README's main command, <c>./scripts/quickstart.sh</c>, end to end: filesystem mirror, offline
/// <c>terraform init</c>, apply of examples/quickstart against a fresh nutanix-sim, printed outputs, kubeconfig
/// written, and the simulator stopped when the script exits. Prebuilt binaries are passed in so the run
/// does not publish the provider a second time.
/// </summary>
public sealed partial class QuickstartTests
{
    [Fact]
    public async Task Quickstart_applies_the_example_and_stops_its_simulator()
    {
        using var dir = new TempDirectory("quickstart-");
        var result = await RunScriptAsync(dir.Path, "--no-wait");
        var output = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 0, $"quickstart.sh failed: {result}");

        Assert.Contains("cluster phase : Provisioned", output, StringComparison.Ordinal);
        var nodeLines = NodeLine().Matches(output).Select(m => m.Value).ToList();
        Assert.Equal(3, nodeLines.Count(l => l.Contains("control-plane", StringComparison.Ordinal)));
        Assert.Equal(2, nodeLines.Count(l => l.Contains("worker:workers", StringComparison.Ordinal)));
        // Every node Running and initialized by the Nutanix CCM the cluster gets by default.
        Assert.DoesNotContain("uninitialized", output, StringComparison.Ordinal);
        var kubeconfig = Path.Combine(dir.Path, "quickstart_quickstart.kubeconfig");
        Assert.Contains(kubeconfig, output, StringComparison.Ordinal);
        Assert.Contains("apiVersion: v1", await File.ReadAllTextAsync(kubeconfig), StringComparison.Ordinal);
        Assert.Contains("kubectl --kubeconfig", output, StringComparison.Ordinal);
        Assert.Contains("./scripts/quickstart.sh destroy", output, StringComparison.Ordinal);

        // The provider came from the filesystem mirror, at the version the binary reports.
        var version = await Provider.VersionAsync();
        Assert.True(File.Exists(Path.Combine(dir.Path, "mirror", Provider.Address, version, "linux_amd64", "terraform-provider-nutanix")));
        Assert.Matches($@"version\s*=\s*""{Regex.Escape(version)}""", await File.ReadAllTextAsync(Path.Combine(dir.Path, "work", ".terraform.lock.hcl")));

        // The write-only password is not echoed in the plan.
        Assert.Contains("password_wo", output, StringComparison.Ordinal);
        Assert.DoesNotContain("password_wo             = \"", output, StringComparison.Ordinal);

        // Its simulator is gone and the session file removed.
        var pid = int.Parse(StoppedPid().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(" Z ", StringComparison.Ordinal),
            $"nutanix-sim (pid {pid}) still runs after quickstart.sh exited");
        Assert.False(File.Exists(Path.Combine(dir.Path, "session.env")));

        // destroy without a running session explains itself instead of failing obscurely.
        var destroy = await RunScriptAsync(dir.Path, "destroy");
        Assert.NotEqual(0, destroy.ExitCode);
        Assert.Contains("no quickstart session", destroy.StandardError, StringComparison.Ordinal);
    }

    /// <summary>
    /// The README's interactive flow: the script waits with the simulator running, `quickstart.sh destroy` from a
    /// second terminal destroys everything, and a signal to the waiting script stops the simulator and deletes its
    /// state directory.
    /// </summary>
    [Fact]
    public async Task Destroy_works_while_the_session_waits_and_a_signal_stops_the_simulator()
    {
        using var dir = new TempDirectory("quickstart-");
        var psi = await ScriptStartInfoAsync(dir.Path, null);
        using var session = Process.Start(psi)!;
        session.StandardInput.Close();
        var output = new System.Text.StringBuilder();
        var pumps = new[] { Pump(session.StandardOutput, output), Pump(session.StandardError, output) };
        var waiting = DateTime.UtcNow + TimeSpan.FromMinutes(6);
        while (!Snapshot(output).Contains("Press Ctrl-C", StringComparison.Ordinal))
        {
            Assert.False(session.HasExited, $"quickstart.sh exited early ({(session.HasExited ? session.ExitCode : 0)}):\n{Snapshot(output)}");
            Assert.True(DateTime.UtcNow < waiting, $"quickstart.sh did not reach its waiting state:\n{Snapshot(output)}");
            await Task.Delay(500);
        }

        var simPid = int.Parse(WaitingPid().Match(Snapshot(output)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stateDir = StateDir().Match(Snapshot(output)).Groups[1].Value;
        try
        {
            var destroy = await RunScriptAsync(dir.Path, "destroy");
            Assert.True(destroy.ExitCode == 0, $"quickstart.sh destroy failed: {destroy}");
            Assert.Contains("Destroy complete! Resources: 3 destroyed.", destroy.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            using var kill = Process.Start("kill", ["-TERM", session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await session.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(pumps);
        }

        Assert.Equal(143, session.ExitCode);
        Assert.Contains($"stopping nutanix-sim (pid {simPid})", Snapshot(output), StringComparison.Ordinal);
        Assert.False(Directory.Exists($"/proc/{simPid}") && !File.ReadAllText($"/proc/{simPid}/stat").Contains(" Z ", StringComparison.Ordinal),
            $"nutanix-sim (pid {simPid}) still runs after quickstart.sh was stopped");
        Assert.False(Directory.Exists(stateDir), $"the simulator's state directory {stateDir} was not deleted");
        Assert.False(File.Exists(Path.Combine(dir.Path, "session.env")));
    }

    private static async Task Pump(StreamReader reader, System.Text.StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into) into.Append(line).Append('\n');
        }
    }

    private static string Snapshot(System.Text.StringBuilder output)
    {
        lock (output) return output.ToString();
    }

    [Fact]
    public async Task Quickstart_fails_clearly_when_terraform_is_missing()
    {
        using var dir = new TempDirectory("quickstart-");
        var result = await RunScriptAsync(dir.Path, "--no-wait", new Dictionary<string, string?> { ["TERRAFORM"] = "terraform-not-installed-here" });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("terraform-not-installed-here is not installed or not on PATH", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("https://developer.hashicorp.com/terraform/install", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quickstart_fails_clearly_when_dotnet_is_missing()
    {
        using var dir = new TempDirectory("quickstart-");
        // PATH with terraform (and the shell's basics) but no dotnet.
        var bin = Path.Combine(dir.Path, "bin");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "terraform"), ExternalTool.Terraform.Path);
        foreach (var tool in new[] { "sed", "dirname", "seq", "sleep", "cat", "head", "awk", "tr", "mkdir", "rm", "cp", "mktemp", "chmod", "kill" })
        {
            var found = new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
            if (found is not null) File.CreateSymbolicLink(Path.Combine(bin, tool), found);
        }

        var result = await RunScriptAsync(dir.Path, "--no-wait", new Dictionary<string, string?> { ["PATH"] = bin });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("dotnet is not installed or not on PATH", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(".NET 10 SDK", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<ToolResult> RunScriptAsync(string quickstartDir, string argument, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var psi = await ScriptStartInfoAsync(quickstartDir, extra);
        psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"quickstart.sh did not finish:\n{await stdout}\n{await stderr}");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>bash running scripts/quickstart.sh (arguments still to add) with prebuilt binaries unless <paramref name="extra"/> replaces the environment.</summary>
    private static async Task<ProcessStartInfo> ScriptStartInfoAsync(string quickstartDir, IReadOnlyDictionary<string, string?>? extra)
    {
        var needsBinaries = extra is null;
        var psi = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        psi.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "scripts", "quickstart.sh"));
        psi.Environment["QUICKSTART_DIR"] = quickstartDir;
        psi.Environment["TF_CLI_CONFIG_FILE"] = null;
        psi.Environment["TF_LOG"] = null;
        psi.Environment["CHECKPOINT_DISABLE"] = "1";
        if (needsBinaries)
        {
            psi.Environment["NUTANIX_PROVIDER_BINARY"] = await Provider.BinaryAsync();
            psi.Environment["NUTANIX_SIM_BINARY"] = SimulatorAppHost();
            psi.Environment["TERRAFORM"] = ExternalTool.Terraform.Path;
        }
        else
        {
            foreach (var (k, v) in extra!) psi.Environment[k] = v;
        }

        return psi;
    }

    /// <summary>The simulator's apphost next to the nutanix-sim.dll the test harness built.</summary>
    internal static string SimulatorAppHost()
    {
        var dll = SimulatorProcess.LocateBinary();
        var host = Path.Combine(Path.GetDirectoryName(dll)!, "nutanix-sim");
        return File.Exists(host) ? host : throw new InvalidOperationException($"no nutanix-sim apphost beside {dll}");
    }

    [GeneratedRegex(@"(?m)^    (control-plane|worker:\S+) \S+ \S+ Running initialized$")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"stopping nutanix-sim \(pid (\d+)\)")]
    private static partial Regex StoppedPid();

    [GeneratedRegex(@"keeps running \(pid (\d+)\)")]
    private static partial Regex WaitingPid();

    [GeneratedRegex(@"Starting nutanix-sim \(state in (\S+)\)")]
    private static partial Regex StateDir();
}
