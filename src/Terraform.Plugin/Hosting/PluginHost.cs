using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Logging;
using Terraform.Plugin.Provider;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// Runs a provider as a go-plugin gRPC server: checks the launch contract, binds 127.0.0.1 on a free port
/// (HTTP/2, mutual TLS when Terraform asked for it), prints the handshake line and serves until Terraform calls
/// <c>plugin.GRPCController/Shutdown</c> or the process gets SIGTERM.
/// </summary>
public static class PluginHost
{
    /// <summary>gRPC message size limit both ways (schemas and states of large configurations).</summary>
    public const int MaxMessageSize = 256 << 20;

    /// <summary>How long a client may take to complete the AutoMTLS handshake before the connection is dropped.</summary>
    private static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Entry point for a provider executable's <c>Main</c>. Arguments: none (launched by Terraform),
    /// <c>--debug</c> (serve for <c>TF_REATTACH_PROVIDERS</c>), <c>--version</c>. Returns the process exit code.
    /// </summary>
    public static Task<int> RunAsync(string[] args, Func<IProvider> providerFactory, PluginHostOptions options) =>
        RunAsync(args, providerFactory, options, Environment.GetEnvironmentVariable, CancellationToken.None);

    internal static async Task<int> RunAsync(
        string[] args,
        Func<IProvider> providerFactory,
        PluginHostOptions options,
        Func<string, string?> getEnvironment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(providerFactory);
        ArgumentNullException.ThrowIfNull(options);

        // Keep the raw stdout for the handshake; everything else that writes to Console.Out lands on stderr.
        var stdout = Console.OpenStandardOutput();
        var stderr = Console.Error;
        Console.SetOut(stderr);

        if (args.Contains("--version"))
        {
            await WriteLineAsync(stdout, $"{options.EffectiveBinaryName} {options.Version}", cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var mode = args.Contains("--debug") ? PluginRunMode.Debug : PluginRunMode.Managed;
        System.Security.Cryptography.X509Certificates.X509Certificate2? clientCert = null;
        if (mode == PluginRunMode.Managed)
        {
            if (!HandshakeEnvironment.HasMagicCookie(getEnvironment))
            {
                await stderr.WriteLineAsync(HandshakeEnvironment.StartedByHandMessage).ConfigureAwait(false);
                return 1;
            }

            var versions = getEnvironment(HandshakeEnvironment.ProtocolVersionsKey);
            if (!HandshakeEnvironment.AcceptsProtocol6(versions))
            {
                await stderr.WriteLineAsync(
                    $"This provider speaks Terraform plugin protocol 6 only, but the client offered '{versions}'. " +
                    "Use Terraform 1.0 or later.").ConfigureAwait(false);
                return 1;
            }

            var pem = getEnvironment(HandshakeEnvironment.ClientCertKey);
            if (!string.IsNullOrWhiteSpace(pem))
            {
                try
                {
                    clientCert = AutoMtls.LoadClientCertificate(pem);
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    await stderr.WriteLineAsync($"{HandshakeEnvironment.ClientCertKey} does not hold a PEM certificate.").ConfigureAwait(false);
                    return 1;
                }
            }
        }

        // The listening socket is bound first and the handshake line printed as soon as the certificate exists; the
        // web host (DI container, Kestrel, gRPC routing) is assembled meanwhile on the second core and takes the
        // socket over. Until it accepts, Terraform's connection waits in the socket's backlog, so the line never
        // announces a port that refuses connections, and Terraform's own post-handshake work overlaps our start.
        using var signals = new PluginSignals(mode);
        // --debug serves plaintext for TF_REATTACH_PROVIDERS, so, as go-plugin does, over a Unix socket in a fresh
        // directory only this user can enter (mode 0700), never on a TCP port any local process could reach.
        using var debugDirectory = mode == PluginRunMode.Debug && DebugSocketDirectory.IsSupported ? DebugSocketDirectory.Create() : null;
        var listenSocket = debugDirectory is null ? BindLoopback() : debugDirectory.Bind();
        // Read before the host build starts: it hands the descriptor to Kestrel, after which the socket object is dead.
        var localEndPoint = listenSocket.LocalEndPoint!;
        System.Security.Cryptography.X509Certificates.X509Certificate2? serverCert = null;
        PinnedTls? pinnedTls = null;
        var appTask = Task.Run(() => Build(providerFactory, options, getEnvironment, signals, listenSocket, () => serverCert, () => pinnedTls, clientCert), cancellationToken);
        WebApplication? app = null;
        try
        {
            serverCert = clientCert is null ? null : AutoMtls.CreateServerCertificate();
            using var ownedCert = serverCert;
            var banner = mode == PluginRunMode.Managed
                ? HandshakeEnvironment.FormatHandshakeLine("127.0.0.1", ((IPEndPoint)localEndPoint).Port, serverCert?.RawData)
                : DebugBanner(options, debugDirectory?.SocketPath, localEndPoint);
            await WriteLineAsync(stdout, banner, cancellationToken).ConfigureAwait(false);

            // Nothing may reach stdout after the handshake.
            stdout.Dispose();
            // Ready before Kestrel starts accepting (below), so every connection finds it.
            if (clientCert is not null && serverCert is not null && PinnedTls.IsSupported) pinnedTls = PinnedTls.Create(serverCert, clientCert);
            using var ownedTls = pinnedTls;
            app = await appTask.ConfigureAwait(false);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // SIGTERM (or Shutdown) arrived while the host was still starting: the host cancels its own start,
                // which is a graceful stop like any other, not a crash.
                return 0;
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            // Once Kestrel has taken the descriptor over (the handle is then marked invalid here), it closes it.
            if (app is null && !listenSocket.SafeHandle.IsInvalid) listenSocket.Dispose();
            else if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A TCP socket bound to 127.0.0.1 on a port the kernel picks, already listening. Kestrel takes it over through
    /// <c>ListenHandle</c>; the socket object is then never disposed here, Kestrel owns and closes the descriptor.
    /// </summary>
    private static Socket BindLoopback()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static WebApplication Build(
        Func<IProvider> providerFactory,
        PluginHostOptions options,
        Func<string, string?> getEnvironment,
        PluginSignals signals,
        Socket listenSocket,
        Func<System.Security.Cryptography.X509Certificates.X509Certificate2?> serverCertificate,
        Func<PinnedTls?> pinnedTls,
        System.Security.Cryptography.X509Certificates.X509Certificate2? clientCert)
    {
        // The empty builder skips configuration files (and their file watchers), console logging and HTTPS
        // configuration binding: a plugin is started several times per terraform command, so startup counts.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = options.EffectiveBinaryName,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();

        // A ready-made factory instead of builder.Logging: the logging builder's options machinery (filter options,
        // monitors, change tokens) costs a dozen generic types built at run time in a native-AOT process.
        // Framework chatter stays at warning and above regardless of TF_LOG.
        builder.Services.AddSingleton<ILoggerFactory>(_ => new LoggerFactory(
            [new HclogLoggerProvider("provider." + options.EffectiveBinaryName, HclogLevel.FromEnvironment(getEnvironment), Console.OpenStandardError())],
            new LoggerFilterOptions
            {
                MinLevel = LogLevel.Trace,
                Rules =
                {
                    new LoggerFilterRule(null, "Microsoft", LogLevel.Warning, null),
                    new LoggerFilterRule(null, "Grpc", LogLevel.Warning, null),
                },
            }));

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton<IHostLifetime>(sp => new PluginLifetime(sp.GetRequiredService<IHostApplicationLifetime>(), signals));
        builder.Services.AddSingleton(options);
        builder.Services.AddTerraformPlugin(providerFactory);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            // Kestrel wraps the descriptor in its own handle and closes it on shutdown; ours must not close it too.
            var handle = (ulong)listenSocket.SafeHandle.DangerousGetHandle();
            listenSocket.SafeHandle.SetHandleAsInvalid();
            kestrel.ListenHandle(handle, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (clientCert is not null && PinnedTls.IsSupported)
                {
                    // AutoMTLS on OpenSSL directly, without the machine's CA store (see PinnedTls).
                    listen.Use(next =>
                    {
                        ConnectionDelegate? connection = null;
                        return context => (connection ??= pinnedTls()!.Middleware(TlsHandshakeTimeout)(next))(context);
                    });
                }
                else if (clientCert is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        // Read per connection: the certificate is finished after the host is built (see RunAsync).
                        ServerCertificateSelector = (_, _) => serverCertificate(),
                        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                        CheckCertificateRevocation = false,
                        ClientCertificateValidation = (presented, _, _) => AutoMtls.IsPinnedClient(presented, clientCert),
                    });
                }
            });
        });

        var app = builder.Build();
        app.MapTerraformPlugin();
        return app;
    }

    private static string DebugBanner(PluginHostOptions options, string? socketPath, EndPoint endpoint)
    {
        var pid = Environment.ProcessId;
        var (network, address) = socketPath is not null
            ? ("unix", socketPath)
            : ("tcp", "127.0.0.1:" + ((IPEndPoint)endpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var reattach = $"{{\"{options.ProviderAddress}\":{{\"Protocol\":\"grpc\",\"ProtocolVersion\":6,\"Pid\":{pid}," +
                       $"\"Test\":true,\"Addr\":{{\"Network\":\"{network}\",\"String\":{JsonString(address)}}}}}}}";
        return $"Provider {options.ProviderAddress} started in debug mode (pid {pid}). To attach Terraform, set in your shell:\n\n" +
               $"\tTF_REATTACH_PROVIDERS='{reattach}'\n\nPress Ctrl-C to stop.";
    }

    private static string JsonString(string value) =>
        "\"" + System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value) + "\"";

    private static async Task WriteLineAsync(Stream stream, string line, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
