using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nutanix.Prism.Tests.Fakes;

namespace Nutanix.Prism.Tests;

/// <summary>The client's real TLS stack against an in-process HTTPS server with a private CA.</summary>
public sealed class TlsTests : IDisposable
{
    private const string Body = """{"resources":{"type":"PC","version":"pc.7.3"}}""";
    private readonly TestCertificates _certs = TestCertificates.Create("Test Prism CA", ["localhost"], [IPAddress.Loopback]);

    public void Dispose() => _certs.Dispose();

    [Fact]
    public async Task Trust_bundle_makes_a_private_ca_trusted()
    {
        await using var server = new TlsTestServer(_certs.Server, Body);
        using var client = new PrismCentralClient(Options(server.Port) with { AdditionalTrustBundle = _certs.CaPem });

        Assert.Equal("pc.7.3", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
    }

    [Fact]
    public async Task Trust_bundle_also_works_by_host_name()
    {
        await using var server = new TlsTestServer(_certs.Server, Body);
        using var client = new PrismCentralClient(Options(server.Port) with { Endpoint = "localhost", AdditionalTrustBundle = _certs.CaPem });

        Assert.Equal("pc.7.3", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
    }

    [Fact]
    public async Task Untrusted_certificate_names_additional_trust_bundle_and_insecure_and_is_not_retried()
    {
        await using var server = new TlsTestServer(_certs.Server, Body);
        using var client = new PrismCentralClient(Options(server.Port));

        var ex = await Assert.ThrowsAsync<PrismConnectionException>(() => client.GetPrismCentralVersionAsync(TestTimeout.Token));

        Assert.Equal(PrismErrorKind.TlsUntrusted, ex.Kind);
        Assert.Equal(1, ex.Attempts);
        Assert.Contains($"127.0.0.1:{server.Port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("additional_trust_bundle", ex.Message, StringComparison.Ordinal);
        Assert.Contains("insecure = true", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not trusted by the system roots", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_skips_verification()
    {
        await using var server = new TlsTestServer(_certs.Server, Body);
        using var client = new PrismCentralClient(Options(server.Port) with { Insecure = true });

        Assert.Equal("pc.7.3", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
    }

    [Fact]
    public async Task A_bundle_with_the_wrong_ca_is_rejected()
    {
        using var other = TestCertificates.Create("Some Other CA", ["localhost"], [IPAddress.Loopback]);
        await using var server = new TlsTestServer(_certs.Server, Body);
        using var client = new PrismCentralClient(Options(server.Port) with { AdditionalTrustBundle = other.CaPem });

        var ex = await Assert.ThrowsAsync<PrismConnectionException>(() => client.GetCurrentUserAsync(TestTimeout.Token));

        Assert.Equal(PrismErrorKind.TlsUntrusted, ex.Kind);
        Assert.Contains("neither by the system roots nor by additional_trust_bundle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_name_is_still_checked_with_a_trust_bundle()
    {
        using var elsewhere = TestCertificates.Create("Test Prism CA 2", ["pc.example.test"], []);
        await using var server = new TlsTestServer(elsewhere.Server, Body);
        using var client = new PrismCentralClient(Options(server.Port) with { AdditionalTrustBundle = elsewhere.CaPem });

        var ex = await Assert.ThrowsAsync<PrismConnectionException>(() => client.GetCurrentUserAsync(TestTimeout.Token));

        Assert.Equal(PrismErrorKind.TlsUntrusted, ex.Kind);
        Assert.Contains("not issued for the host name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("insecure", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Works_on_a_handler_from_IHttpClientFactory()
    {
        await using var server = new TlsTestServer(_certs.Server, Body);
        var options = Options(server.Port) with { AdditionalTrustBundle = _certs.CaPem };
        var services = new ServiceCollection();
        services.AddHttpClient("prism").ConfigurePrimaryHttpMessageHandler(() => PrismCentralClient.CreatePrimaryHandler(options));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpMessageHandlerFactory>();

        using (var client = new PrismCentralClient(options, factory.CreateHandler("prism")))
        {
            Assert.Equal("pc.7.3", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
        }

        using var again = new PrismCentralClient(options, factory.CreateHandler("prism"));
        Assert.Equal("pc.7.3", await again.GetPrismCentralVersionAsync(TestTimeout.Token));
    }

    private static PrismCentralOptions Options(int port) => new()
    {
        Endpoint = "127.0.0.1",
        Port = port,
        Username = "admin",
        Password = FakeClient.Password,
        Timeout = TimeSpan.FromSeconds(5),
        Retry = new Nutanix.Http.TransientRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(5) },
    };
}
