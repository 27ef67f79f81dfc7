using System.Net;
using Nutanix.Prism.Tests.Fakes;
using TestSupport.Http;

namespace Nutanix.Prism.Tests;

/// <summary>The client never follows a redirect: the credentials it sends would follow it to wherever it points.</summary>
public sealed class RedirectTests : IDisposable
{
    private readonly TestCertificates _certs = TestCertificates.Create("Test Prism CA", ["localhost"], [IPAddress.Loopback]);

    public void Dispose() => _certs.Dispose();

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_reported_not_followed_and_the_credentials_stay_home(int status)
    {
        await using var elsewhere = new ScriptedHttpServer(_ => ScriptedReply.Answer(200, """{"resources":{"version":"pc.7.5"}}"""), _certs.Server);
        await using var pc = new ScriptedHttpServer(
            _ => ScriptedReply.Answer(status, "", headers: $"Location: https://127.0.0.1:{elsewhere.Port}/api/nutanix/v3/prism_central?token=x"),
            _certs.Server);
        foreach (var apiKey in new[] { false, true })
        {
            using var client = new PrismCentralClient(FakeClient.Options(apiKey: apiKey) with { Endpoint = "127.0.0.1", Port = pc.Port, AdditionalTrustBundle = _certs.CaPem });

            var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.GetCurrentUserAsync(TestTimeout.Token));

            Assert.Contains($"redirect (HTTP {status}) to https://127.0.0.1:{elsewhere.Port}/api/nutanix/v3/prism_central", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Redirects are not followed", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("token=x", ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, ex.Attempts);
        }

        Assert.Equal(0, elsewhere.Count);
        Assert.Equal(2, pc.Count);
    }
}
