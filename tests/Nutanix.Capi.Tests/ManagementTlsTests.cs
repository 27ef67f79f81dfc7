using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Tests;

public sealed class ManagementTlsTests
{
    private static (X509Certificate2 Ca, X509Certificate2 Server, X509Certificate2 Client) Certificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        X509Certificate2 Issue(string subject, bool server)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            if (server)
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddIpAddress(IPAddress.Loopback);
                request.CertificateExtensions.Add(san.Build());
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
            var serial = RandomNumberGenerator.GetBytes(8);
            using var cert = request.Create(ca, now.AddMinutes(-5), now.AddHours(1), serial);
            using var withKey = cert.CopyWithPrivateKey(key);
            // Round-trip through PFX so SslStream can use the private key on every platform.
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        }

        return (ca, Issue("CN=127.0.0.1", true), Issue("CN=terraform-user, O=system:masters", false));
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> GetVersionWithDiagnostics(ManagementClusterClient client, FakeApiServer server)
    {
        try
        {
            return await client.GetServerVersionAsync();
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"client: {ex.InnerException?.Message}; server: {server.LastTlsError}", ex);
        }
    }

    private static string Base64Pem(string pem) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(pem));

    [Fact]
    public async Task CaBundleAndClientCertificateFromKubeconfigAreUsed()
    {
        var (ca, serverCert, clientCert) = Certificates();
        using (ca)
        using (serverCert)
        using (clientCert)
        {
            await using var server = new FakeApiServer(_ => (200, "{\"gitVersion\":\"v1.31.4\"}"), serverCert);
            var clientKeyPem = clientCert.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
            var kubeconfig = $"""
                apiVersion: v1
                kind: Config
                current-context: tls
                clusters:
                - name: tls
                  cluster:
                    server: {server.Url}
                    certificate-authority-data: {Base64Pem(ca.ExportCertificatePem())}
                users:
                - name: cert-user
                  user:
                    client-certificate-data: {Base64Pem(clientCert.ExportCertificatePem())}
                    client-key-data: {Base64Pem(clientKeyPem)}
                contexts:
                - name: tls
                  context:
                    cluster: tls
                    user: cert-user
                """;
            using var client = ManagementClusterClient.FromKubeconfigContent(kubeconfig);
            var version = await GetVersionWithDiagnostics(client, server);
            Assert.Equal("v1.31.4", (string?)version["gitVersion"]);
            Assert.Contains("CN=terraform-user", server.LastClientCertificateSubject, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UntrustedServerCertificateIsRejectedUnlessInsecure()
    {
        var (ca, serverCert, clientCert) = Certificates();
        using (ca)
        using (serverCert)
        using (clientCert)
        {
            await using var server = new FakeApiServer(_ => (200, "{\"gitVersion\":\"v1.31.4\"}"), serverCert);
            string Config(string extra) => $"""
                apiVersion: v1
                kind: Config
                current-context: tls
                clusters:
                - name: tls
                  cluster:
                    server: {server.Url}
                {extra}
                users:
                - name: u
                  user:
                    token: abc
                contexts:
                - name: tls
                  context:
                    cluster: tls
                    user: u
                """;

            // A CA that did not sign the server certificate.
            using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var otherCa = new CertificateRequest("CN=other-ca", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            using (var wrong = ManagementClusterClient.FromKubeconfigContent(Config($"    certificate-authority-data: {Base64Pem(otherCa.ExportCertificatePem())}")))
            {
                await Assert.ThrowsAsync<HttpRequestException>(() => wrong.GetServerVersionAsync());
            }

            using var insecure = ManagementClusterClient.FromKubeconfigContent(Config("    insecure-skip-tls-verify: true"));
            Assert.Equal("v1.31.4", (string?)(await insecure.GetServerVersionAsync())["gitVersion"]);
        }
    }
}
