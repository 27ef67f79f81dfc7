using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nutanix.Simulator.Hosting;

/// <summary>
/// The simulator's private CA and its loopback server certificate. Generated on first start and reloaded from the
/// state directory afterwards, so a restarted simulator keeps kubeconfig and <c>ca.crt</c> valid.
/// Files: <c>ca.crt</c>, <c>ca.key</c>, <c>server.crt</c>, <c>server.key</c> (PEM).
/// </summary>
public sealed class CertificateStore
{
    private CertificateStore(string caPath, X509Certificate2 ca, X509Certificate2 server)
    {
        CaCertificatePath = caPath;
        CaCertificate = ca;
        ServerCertificate = server;
    }

    public string CaCertificatePath { get; }
    public X509Certificate2 CaCertificate { get; }
    /// <summary>Server certificate with private key (SAN 127.0.0.1, ::1, localhost).</summary>
    public X509Certificate2 ServerCertificate { get; }

    public string CaPem => CaCertificate.ExportCertificatePem() + "\n";

    public static CertificateStore LoadOrCreate(string stateDirectory)
    {
        var caCrt = Path.Combine(stateDirectory, "ca.crt");
        var caKey = Path.Combine(stateDirectory, "ca.key");
        var srvCrt = Path.Combine(stateDirectory, "server.crt");
        var srvKey = Path.Combine(stateDirectory, "server.key");

        X509Certificate2? ca = null;
        if (File.Exists(caCrt) && File.Exists(caKey))
        {
            ca = X509Certificate2.CreateFromPemFile(caCrt, caKey);
            if (ca.NotAfter < DateTime.Now.AddDays(1)) ca = null;
        }

        X509Certificate2? server = null;
        if (ca is not null && File.Exists(srvCrt) && File.Exists(srvKey))
        {
            server = X509Certificate2.CreateFromPemFile(srvCrt, srvKey);
            if (server.NotAfter < DateTime.Now.AddDays(1) || server.Issuer != ca.Subject) server = null;
        }

        if (ca is null)
        {
            using var caKeyPair = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=nutanix-sim CA, O=nutanix-sim", caKeyPair, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(
                X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = DateTimeOffset.UtcNow;
            ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
            WriteAtomically(caKey, caKeyPair.ExportPkcs8PrivateKeyPem() + "\n");
            WriteAtomically(caCrt, ca.ExportCertificatePem() + "\n");
            server = null;
        }

        if (server is null)
        {
            using var serverKeyPair = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=nutanix-sim", serverKeyPair, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddIpAddress(IPAddress.IPv6Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [new Oid("1.3.6.1.5.5.7.3.1")], false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            var now = DateTimeOffset.UtcNow;
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7f;
            using var issued = request.Create(ca, now.AddMinutes(-5), now.AddYears(2), serial);
            server = issued.CopyWithPrivateKey(serverKeyPair);
            WriteAtomically(srvKey, serverKeyPair.ExportPkcs8PrivateKeyPem() + "\n");
            WriteAtomically(srvCrt, server.ExportCertificatePem() + "\n");
        }

        return new CertificateStore(caCrt, ca, server);
    }

    /// <summary>Writes via a temporary file and rename; <paramref name="secret"/> files (and <c>*.key</c>) are owner-only.</summary>
    internal static void WriteAtomically(string path, string content, bool secret = false) =>
        StateFiles.Write(path, content, secret || path.EndsWith(".key", StringComparison.Ordinal));
}
