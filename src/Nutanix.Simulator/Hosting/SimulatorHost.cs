using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Nutanix.Simulator.Admin;
using Nutanix.Simulator.Controllers;
using Nutanix.Simulator.Faults;
using Nutanix.Simulator.Inventory;
using Nutanix.Simulator.Kube;
using Nutanix.Simulator.Prism;

namespace Nutanix.Simulator.Hosting;

/// <summary>
/// Runs the simulator: Prism Central v3 (HTTPS), the Kubernetes API (HTTPS) and the admin endpoint (HTTP), each on
/// its own loopback listener, with state in the state directory. Startup problems surface as
/// <see cref="SimulatorStartupException"/>.
/// </summary>
public sealed class SimulatorHost
{
    public const string InventoryFileName = "inventory.json";
    public const string PrismStateFileName = "prism-state.json";
    public const string CredentialsFileName = "prism-credentials.json";
    public const string KubeTokenFileName = "kube-token";
    public const string AdminTokenFileName = "admin-token";

    private readonly SimulatorOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    public SimulatorHost(SimulatorOptions options)
    {
        _options = options;
        _loggerFactory = LoggerFactory.Create(ConfigureLogging);
        _logger = _loggerFactory.CreateLogger("nutanix-sim");
    }

    public static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    }

    /// <summary>Starts everything, writes kubeconfig and connection.json, and serves until <paramref name="stop"/> fires.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var dir = _options.StateDirectory;
        PrepareStateDirectory(dir);
        var connectionPath = Path.Combine(dir, ConnectionFiles.ConnectionName);
        File.Delete(connectionPath);

        foreach (var (port, what) in new[] { (_options.PrismPort, "--pc-port"), (_options.KubePort, "--kube-port"), (_options.AdminPort, "--admin-port") })
        {
            EnsurePortFree(port, what);
        }

        var certificates = CertificateStore.LoadOrCreate(dir);
        var seed = LoadSeed(dir);
        var inventory = new PrismInventory(seed, Path.Combine(dir, PrismStateFileName),
            _options.Fast ? TimeSpan.Zero : TimeSpan.FromSeconds(3), TimeProvider.System, _loggerFactory.CreateLogger<PrismInventory>());
        var credentials = PrismCredentials.LoadOrCreate(Path.Combine(dir, CredentialsFileName), _options.Username, _options.Password);
        var faults = new FaultRegistry();
        string? faultsJson = null;
        if (_options.FaultsFile is not null)
        {
            try
            {
                faultsJson = File.ReadAllText(_options.FaultsFile);
                new FaultRegistry().Apply(faultsJson, _options.FaultsFile); // validate now; applied once the APIs answer
            }
            catch (FormatException e)
            {
                throw new SimulatorStartupException("faults file " + e.Message); // the message starts with the file name
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SimulatorStartupException($"faults file {_options.FaultsFile}: cannot read: {e.Message}");
            }
        }
        var kubeToken = LoadOrCreateToken(Path.Combine(dir, KubeTokenFileName));
        var adminToken = LoadOrCreateToken(Path.Combine(dir, AdminTokenFileName));

        var prismApi = new PrismV3Api(inventory, _options.PrismCentralVersion);
        await using var prism = BuildPrismApp(certificates, faults.PrismFaults, prismApi, credentials);
        await using var kube = BuildKubeApp(certificates, faults.KubeFaults, inventory, credentials, kubeToken);
        int prismPort = 0, kubePort = 0, adminPort = 0;
        var adminUrl = "";
        JsonObject DescribePorts() => new()
        {
            ["state_dir"] = dir,
            ["pc_version"] = _options.PrismCentralVersion,
            ["prism_port"] = prismPort,
            ["kube_port"] = kubePort,
            ["admin_port"] = adminPort,
            ["fast"] = _options.Fast,
            ["bare"] = _options.Bare,
            ["kube_requests"] = kube.Services.GetRequiredService<KubeRequestCounters>().ToJson(),
        };
        void WriteConnection() => ConnectionFiles.WriteConnection(dir,
            ConnectionFiles.Describe(dir, prismPort, credentials.Username, credentials.Password, certificates.CaCertificatePath, adminUrl, adminToken));
        var adminApi = new AdminApi(inventory, credentials, faults, DescribePorts, () =>
        {
            if (File.Exists(connectionPath)) WriteConnection();
        });
        await using var admin = BuildAdminApp(adminApi, adminToken);

        prismPort = await StartAsync(prism, "Prism Central API", _options.PrismPort, "--pc-port", stop);
        kubePort = await StartAsync(kube, "Kubernetes API", _options.KubePort, "--kube-port", stop);
        adminPort = await StartAsync(admin, "admin endpoint", _options.AdminPort, "--admin-port", stop);
        adminUrl = $"http://127.0.0.1:{adminPort}";

        ConnectionFiles.WriteKubeconfig(dir, kubePort, certificates.CaPem, kubeToken);
        await WaitUntilAnsweringAsync(certificates.CaCertificate, prismPort, kubePort, credentials, kubeToken, stop);
        if (faultsJson is not null) faults.Apply(faultsJson, _options.FaultsFile!);
        WriteConnection();
        _logger.LogInformation("Prism Central {Version} on https://127.0.0.1:{PrismPort}, Kubernetes API on https://127.0.0.1:{KubePort}, admin on {AdminUrl}; state in {Dir}",
            _options.PrismCentralVersion, prismPort, kubePort, adminUrl, dir);

        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        _logger.LogInformation("Shutting down");
        File.Delete(connectionPath);
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Task.WhenAll(prism.StopAsync(shutdown.Token), kube.StopAsync(shutdown.Token), admin.StopAsync(shutdown.Token));
    }

    private static void PrepareStateDirectory(string dir)
    {
        try
        {
            StateFiles.CreateOwnerOnlyDirectory(dir);
            var probe = Path.Combine(dir, ".write-probe");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SimulatorStartupException($"state directory {dir} is not writable: {e.Message}");
        }
    }

    private static void EnsurePortFree(int port, string option)
    {
        if (port == 0) return;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel does on Unix: a port with only TIME_WAIT leftovers is free; one with a listener is not.
            if (!OperatingSystem.IsWindows()) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(1);
        }
        catch (SocketException e)
        {
            throw new SimulatorStartupException(e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"{option} {port}: port 127.0.0.1:{port} is already in use"
                : $"{option} {port}: cannot listen on 127.0.0.1:{port}: {e.Message}");
        }
    }

    private InventorySeed LoadSeed(string dir)
    {
        var stored = Path.Combine(dir, InventoryFileName);
        var source = _options.InventoryFile
            ?? (File.Exists(stored) ? stored : Path.Combine(AppContext.BaseDirectory, "inventory", "default-inventory.json"));
        try
        {
            var seed = InventorySeed.LoadFile(source);
            if (!string.Equals(Path.GetFullPath(source), Path.GetFullPath(stored), StringComparison.Ordinal))
            {
                File.Copy(source, stored, overwrite: true);
            }
            return seed;
        }
        catch (InventoryException e)
        {
            throw new SimulatorStartupException(e.Message, e);
        }
    }

    private static string LoadOrCreateToken(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 32) return existing;
        }
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        CertificateStore.WriteAtomically(path, token + "\n", secret: true);
        return token;
    }

    private WebApplication NewApp(Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "nutanix-sim",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Logging.ClearProviders();
        ConfigureLogging(builder.Logging);
        builder.Services.AddSingleton(_options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        configure(builder);
        return builder.Build();
    }

    private WebApplication BuildPrismApp(CertificateStore certificates, FaultInjector injector, PrismV3Api api, PrismCredentials credentials)
    {
        var app = NewApp(builder => builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _options.PrismPort, listen =>
        {
            listen.Use(FaultMiddleware.Connections(injector));
            listen.UseHttps(certificates.ServerCertificate);
        })));
        app.UseFaults(injector, (ctx, code) => PrismV3Api.WriteJson(ctx, code,
            V3Renderer.Error(code, code == 429 ? "TOO_MANY_REQUESTS" : "INTERNAL_ERROR", InjectedMessage(code))));
        api.UseProductHeaders(app);
        app.UsePrismAuthentication(credentials, TimeProvider.System);
        app.UseRouting();
        api.Map(app);
        return app;
    }

    private WebApplication BuildKubeApp(CertificateStore certificates, FaultInjector injector, PrismInventory inventory, PrismCredentials credentials, string token)
    {
        var app = NewApp(builder =>
        {
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _options.KubePort, listen =>
            {
                listen.Use(FaultMiddleware.Connections(injector));
                listen.UseHttps(certificates.ServerCertificate);
            }));
            builder.Services.AddSingleton(inventory);
            builder.Services.AddSimulatedControllers(inventory, credentials, _options.Fast);
            builder.Services.AddKubeApi(new KubeApiOptions
            {
                StateDirectory = Path.Combine(_options.StateDirectory, "kube"),
                BearerToken = token,
                CrdDirectory = _options.CrdDirectory,
                Bare = _options.Bare,
            });
        });
        app.UseFaults(injector, (ctx, code) => PrismV3Api.WriteJson(ctx, code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = InjectedMessage(code),
            ["reason"] = code switch { 429 => "TooManyRequests", 503 => "ServiceUnavailable", 504 => "Timeout", _ => "InternalError" },
            ["code"] = code,
        }));
        app.UseRouting();
        app.MapKubeApi();
        return app;
    }

    private WebApplication BuildAdminApp(AdminApi api, string token)
    {
        var app = NewApp(builder => builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _options.AdminPort)));
        app.Use(AdminApi.RequireToken(token));
        app.UseRouting();
        api.Map(app);
        return app;
    }

    private static string InjectedMessage(int code) => $"injected fault: HTTP {code} (nutanix-sim fault injection)";

    private static async Task<int> StartAsync(WebApplication app, string what, int requestedPort, string option, CancellationToken stop)
    {
        try
        {
            await app.StartAsync(stop);
        }
        catch (IOException e)
        {
            throw new SimulatorStartupException($"{option} {requestedPort}: cannot start the {what}: {e.Message}", e);
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address).Port;
    }

    private static async Task WaitUntilAnsweringAsync(X509Certificate2 ca, int prismPort, int kubePort, PrismCredentials credentials,
        string token, CancellationToken stop)
    {
        using var handler = new SocketsHttpHandler
        {
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
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Username + ":" + credentials.Password));
        var probes = new (string Url, string Scheme, string Value, bool NeedOk)[]
        {
            ($"https://127.0.0.1:{prismPort}{PrismV3Api.BasePath}/prism_central", "Basic", basic, true),
            ($"https://127.0.0.1:{kubePort}/version", "Bearer", token, false),
        };
        foreach (var probe in probes)
        {
            while (true)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, probe.Url);
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(probe.Scheme, probe.Value);
                    using var response = await client.SendAsync(request, deadline.Token);
                    if (!probe.NeedOk || response.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException)
                {
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    if (deadline.IsCancellationRequested) throw new SimulatorStartupException($"{probe.Url} did not answer within 30 s");
                }
                await Task.Delay(100, deadline.Token);
            }
        }
    }
}
