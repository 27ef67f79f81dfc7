using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nutanix.Simulator.Kube;

namespace Nutanix.Simulator.Tests.Kube;

/// <summary>
/// Hosts the Kubernetes API in-process over HTTPS on 127.0.0.1:0 with a test-generated self-signed certificate,
/// and writes a kubeconfig (CA data + bearer token) for the real kubectl.
/// </summary>
public sealed class KubeTestServer : IAsyncDisposable
{
    public const string Token = "test-token-0123456789";

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private KubeTestServer(WebApplication app, string directory, string baseAddress, X509Certificate2 certificate, bool ownsDirectory)
    {
        _app = app;
        Directory = directory;
        BaseAddress = baseAddress;
        Certificate = certificate;
        _ownsDirectory = ownsDirectory;
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sim
              cluster:
                server: {baseAddress}
                certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()))}
            users:
            - name: sim
              user:
                token: {Token}
            contexts:
            - name: sim
              context:
                cluster: sim
                user: sim
            current-context: sim
            """);
        Client = CreateClient(Token);
    }

    /// <summary>Scratch directory (state, kubeconfig, kubectl cache); removed on dispose.</summary>
    public string Directory { get; }

    public string StateDirectory => Path.Combine(Directory, "state");

    public string BaseAddress { get; }

    public X509Certificate2 Certificate { get; }

    public string KubeconfigPath { get; }

    /// <summary>An HttpClient presenting the right token and trusting the test certificate.</summary>
    public HttpClient Client { get; }

    public KubeStore Store => _app.Services.GetRequiredService<KubeStore>();

    public IServiceProvider Services => _app.Services;

    public static async Task<KubeTestServer> StartAsync(bool bare = false, string? directory = null)
    {
        var ownsDirectory = directory is null;
        directory ??= Path.Combine(Path.GetTempPath(), "kube-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Services.AddKubeApi(new KubeApiOptions
        {
            StateDirectory = Path.Combine(directory, "state"),
            BearerToken = Token,
            CrdDirectory = null,
            Bare = bare,
        });
        var app = builder.Build();
        app.MapKubeApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new KubeTestServer(app, directory, $"https://127.0.0.1:{port}", certificate, ownsDirectory);
    }

    public HttpClient CreateClient(string? token)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.Thumbprint == Certificate.Thumbprint,
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromSeconds(20) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Stops the server; with <paramref name="keepDirectory"/> the state stays for a restart.</summary>
    public async Task StopAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=nutanix-sim-kube-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    // ----- small HTTP helpers for tests -----

    public async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!.AsObject());
    }
}
