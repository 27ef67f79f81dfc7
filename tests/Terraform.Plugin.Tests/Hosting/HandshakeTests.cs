using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Terraform.Plugin.Hosting;
using TestSupport.Tools;

namespace Terraform.Plugin.Tests.Hosting;

/// <summary>
/// Launches the plugin host (the test-only fixture provider, published as a JIT apphost) exactly as Terraform does (cookie, protocol versions,
/// AutoMTLS client certificate) and talks to it over the advertised endpoint.
/// </summary>
public sealed class HandshakeTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private static Dictionary<string, string?> TerraformEnvironment(X509Certificate2? clientCert) => new()
    {
        ["TF_PLUGIN_MAGIC_COOKIE"] = ProviderProcess.Cookie,
        ["PLUGIN_PROTOCOL_VERSIONS"] = "5,6",
        ["PLUGIN_MIN_PORT"] = "10000",
        ["PLUGIN_MAX_PORT"] = "25000",
        ["PLUGIN_CLIENT_CERT"] = clientCert?.ExportCertificatePem() + "\n",
    };

    private static GrpcChannel MtlsChannel(string address, X509Certificate2? clientCert, byte[] pinnedServerDer) =>
        GrpcChannel.ForAddress("https://" + address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    ClientCertificates = clientCert is null ? null : [clientCert],
                    EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetRawCertData().AsSpan().SequenceEqual(pinnedServerDer),
                },
                ConnectTimeout = TimeSpan.FromSeconds(5),
            },
        });

    /// <summary>The test-only fixture provider on the same plugin host (the SDK's tests build nothing of Nutanix).</summary>
    private static Task<string> FixtureBinaryAsync() =>
        PublishedBinary.GetAsync("tests/Terraform.Plugin.FixtureProvider/Terraform.Plugin.FixtureProvider.csproj", "terraform-provider-fixture", nativeAot: false);

    [Fact]
    public async Task MtlsHandshake_ServesProviderSchema_ToThePinnedClientOnly()
    {
        var binary = await FixtureBinaryAsync();
        using var clientCert = AutoMtls.CreateSelfSigned(DateTimeOffset.UtcNow);
        using var process = ProviderProcess.Start(binary, TerraformEnvironment(clientCert));
        var line = await process.ReadHandshakeAsync(StartTimeout);

        var handshake = Handshake.Parse(line);
        Assert.Equal(1, handshake.CoreVersion);
        Assert.Equal(6, handshake.ProtocolVersion);
        Assert.Equal("tcp", handshake.Network);
        Assert.StartsWith("127.0.0.1:", handshake.Address, StringComparison.Ordinal);
        Assert.Equal("grpc", handshake.Protocol);
        Assert.DoesNotContain('=', handshake.Certificate);
        Assert.True(handshake.Certificate.Length > 50);

        using var serverCert = X509CertificateLoader.LoadCertificate(handshake.CertificateDer());
        Assert.Equal("CN=localhost", serverCert.Subject);
        using (var key = serverCert.GetECDsaPublicKey())
        {
            Assert.Equal(521, key?.KeySize);
        }

        Assert.Contains("localhost", serverCert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        var eku = serverCert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToList();
        Assert.Contains("1.3.6.1.5.5.7.3.1", eku);
        Assert.Contains("1.3.6.1.5.5.7.3.2", eku);
        Assert.True(serverCert.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(serverCert.NotBefore.ToUniversalTime() < DateTime.UtcNow);
        Assert.True(serverCert.NotAfter.ToUniversalTime() > DateTime.UtcNow.AddYears(29));

        using (var channel = MtlsChannel(handshake.Address, clientCert, handshake.CertificateDer()))
        {
            var client = new Tfplugin6.Provider.ProviderClient(channel);
            var schema = await client.GetProviderSchemaAsync(new Tfplugin6.GetProviderSchema.Types.Request(), deadline: DateTime.UtcNow.AddSeconds(10));
            Assert.NotNull(schema.Provider);
            var names = schema.Provider.Block.Attributes.Select(a => a.Name).ToList();
            Assert.Equal(["state_dir"], names);
            Assert.NotEmpty(schema.ResourceSchemas);
            Assert.Empty(schema.Diagnostics);

            var health = new Grpc.Health.V1.Health.HealthClient(channel);
            var status = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = "plugin" });
            Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, status.Status);
        }

        using var stranger = AutoMtls.CreateSelfSigned(DateTimeOffset.UtcNow);
        using (var channel = MtlsChannel(handshake.Address, stranger, handshake.CertificateDer()))
        {
            var client = new Tfplugin6.Provider.ProviderClient(channel);
            var error = await Assert.ThrowsAsync<RpcException>(() => client.GetProviderSchemaAsync(
                new Tfplugin6.GetProviderSchema.Types.Request(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
            // With TLS 1.3 the client learns of the rejection either while connecting (Unavailable) or when the
            // server's alert arrives on the first read (Internal); either way no response reaches the stranger.
            Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, error.ToString());
        }

        // No client certificate at all: refused as well.
        using (var channel = MtlsChannel(handshake.Address, null, handshake.CertificateDer()))
        {
            var client = new Tfplugin6.Provider.ProviderClient(channel);
            var error = await Assert.ThrowsAsync<RpcException>(() => client.GetProviderSchemaAsync(
                new Tfplugin6.GetProviderSchema.Types.Request(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
            Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, error.ToString());
        }

        // The pinned client still gets answers after the refused attempts.
        using (var channel = MtlsChannel(handshake.Address, clientCert, handshake.CertificateDer()))
        {
            var schema = await new Tfplugin6.Provider.ProviderClient(channel).GetProviderSchemaAsync(
                new Tfplugin6.GetProviderSchema.Types.Request(), deadline: DateTime.UtcNow.AddSeconds(10));
            Assert.NotNull(schema.Provider);
        }

        Assert.False(process.Process.HasExited, process.StandardError);
        Assert.Equal("", process.StandardOutputAfterHandshake);
    }

    [Fact]
    public async Task WithoutClientCertificate_ServesPlaintextH2c_AndShutdownExitsWithinTwoSeconds()
    {
        var binary = await FixtureBinaryAsync();
        using var process = ProviderProcess.Start(binary, TerraformEnvironment(null));
        var line = await process.ReadHandshakeAsync(StartTimeout);
        Assert.EndsWith("|grpc|", line, StringComparison.Ordinal);
        var handshake = Handshake.Parse(line);

        using var channel = GrpcChannel.ForAddress("http://" + handshake.Address);
        var client = new Tfplugin6.Provider.ProviderClient(channel);
        var schema = await client.GetProviderSchemaAsync(new Tfplugin6.GetProviderSchema.Types.Request(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.NotNull(schema.Provider);

        // Terraform opens the stdio stream and the broker stream right after connecting; both must stay healthy.
        var stdio = new global::Plugin.GRPCStdio.GRPCStdioClient(channel);
        using var stdioCall = stdio.StreamStdio(new Google.Protobuf.WellKnownTypes.Empty());
        var stdioNext = stdioCall.ResponseStream.MoveNext(CancellationToken.None);
        var broker = new global::Plugin.GRPCBroker.GRPCBrokerClient(channel);
        using var brokerCall = broker.StartStream();
        await brokerCall.RequestStream.WriteAsync(new global::Plugin.ConnInfo { ServiceId = 1, Network = "tcp", Address = "x" });
        Assert.False(stdioNext.IsCompleted);

        var controller = new global::Plugin.GRPCController.GRPCControllerClient(channel);
        var stopwatch = Stopwatch.StartNew();
        await controller.ShutdownAsync(new global::Plugin.Empty(), deadline: DateTime.UtcNow.AddSeconds(5));
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(2)), "provider still running 2 s after Shutdown");
        stopwatch.Stop();
        Assert.Equal(0, process.Process.ExitCode);
        Assert.Equal("", process.StandardOutputAfterHandshake);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-cookie")]
    public async Task StartedByHand_ExitsOneWithMessageOnStderr(string? cookie)
    {
        var binary = await FixtureBinaryAsync();
        var env = TerraformEnvironment(null);
        env["TF_PLUGIN_MAGIC_COOKIE"] = cookie;
        using var process = ProviderProcess.Start(binary, env);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, process.Process.ExitCode);
        Assert.Contains("This binary is a Terraform provider plugin", process.StandardError, StringComparison.Ordinal);
        Assert.Equal("", await process.Process.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public async Task ClientWithoutProtocol6_ExitsOne()
    {
        var binary = await FixtureBinaryAsync();
        var env = TerraformEnvironment(null);
        env["PLUGIN_PROTOCOL_VERSIONS"] = "4,5";
        using var process = ProviderProcess.Start(binary, env);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, process.Process.ExitCode);
        Assert.Contains("protocol 6", process.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigInt_IsIgnored_SigTerm_StopsGracefully()
    {
        var binary = await FixtureBinaryAsync();
        using var process = ProviderProcess.Start(binary, TerraformEnvironment(null));
        await process.ReadHandshakeAsync(StartTimeout);
        Signal(process.Process.Id, "INT");
        Assert.False(await process.WaitForExitAsync(TimeSpan.FromMilliseconds(500)), "SIGINT stopped a managed plugin");
        Signal(process.Process.Id, "TERM");
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(5)), "SIGTERM did not stop the plugin");
        Assert.Equal(0, process.Process.ExitCode);
    }

    [Fact]
    public async Task SigTerm_RightAfterTheHandshakeLine_StopsGracefully_WhileTheHostIsStillStarting()
    {
        // The line is printed before the web host is assembled; a SIGTERM in that window once aborted the process
        // (exit 134, the host's own start cancelled by the stop request).
        var binary = await FixtureBinaryAsync();
        using var process = ProviderProcess.Start(binary, TerraformEnvironment(null));
        await process.ReadHandshakeAsync(StartTimeout);
        Signal(process.Process.Id, "TERM");
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "SIGTERM did not stop the plugin");
        Assert.Equal(0, process.Process.ExitCode);
        Assert.DoesNotContain("Unhandled exception", process.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsNameAndVersion()
    {
        var binary = await FixtureBinaryAsync();
        using var process = ProviderProcess.Start(binary, new Dictionary<string, string?>(), "--version");
        var line = await process.ReadHandshakeAsync(StartTimeout);
        Assert.Matches(@"^terraform-provider-fixture \d+\.\d+\.\d+$", line);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, process.Process.ExitCode);
    }

    [Fact]
    public async Task DebugMode_ServesOnAUnixSocketInAPrivateDirectory_AndRemovesItOnCtrlC()
    {
        var binary = await FixtureBinaryAsync();
        using var process = ProviderProcess.Start(binary, new Dictionary<string, string?>(), "--debug");
        const string Marker = "TF_REATTACH_PROVIDERS='";
        var line = await process.ReadLineMatchingAsync(l => l.Contains(Marker, StringComparison.Ordinal), StartTimeout);
        var reattach = line[(line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].TrimEnd('\'');
        using var json = System.Text.Json.JsonDocument.Parse(reattach);
        var entry = json.RootElement.GetProperty(Terraform.Plugin.FixtureProvider.FixtureProvider.Address);
        Assert.Equal("grpc", entry.GetProperty("Protocol").GetString());
        Assert.Equal(6, entry.GetProperty("ProtocolVersion").GetInt32());
        Assert.True(entry.GetProperty("Test").GetBoolean());
        Assert.Equal(process.Process.Id, entry.GetProperty("Pid").GetInt32());

        // As go-plugin serves reattachable plugins: plaintext gRPC, but on a Unix socket in a directory only the
        // owner can enter, not on a loopback port every local user could connect to.
        Assert.Equal("unix", entry.GetProperty("Addr").GetProperty("Network").GetString());
        var socketPath = entry.GetProperty("Addr").GetProperty("String").GetString()!;
        Assert.True(Path.IsPathRooted(socketPath), socketPath);
        var directory = Path.GetDirectoryName(socketPath)!;
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("these tests run the linux-x64 binary");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.True((File.GetAttributes(socketPath) & FileAttributes.Directory) == 0);

        using (var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath), cancellationToken);
                        return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            },
        }))
        {
            var schema = await new Tfplugin6.Provider.ProviderClient(channel).GetProviderSchemaAsync(
                new Tfplugin6.GetProviderSchema.Types.Request(), deadline: DateTime.UtcNow.AddSeconds(10));
            Assert.NotNull(schema.Provider);
        }

        Signal(process.Process.Id, "INT");
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(5)), "Ctrl-C did not stop debug mode");
        Assert.False(Directory.Exists(directory), $"{directory} left behind after the provider stopped");
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
