// Entry point of nutanix-sim: a local Prism Central v3 + CAPI management cluster for real clients.
// Options: Hosting/SimulatorOptions (System.CommandLine); `nutanix-sim --help` lists them.
using System.CommandLine.Help;
using System.Runtime.InteropServices;
using Nutanix.Simulator.Hosting;

var parsed = SimulatorOptions.Command.Parse(args, SimulatorOptions.ParserConfiguration);
if (parsed.Action is HelpAction || (parsed.Errors.Count == 0 && parsed.Action is not null))
{
    return parsed.Invoke();
}

SimulatorOptions options;
try
{
    options = SimulatorOptions.From(parsed);
}
catch (SimulatorStartupException e)
{
    Console.Error.WriteLine("nutanix-sim: " + e.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
if (options.ExitOnStdinEof)
{
    _ = Task.Run(async () =>
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (await stdin.ReadAsync(buffer) > 0)
        {
        }
        await stop.CancelAsync();
    });
}

try
{
    await new SimulatorHost(options).RunAsync(stop.Token);
    return 0;
}
catch (SimulatorStartupException e)
{
    Console.Error.WriteLine("nutanix-sim: " + e.Message);
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 0;
}
catch (Exception e)
{
    // Not a user error: one summary line first, the details after it for a bug report.
    Console.Error.WriteLine($"nutanix-sim: internal error: {e.GetType().Name}: {e.Message}");
    Console.Error.WriteLine(e);
    return 3;
}
