using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// go-plugin AutoMTLS, server side: a fresh self-signed certificate per process (ECDSA P-521, CN/SAN localhost,
/// serverAuth+clientAuth, CA basic constraints, valid from 30 s ago for ~30 years) and pinning of the single
/// client certificate Terraform passed in <c>PLUGIN_CLIENT_CERT</c>. No OS trust store is involved.
/// </summary>
public static class AutoMtls
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(262980);

    /// <summary>Generates the server certificate (with private key).</summary>
    public static X509Certificate2 CreateServerCertificate() => CreateSelfSigned(DateTimeOffset.UtcNow);

    /// <summary>
    /// Generates a certificate with go-plugin's recipe. Used for the server, and by tests to play Terraform's
    /// client side.
    /// </summary>
    public static X509Certificate2 CreateSelfSigned(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA512);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment |
            X509KeyUsageFlags.KeyAgreement | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());

        // 128-bit positive serial: the leading byte is masked so the big-endian integer is never read as negative.
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return request.Create(
            request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now.AddSeconds(-30), now + Lifetime, serial)
            .CopyWithPrivateKey(key);
    }

    /// <summary>Parses the PEM Terraform passes in <c>PLUGIN_CLIENT_CERT</c>.</summary>
    public static X509Certificate2 LoadClientCertificate(string pem) => X509Certificate2.CreateFromPem(pem);

    /// <summary>True when <paramref name="presented"/> is byte-for-byte the pinned client certificate.</summary>
    public static bool IsPinnedClient(X509Certificate2? presented, X509Certificate2 pinned) =>
        presented is not null && presented.RawData.AsSpan().SequenceEqual(pinned.RawData);
}
