using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nutanix.Prism.Http;

/// <summary>
/// Server certificate policy. <c>Insecure</c> accepts anything. Otherwise the host name must match, and the
/// chain must validate against the system roots <em>or</em> against exactly the CAs of
/// <c>AdditionalTrustBundle</c> (custom-root trust). The last rejection reason is kept for error messages.
/// </summary>
internal sealed class PrismCertificateValidator
{
    private readonly bool _insecure;
    private readonly X509Certificate2Collection? _bundle;
    private volatile string? _lastFailure;

    public PrismCertificateValidator(PrismCentralOptions options)
    {
        _insecure = options.Insecure;
        if (!string.IsNullOrWhiteSpace(options.AdditionalTrustBundle))
        {
            _bundle = ParseBundle(options.AdditionalTrustBundle);
        }
    }

    public bool HasTrustBundle => _bundle is not null;

    /// <summary>Why the most recent certificate was rejected, in words for an error message.</summary>
    public string? LastFailure => _lastFailure;

    public static X509Certificate2Collection ParseBundle(string pem)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"additional_trust_bundle is not a valid PEM certificate bundle: {ex.Message}", nameof(pem), ex);
        }

        if (collection.Count == 0)
        {
            throw new ArgumentException("additional_trust_bundle contains no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks).", nameof(pem));
        }

        return collection;
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_insecure || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            _lastFailure = "the server presented no certificate";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            _lastFailure = $"the server certificate ({certificate.Subject}) is not issued for the host name that was contacted";
            return false;
        }

        var systemReason = DescribeChain(chain);
        if (_bundle is null)
        {
            _lastFailure = $"the server certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not trusted by the system roots ({systemReason})";
            return false;
        }

        using var leaf = certificate as X509Certificate2 is { } c2
            ? X509CertificateLoader.LoadCertificate(c2.RawData)
            : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_bundle);
        custom.ChainPolicy.ExtraStore.AddRange(_bundle);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (custom.Build(leaf))
        {
            return true;
        }

        _lastFailure = $"the server certificate ({certificate.Subject}, issued by {certificate.Issuer}) is trusted neither by the system roots nor by additional_trust_bundle ({DescribeChain(custom)})";
        return false;
    }

    private static string DescribeChain(X509Chain? chain)
    {
        if (chain is null || chain.ChainStatus.Length == 0)
        {
            return "chain could not be built";
        }

        return string.Join("; ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct(StringComparer.Ordinal));
    }
}
