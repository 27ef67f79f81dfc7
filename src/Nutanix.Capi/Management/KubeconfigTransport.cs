using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace Nutanix.Capi.Management;

/// <summary>
/// The HTTP handler chain for a management cluster, built from a kubeconfig that KubernetesClient has loaded and
/// resolved (<see cref="KubernetesClientConfiguration"/>: context, cluster, user, exec plugin). We take the library
/// for kubeconfig semantics but not its generated API client: constructing <c>k8s.Kubernetes</c> roots every
/// Kubernetes model type and its JSON metadata in the native-AOT binary (about 23 MB of a 36 MB provider, and the
/// memory and startup time to load it), while this client only needs a URL, TLS settings and credentials.
/// </summary>
internal static class KubeconfigTransport
{
    /// <summary>A handler enforcing the kubeconfig's TLS settings and adding its credentials to every request.</summary>
    public static HttpMessageHandler Create(KubernetesClientConfiguration configuration, ExecCredentialPlugin? exec = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var credentials = new CredentialsHandler(configuration, exec);
        var transport = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            SslOptions = TlsOptions(configuration, credentials),
            // Requests go over HTTP/2 where the server offers it (ManagementClusterClient); when the server's limit of
            // concurrent streams on one connection is reached (100 on most apiservers, and every open watch holds one),
            // a second connection is opened instead of queueing requests behind long-lived watches.
            EnableMultipleHttp2Connections = true,
        };
        credentials.InnerHandler = transport;
        return credentials;
    }

    private static SslClientAuthenticationOptions TlsOptions(KubernetesClientConfiguration configuration, CredentialsHandler credentials)
    {
        var options = new SslClientAuthenticationOptions();
        if (!string.IsNullOrEmpty(configuration.TlsServerName))
        {
            options.TargetHost = configuration.TlsServerName;
        }

        var clientCertificate = ClientCertificate(configuration);
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }
        else if (credentials.HasExecPlugin)
        {
            // An exec plugin may answer with a client certificate: it ran (CredentialsHandler) before the connection.
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => credentials.ExecCertificate!;
        }

        if (configuration.SkipTlsVerify)
        {
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (configuration.SslCaCerts is { Count: > 0 } authorities)
        {
            // certificate-authority(-data): trust exactly these roots, as kubectl does, and still check the name.
            options.RemoteCertificateValidationCallback = (_, certificate, presented, errors) =>
                certificate is not null &&
                (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 &&
                (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0 &&
                ChainsTo(certificate, presented, authorities);
        }

        return options;
    }

    private static bool ChainsTo(X509Certificate certificate, X509Chain? presented, X509Certificate2Collection authorities)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // Intermediates the server sent along with its certificate.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }

    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration configuration)
    {
        var certificate = Pem(configuration.ClientCertificateData, configuration.ClientCertificateFilePath);
        var key = Pem(configuration.ClientCertificateKeyData, configuration.ClientKeyFilePath);
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new k8s.Exceptions.KubeConfigException(
                "the user has a client certificate without its key (or a key without its certificate); set both client-certificate(-data) and client-key(-data)");
        }

        using var ephemeral = X509Certificate2.CreateFromPem(certificate, key);
        // TLS client authentication needs a key the platform can use for the handshake; a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>kubeconfig "-data" fields hold base64 of the PEM text; the file variants hold the PEM itself.</summary>
    private static string? Pem(string? base64Data, string? path)
    {
        if (!string.IsNullOrEmpty(base64Data))
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64Data));
        }

        return string.IsNullOrEmpty(path) ? null : File.ReadAllText(path);
    }

    /// <summary>
    /// Adds the user's credentials: a token (static, from a token file, or from our <see cref="ExecCredentialPlugin"/>),
    /// or basic auth. An exec plugin answering with a client certificate instead has it presented in the TLS handshake.
    /// </summary>
    private sealed class CredentialsHandler(KubernetesClientConfiguration configuration, ExecCredentialPlugin? exec) : DelegatingHandler
    {
        private ExecCredential? _certificateSource;

        public bool HasExecPlugin => exec is not null;

        /// <summary>The client certificate of the exec plugin's last answer (null while it answered with a token).</summary>
        public X509Certificate2? ExecCertificate { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (exec is not null)
            {
                var credential = await exec.GetAsync(cancellationToken).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(credential.Token))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Token);
                }
                else if (!ReferenceEquals(credential, _certificateSource))
                {
                    using var ephemeral = X509Certificate2.CreateFromPem(credential.ClientCertificatePem, credential.ClientKeyPem);
                    ExecCertificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
                    _certificateSource = credential;
                }
            }
            else if (configuration.TokenProvider is { } provider)
            {
                request.Headers.Authorization = await provider.GetAuthenticationHeaderAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (!string.IsNullOrEmpty(configuration.AccessToken))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", configuration.AccessToken);
            }
            else if (!string.IsNullOrEmpty(configuration.Username))
            {
                var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{configuration.Username}:{configuration.Password}"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
