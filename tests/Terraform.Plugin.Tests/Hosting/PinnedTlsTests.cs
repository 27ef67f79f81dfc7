using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Hosting;

namespace Terraform.Plugin.Tests.Hosting;

/// <summary>
/// The OpenSSL AutoMTLS layer in front of Kestrel (<see cref="PinnedTls"/>), in-process: a real TLS client over
/// loopback, gRPC over HTTP/2 on top. HandshakeTests covers the published binary the way Terraform starts it.
/// </summary>
public sealed class PinnedTlsTests : IAsyncLifetime
{
    private readonly X509Certificate2 _client = AutoMtls.CreateSelfSigned(DateTimeOffset.UtcNow);
    private readonly X509Certificate2 _server = AutoMtls.CreateServerCertificate();
    private PinnedTls? _tls;
    private WebApplication? _app;
    private int _port;

    public async Task InitializeAsync()
    {
        Assert.True(PinnedTls.IsSupported, "OpenSSL 3 (libssl.so.3, libcrypto.so.3) not found: install the libssl3 package");
        _tls = PinnedTls.Create(_server, _client);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddTerraformPlugin(() => new Terraform.Plugin.FixtureProvider.FixtureProvider());
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(_tls.Middleware(TimeSpan.FromSeconds(5)));
        }));
        _app = builder.Build();
        _app.MapTerraformPlugin();
        await _app.StartAsync();
        _port = new Uri(_app.Urls.Single()).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _tls?.Dispose();
        _client.Dispose();
        _server.Dispose();
    }

    private GrpcChannel Channel(X509Certificate2? clientCertificate, Action<SslClientAuthenticationOptions>? adjust = null)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetRawCertData().AsSpan().SequenceEqual(_server.RawData),
        };
        adjust?.Invoke(ssl);
        return GrpcChannel.ForAddress($"https://127.0.0.1:{_port}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { SslOptions = ssl, ConnectTimeout = TimeSpan.FromSeconds(5) },
        });
    }

    private static async Task<Tfplugin6.GetProviderSchema.Types.Response> SchemaAsync(GrpcChannel channel) =>
        await new Tfplugin6.Provider.ProviderClient(channel).GetProviderSchemaAsync(
            new Tfplugin6.GetProviderSchema.Types.Request(), deadline: DateTime.UtcNow.AddSeconds(10));

    [Theory]
    [InlineData(System.Security.Authentication.SslProtocols.Tls13)]
    [InlineData(System.Security.Authentication.SslProtocols.Tls12)]
    public async Task PinnedClient_GetsAnswers_OverH2_WithTheServerCertificateOfTheHandshakeLine(System.Security.Authentication.SslProtocols protocol)
    {
        using var channel = Channel(_client, o => o.EnabledSslProtocols = protocol);
        var schema = await SchemaAsync(channel);
        Assert.Contains(schema.ResourceSchemas.Keys, k => k == "fixture_thing");

        // Many calls on one connection, some concurrent: reads and writes of HTTP/2 interleave on the session.
        var calls = Enumerable.Range(0, 20).Select(_ => SchemaAsync(channel)).ToList();
        foreach (var answer in await Task.WhenAll(calls)) Assert.Equal(schema, answer);
    }

    [Fact]
    public async Task AnotherClientCertificate_IsRefused()
    {
        using var stranger = AutoMtls.CreateSelfSigned(DateTimeOffset.UtcNow);
        using var channel = Channel(stranger);
        var error = await Assert.ThrowsAsync<RpcException>(() => SchemaAsync(channel));
        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, error.ToString());
    }

    [Fact]
    public async Task NoClientCertificate_IsRefused_AndThePinnedClientStillServed()
    {
        using (var channel = Channel(null))
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => SchemaAsync(channel));
            Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, error.ToString());
        }

        using var pinned = Channel(_client);
        Assert.NotNull((await SchemaAsync(pinned)).Provider);
    }

    [Fact]
    public async Task LargeMessages_CrossTheSessionIntact()
    {
        // A GetProviderSchema answer is small; a Validate call with a large config exercises many TLS records.
        using var channel = Channel(_client);
        var client = new Tfplugin6.Provider.ProviderClient(channel);
        var big = new string('x', 3 << 20);
        var answer = await client.ValidateResourceConfigAsync(new Tfplugin6.ValidateResourceConfig.Types.Request
        {
            TypeName = "fixture_thing",
            Config = new Tfplugin6.DynamicValue { Json = Google.Protobuf.ByteString.CopyFromUtf8("{\"name\":\"" + big + "\"}") },
        }, deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.NotNull(answer);
    }
}
