using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using TestSupport.Tools;

namespace TestSupport.Simulator;

/// <summary>
/// A nutanix-sim child process for tests: a fresh temp state directory, started with <see cref="SimulatorLaunchOptions"/>,
/// ready once <c>connection.json</c> exists. Dispose stops it (SIGTERM, then kill) and deletes the directory.
/// The binary comes from the simulator's build output (TestSupport references the project, so it is built first);
/// <c>NUTANIX_SIM_PATH</c> (a <c>nutanix-sim</c> executable or <c>nutanix-sim.dll</c>) overrides it.
/// </summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly SimulatorLaunchOptions _options;
    private readonly bool _ownsDirectory;
    private readonly StringBuilder _stderr = new();
    private Process? _process;
    private SimulatorConnection? _connection;
    private int[]? _ports;

    private SimulatorProcess(SimulatorLaunchOptions options, string stateDirectory, bool ownsDirectory)
    {
        _options = options;
        StateDirectory = stateDirectory;
        _ownsDirectory = ownsDirectory;
    }

    public string StateDirectory { get; }

    /// <summary>The current connection (re-read after <see cref="RestartAsync"/> and <see cref="RotatePrismPasswordAsync"/>).</summary>
    public SimulatorConnection Connection => _connection ?? throw new InvalidOperationException("nutanix-sim is not running");

    public string AdminUrl => Connection.AdminUrl;
    public string KubeconfigPath => Connection.KubeconfigPath;
    public string CaCertFile => Connection.CaCertFile;
    public int? ProcessId => _process?.Id;

    /// <summary>Port of the Kubernetes API (from <c>/admin/state</c>, refreshed on every start).</summary>
    public int KubePort { get; private set; }

    /// <summary><c>https://127.0.0.1:KUBEPORT/</c></summary>
    public Uri KubeBaseUri => new($"https://127.0.0.1:{KubePort}/");
    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>Everything the simulator wrote to stderr so far.</summary>
    public string StandardError
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Starts nutanix-sim and waits until it has written connection.json.</summary>
    public static async Task<SimulatorProcess> StartAsync(SimulatorLaunchOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorLaunchOptions();
        var owns = options.StateDirectory is null;
        var dir = options.StateDirectory ?? Directory.CreateTempSubdirectory("nutanix-sim-").FullName;
        var sim = new SimulatorProcess(options, dir, owns);
        try
        {
            await sim.LaunchAsync(cancellationToken);
            return sim;
        }
        catch
        {
            await sim.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs nutanix-sim with raw <paramref name="arguments"/> until it exits (for startup-error tests); kills it after <paramref name="timeout"/>.</summary>
    public static async Task<ToolResult> RunToExitAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var psi = CreateStartInfo(arguments);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start nutanix-sim");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nutanix-sim {string.Join(' ', psi.ArgumentList)} did not exit within {timeout}; stderr:\n{await stderr}");
        }
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Location of the simulator: an apphost (<c>nutanix-sim</c>) or <c>nutanix-sim.dll</c>.</summary>
    public static string LocateBinary()
    {
        var explicitPath = Environment.GetEnvironmentVariable("NUTANIX_SIM_PATH");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath
                : throw new InvalidOperationException($"NUTANIX_SIM_PATH={explicitPath} does not exist");
        }
        var dirs = new List<string>();
        var built = typeof(SimulatorProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NutanixSimDirectory")?.Value;
        if (built is not null) dirs.Add(built);
        dirs.Add(AppContext.BaseDirectory);
        foreach (var dir in dirs)
        {
            var dll = Path.Combine(dir, "nutanix-sim.dll");
            if (File.Exists(dll) && File.Exists(Path.Combine(dir, "nutanix-sim.runtimeconfig.json"))) return dll;
        }
        throw new InvalidOperationException(
            $"nutanix-sim is not built (looked in {string.Join(", ", dirs)}). Run `dotnet build src/Nutanix.Simulator` or set NUTANIX_SIM_PATH.");
    }

    private static ProcessStartInfo CreateStartInfo(IEnumerable<string> arguments)
    {
        var binary = LocateBinary();
        ProcessStartInfo psi;
        if (binary.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            psi = new ProcessStartInfo(DotnetHost());
            psi.ArgumentList.Add(binary);
        }
        else
        {
            psi = new ProcessStartInfo(binary);
        }
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.UseShellExecute = false;
        psi.RedirectStandardError = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardInput = true;
        psi.Environment.Remove("ASPNETCORE_URLS");
        psi.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        psi.Environment.Remove("ASPNETCORE_HTTPS_PORTS");
        return psi;
    }

    private static string DotnetHost()
    {
        var root = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(root) && File.Exists(root)) return root;
        var fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..",
            OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(fromRuntime) ? fromRuntime : "dotnet";
    }

    private List<string> BuildArguments()
    {
        // The simulator exits when our end of its stdin closes, so a crashed test run leaves no simulator behind.
        var args = new List<string> { "--state-dir", StateDirectory, "--exit-on-stdin-eof" };
        if (_options.Fast) args.Add("--fast");
        if (_options.Bare) args.Add("--bare");
        var inventory = _options.InventoryFile;
        if (_options.InventoryJson is not null)
        {
            inventory = Path.Combine(StateDirectory, "test-inventory.input.json");
            File.WriteAllText(inventory, _options.InventoryJson);
        }
        if (inventory is not null) args.AddRange(["--inventory", inventory]);
        if (_options.FaultsJson is not null)
        {
            var faults = Path.Combine(StateDirectory, "test-faults.input.json");
            File.WriteAllText(faults, _options.FaultsJson);
            args.AddRange(["--faults", faults]);
        }
        if (_options.PrismCentralVersion is not null) args.AddRange(["--pc-version", _options.PrismCentralVersion]);
        if (_options.Username is not null) args.AddRange(["--username", _options.Username]);
        if (_options.Password is not null) args.AddRange(["--password", _options.Password]);
        if (_options.CrdDirectory is not null) args.AddRange(["--crd-dir", _options.CrdDirectory]);
        if (_ports is not null)
        {
            args.AddRange(["--pc-port", _ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            args.AddRange(["--kube-port", _ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            args.AddRange(["--admin-port", _ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        args.AddRange(_options.ExtraArguments);
        return args;
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var connectionPath = Path.Combine(StateDirectory, "connection.json");
        File.Delete(connectionPath);
        lock (_stderr) _stderr.Clear();
        var psi = CreateStartInfo(BuildArguments());
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        if (!process.Start()) throw new InvalidOperationException("could not start nutanix-sim");
        _process = process;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(connectionPath))
            {
                try
                {
                    _connection = SimulatorConnection.Parse(connectionPath);
                    break;
                }
                catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
                {
                    // being written; retry
                }
            }
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"nutanix-sim exited with code {process.ExitCode} before it was ready; stderr:\n{StandardError}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"nutanix-sim did not write {connectionPath} within {_options.StartTimeout.TotalSeconds:0} s; stderr:\n{StandardError}");
            }
            await Task.Delay(50, cancellationToken);
        }

        var state = await GetStateAsync(cancellationToken);
        KubePort = (int)state["kube_port"]!;
        if (_options.KeepPortsOnRestart && _ports is null)
        {
            _ports = [(int)state["prism_port"]!, KubePort, (int)state["admin_port"]!];
        }
    }

    // ---- clients --------------------------------------------------------------------------------------------------

    /// <summary>A handler that trusts exactly the simulator's CA (not blanket-insecure).</summary>
    public HttpMessageHandler CreateTrustingHandler()
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Connection.CaCertFile));
        return new SocketsHttpHandler
        {
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
    }

    /// <summary>An HttpClient for Prism v3 (BaseAddress <c>…/api/nutanix/v3/</c>), with basic auth unless <paramref name="authenticate"/> is false.</summary>
    public HttpClient CreatePrismClient(bool authenticate = true, TimeSpan? timeout = null)
    {
        var client = new HttpClient(CreateTrustingHandler(), disposeHandler: true)
        {
            BaseAddress = Connection.PrismV3Uri,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        if (authenticate)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Connection.Username + ":" + Connection.Password)));
        }
        return client;
    }

    /// <summary>The Prism API key (for <c>X-ntnx-api-key</c>), read from the state directory.</summary>
    public string ReadPrismApiKey()
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(StateDirectory, "prism-credentials.json")));
        return (string?)node?["api_key"] ?? throw new InvalidOperationException("prism-credentials.json has no api_key");
    }

    /// <summary>The Kubernetes bearer token (the one in the kubeconfig).</summary>
    public string ReadKubeToken() => File.ReadAllText(Path.Combine(StateDirectory, "kube-token")).Trim();

    /// <summary>An HttpClient for the Kubernetes API (BaseAddress <see cref="KubeBaseUri"/>), with the bearer token unless <paramref name="authenticate"/> is false.</summary>
    public HttpClient CreateKubeClient(bool authenticate = true, TimeSpan? timeout = null)
    {
        var client = new HttpClient(CreateTrustingHandler(), disposeHandler: true)
        {
            BaseAddress = KubeBaseUri,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        if (authenticate) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadKubeToken());
        return client;
    }

    /// <summary>A client for the admin endpoint, sending the admin token from connection.json (<paramref name="authenticate"/> false: without it).</summary>
    public HttpClient AdminClient(bool authenticate = true)
    {
        var client = new HttpClient { BaseAddress = new Uri(Connection.AdminUrl), Timeout = TimeSpan.FromSeconds(30) };
        if (authenticate) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Connection.AdminToken);
        return client;
    }

    /// <summary><c>GET /admin/state</c>.</summary>
    public async Task<JsonObject> GetStateAsync(CancellationToken cancellationToken = default)
    {
        using var client = AdminClient();
        var text = await client.GetStringAsync("/admin/state", cancellationToken);
        return (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>Sets the faults of <paramref name="api"/> (<c>prism</c> or <c>kube</c>) from JSON, e.g. <c>{"error_codes":[503],"error_count":2}</c>.</summary>
    public async Task SetFaultsAsync(string api, string faultsJson, CancellationToken cancellationToken = default)
    {
        using var client = AdminClient();
        using var content = new StringContent(faultsJson, Encoding.UTF8, "application/json");
        using var response = await client.PutAsync($"/admin/faults/{api}", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"setting {api} faults failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async Task ClearFaultsAsync(string api, CancellationToken cancellationToken = default)
    {
        using var client = AdminClient();
        using var response = await client.DeleteAsync($"/admin/faults/{api}", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Changes the Prism password; the old one answers 401 afterwards. <see cref="Connection"/> is updated.</summary>
    public async Task RotatePrismPasswordAsync(string newPassword, CancellationToken cancellationToken = default)
    {
        using var client = AdminClient();
        var body = new JsonObject { ["password"] = newPassword }.ToJsonString();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/admin/prism/rotate-credentials", content, cancellationToken);
        response.EnsureSuccessStatusCode();
        _connection = SimulatorConnection.Parse(Connection.ConnectionFile);
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------------

    /// <summary>Stops the simulator (SIGTERM, then kill) and starts it again on the same state directory.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await LaunchAsync(cancellationToken);
    }

    /// <summary>Sends SIGTERM, waits up to 10 s, then kills. Returns the exit code (or null if it was not running).</summary>
    public async Task<int?> StopAsync()
    {
        var process = _process;
        _connection = null;
        if (process is null) return null;
        _process = null;
        try
        {
            if (!process.HasExited)
            {
                if (!OperatingSystem.IsWindows() && SysKill(process.Id, 15) == 0)
                {
                    using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    try
                    {
                        await process.WaitForExitAsync(wait.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        finally
        {
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(StateDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
