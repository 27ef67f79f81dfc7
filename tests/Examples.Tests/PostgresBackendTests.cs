using System.Diagnostics;
using Examples.Tests.Support;
using TestSupport.Simulator;
using TestSupport.Tools;

namespace Examples.Tests;

/// <summary>
/// examples/postgres-backend against a throw-away PostgreSQL: state lives in the database, and while one
/// apply holds the lock (parked at its confirmation prompt) a second apply either fails at once
/// (<c>-lock-timeout=0s</c>) or waits (<c>-lock-timeout=90s</c>) and proceeds when the first one finishes.
/// </summary>
public sealed class PostgresBackendTests
{
    [Fact]
    public async Task State_is_stored_in_postgres_and_a_concurrent_apply_waits_for_the_lock()
    {
        await using var pg = await LocalPostgres.StartAsync();
        await using var sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { Fast = true });
        using var tf = await OfflineTerraform.CreateAsync();
        var dir = tf.CopyExample("postgres-backend");
        tf.Environment["PG_CONN_STR"] = pg.ConnectionString;
        tf.Environment["TF_VAR_mgmt_kubeconfig"] = sim.KubeconfigPath;

        var init = await tf.MustRunAsync(dir, "init", "-input=false", "-no-color");
        Assert.Contains("Successfully configured the backend \"pg\"", init.StandardOutput, StringComparison.Ordinal);

        // First apply: plans, takes the lock, and waits for "yes".
        using var first = RunningProcess.Start(ExternalTool.Terraform.Path, ["apply", "-no-color"], dir, tf.Environment);
        await first.WaitForOutputAsync("Enter a value:", TimeSpan.FromMinutes(2));

        // While it holds the lock, an apply that will not wait fails with a lock error naming the holder.
        var refused = await tf.RunAsync(dir, "apply", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=0s");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Error acquiring the state lock", refused.StandardError, StringComparison.Ordinal);

        // One that may wait blocks on the lock...
        var clock = Stopwatch.StartNew();
        using var second = RunningProcess.Start(ExternalTool.Terraform.Path,
            ["apply", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=90s"], dir, tf.Environment);
        await second.WaitForOutputAsync("Acquiring state lock. This may take a few moments...", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(second.HasExited, $"the second apply did not wait for the lock:\n{second.Output}");
        var waited = clock.Elapsed;

        // ...until the first one is confirmed and releases it.
        await first.WriteLineAsync("yes");
        var firstExit = await first.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(firstExit == 0, $"first apply failed:\n{first.Output}");
        Assert.Contains("Apply complete! Resources: 1 added", first.Output, StringComparison.Ordinal);
        var secondExit = await second.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(secondExit == 0, $"second apply failed:\n{second.Output}");
        Assert.Contains("No changes.", second.Output, StringComparison.Ordinal);
        Assert.True(waited >= TimeSpan.FromSeconds(2));

        // The state is in PostgreSQL, not in a local file.
        var list = await tf.MustRunAsync(dir, "state", "list");
        Assert.Contains("nutanix_pcg.team", list.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "terraform.tfstate")), "state was written locally instead of to PostgreSQL");
    }
}
