// Usage: dotnet run -c Release --project bench/Terraform.Plugin.HostMeasure -- <path to terraform-provider-nutanix> [runs]
// Launches the binary the way Terraform does (cookie, PLUGIN_PROTOCOL_VERSIONS=5,6, AutoMTLS client certificate),
// and reports: median/p90 time and CPU time from exec to the handshake line, binary size, wall/CPU time of the first
// GetProviderSchema call, RSS after GetProviderSchema, and time from GRPCController.Shutdown to process exit.
using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using Grpc.Net.Client;
using Terraform.Plugin.Hosting;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: HostMeasure <provider-binary> [runs]");
    return 2;
}

var binary = Path.GetFullPath(args[0]);
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
using var clientCert = AutoMtls.CreateSelfSigned(DateTimeOffset.UtcNow);
var pem = clientCert.ExportCertificatePem() + "\n";

Process Start()
{
    var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    psi.Environment["TF_PLUGIN_MAGIC_COOKIE"] = HandshakeEnvironment.MagicCookieValue;
    psi.Environment["PLUGIN_PROTOCOL_VERSIONS"] = "5,6";
    psi.Environment["PLUGIN_MIN_PORT"] = "10000";
    psi.Environment["PLUGIN_MAX_PORT"] = "25000";
    psi.Environment["PLUGIN_CLIENT_CERT"] = pem;
    return Process.Start(psi)!;
}

// Warm the page cache once.
using (var warm = Start())
{
    await warm.StandardOutput.ReadLineAsync();
    warm.Kill();
    await warm.WaitForExitAsync();
}

// CPU time of the main thread so far (ms): the critical path to the handshake line.
static double MainThreadCpuMs(int pid) =>
    long.Parse(File.ReadAllText($"/proc/{pid}/task/{pid}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) / 1e6;

// CPU time of all threads so far (ms), from /proc/<pid>/task/*/schedstat.
static double CpuMs(int pid)
{
    long total = 0;
    foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
    {
        try
        {
            total += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
    }

    return total / 1e6;
}

var samples = new List<double>(runs);
var cpu = new List<double>(runs);
var mainCpu = new List<double>(runs);
for (var i = 0; i < runs; i++)
{
    var sw = Stopwatch.StartNew();
    using var p = Start();
    _ = p.StandardError.ReadToEndAsync();
    var line = await p.StandardOutput.ReadLineAsync();
    sw.Stop();
    if (line is null || !line.StartsWith("1|6|tcp|", StringComparison.Ordinal)) throw new InvalidOperationException("bad handshake: " + line);
    samples.Add(sw.Elapsed.TotalMilliseconds);
    cpu.Add(CpuMs(p.Id));
    mainCpu.Add(MainThreadCpuMs(p.Id));
    p.Kill();
    await p.WaitForExitAsync();
}

samples.Sort();
cpu.Sort();
mainCpu.Sort();
double Percentile(double q) => samples[(int)Math.Min(samples.Count - 1, Math.Round(q * (samples.Count - 1)))];
var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];

// GetProviderSchema over mTLS in fresh processes (Terraform starts the provider three times per plan and calls it in
// each): wall and CPU time of the first call (schema construction + serialisation), and VmRSS after three calls.
const int SchemaProcesses = 9;
var rssList = new List<double>();
var schemaWall = new List<double>();
var schemaCpu = new List<double>();
var schemaBytes = 0;
var toFirstAnswer = new List<double>();
var shutdownToExit = new List<double>();
var cpuToFirstAnswer = new List<double>();
for (var i = 0; i < SchemaProcesses; i++)
{
    var fromExec = Stopwatch.StartNew();
    using var p = Start();
    _ = p.StandardError.ReadToEndAsync();
    var parts = (await p.StandardOutput.ReadLineAsync())!.Split('|');
    var der = parts[5];
    while (der.Length % 4 != 0) der += "=";
    var serverDer = Convert.FromBase64String(der);
    using var channel = GrpcChannel.ForAddress("https://" + parts[3], new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = [clientCert],
                RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetRawCertData().AsSpan().SequenceEqual(serverDer),
            },
        },
    });
    await channel.ConnectAsync();
    var client = new Tfplugin6.Provider.ProviderClient(channel);
    var cpuBefore = CpuMs(p.Id);
    var sw = Stopwatch.StartNew();
    var schema = await client.GetProviderSchemaAsync(new Tfplugin6.GetProviderSchema.Types.Request());
    sw.Stop();
    toFirstAnswer.Add(fromExec.Elapsed.TotalMilliseconds);
    var cpuAfter = CpuMs(p.Id);
    cpuToFirstAnswer.Add(cpuAfter);
    schemaCpu.Add(cpuAfter - cpuBefore);
    schemaWall.Add(sw.Elapsed.TotalMilliseconds);
    schemaBytes = Google.Protobuf.MessageExtensions.ToByteArray(schema).Length;
    for (var k = 0; k < 2; k++) await client.GetProviderSchemaAsync(new Tfplugin6.GetProviderSchema.Types.Request());
    var status = await File.ReadAllLinesAsync($"/proc/{p.Id}/status");
    rssList.Add(long.Parse(status.Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0);
    if (i == 0 && Environment.GetEnvironmentVariable("HOSTMEASURE_SMAPS") == "1") PrintMappings(p.Id);
    // As go-plugin closes a client: Shutdown, close the connection, wait for the process (Terraform waits up to 2 s).
    var toExit = Stopwatch.StartNew();
    await new global::Plugin.GRPCController.GRPCControllerClient(channel).ShutdownAsync(new global::Plugin.Empty());
    channel.Dispose();
    await p.WaitForExitAsync();
    shutdownToExit.Add(toExit.Elapsed.TotalMilliseconds);
}

// Resident memory by mapping (HOSTMEASURE_SMAPS=1): where the RSS figure comes from.
static void PrintMappings(int pid)
{
    var rows = new List<(long Kb, string Name)>();
    string? current = null;
    foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !line.StartsWith("VmFlags", StringComparison.Ordinal))
        {
            current = fields.Length >= 6 ? fields[5] : "[anon]";
        }
        else if (fields.Length >= 2 && fields[0] == "Rss:" && current is not null)
        {
            rows.Add((long.Parse(fields[1], CultureInfo.InvariantCulture), current));
        }
    }

    foreach (var g in rows.GroupBy(r => r.Name).Select(g => (Kb: g.Sum(r => r.Kb), Name: g.Key)).OrderByDescending(r => r.Kb).Take(12))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  rss {g.Kb / 1024.0,6:F1} MiB  {g.Name}"));
    }
}

static double Median(List<double> xs)
{
    xs.Sort();
    return xs.Count % 2 == 1 ? xs[xs.Count / 2] : (xs[xs.Count / 2 - 1] + xs[xs.Count / 2]) / 2;
}

var size = new FileInfo(binary).Length;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"exec->handshake over {runs} runs (AutoMTLS): median {Percentile(0.5):F1} ms, p90 {Percentile(0.9):F1} ms, min {samples[0]:F1} ms; CPU time to handshake median {cpu[cpu.Count / 2]:F1} ms all threads, {mainCpu[mainCpu.Count / 2]:F1} ms main thread (load average {load}, {Environment.ProcessorCount} cores)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"binary size: {size / 1048576.0:F1} MiB ({size} bytes)"));
var loadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[0];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"first GetProviderSchema ({schemaBytes} bytes) over {SchemaProcesses} processes: median {Median(schemaWall):F1} ms wall, {Median(schemaCpu):F1} ms CPU (load average {loadAfter})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"exec -> first GetProviderSchema answer (handshake, mTLS connect, call) over {SchemaProcesses} processes: median {Median(toFirstAnswer):F1} ms wall, {Median(cpuToFirstAnswer):F1} ms CPU"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"GRPCController.Shutdown -> process exit over {SchemaProcesses} processes: median {Median(shutdownToExit):F1} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RSS after GetProviderSchema (3 calls): median {Median(rssList):F1} MiB, min {rssList.Min():F1}, max {rssList.Max():F1} over {SchemaProcesses} processes"));
return 0;
