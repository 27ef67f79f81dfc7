using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// The workload cluster's CA (<c>&lt;cluster&gt;-ca</c>, keys <c>tls.crt</c>/<c>tls.key</c>) and admin kubeconfig
/// (<c>&lt;cluster&gt;-kubeconfig</c>, key <c>value</c>) as the KubeadmControlPlane controller writes them:
/// type <c>cluster.x-k8s.io/secret</c>, label <c>cluster.x-k8s.io/cluster-name</c>, owned by the control plane.
/// The kubeconfig's server is <c>https://&lt;controlPlaneEndpoint.host&gt;:&lt;port&gt;</c> and its client
/// certificate is signed by the cluster CA.
/// </summary>
internal static class ClusterCertificates
{
    public const string SecretType = "cluster.x-k8s.io/secret";

    /// <summary>Creates the CA and kubeconfig Secrets when missing.</summary>
    public static void Ensure(ReconcileContext ctx, JsonObject owner, string ns, string clusterName, string host, int port)
    {
        var caName = clusterName + "-ca";
        var ca = ctx.Get(ctx.Types.Secret, ns, caName);
        if (ca is null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN=kubernetes", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            using var cert = request.CreateSelfSigned(ctx.Now.AddMinutes(-5), ctx.Now.AddYears(10));
            ca = ctx.Create(ctx.Types.Secret, NewSecret(owner, ns, caName, new JsonObject
            {
                ["tls.crt"] = B64(cert.ExportCertificatePem()),
                ["tls.key"] = B64(key.ExportPkcs8PrivateKeyPem()),
            }));
            if (ca is null) return;
        }

        var kubeconfigName = clusterName + "-kubeconfig";
        if (ctx.Get(ctx.Types.Secret, ns, kubeconfigName) is not null) return;
        var caPem = Text(ca["data"]?["tls.crt"]);
        var caKeyPem = Text(ca["data"]?["tls.key"]);
        if (caPem is null || caKeyPem is null) return;
        using var caCert = X509Certificate2.CreateFromPem(caPem, caKeyPem);
        using var caKey = caCert.GetECDsaPrivateKey();
        if (caKey is null) return;
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientRequest = new CertificateRequest("CN=kubernetes-admin, O=system:masters", clientKey, HashAlgorithmName.SHA256);
        clientRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using var clientCert = clientRequest.Create(caCert.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), ctx.Now.AddMinutes(-5), ctx.Now.AddYears(1), serial);

        var user = clusterName + "-admin";
        var context = $"{user}@{clusterName}";
        var kubeconfig = $"""
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: {B64(caPem)}
                server: https://{host}:{port}
              name: {clusterName}
            contexts:
            - context:
                cluster: {clusterName}
                user: {user}
              name: {context}
            current-context: {context}
            kind: Config
            preferences: {'{'}{'}'}
            users:
            - name: {user}
              user:
                client-certificate-data: {B64(clientCert.ExportCertificatePem())}
                client-key-data: {B64(clientKey.ExportPkcs8PrivateKeyPem())}

            """;
        ctx.Create(ctx.Types.Secret, NewSecret(owner, ns, kubeconfigName, new JsonObject { ["value"] = B64(kubeconfig) }));
    }

    private static JsonObject NewSecret(JsonObject owner, string ns, string name, JsonObject data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["type"] = SecretType,
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { [MachineLabels.ClusterName] = name[..name.LastIndexOf('-')] },
            ["ownerReferences"] = new JsonArray(ObjectMeta.Reference(owner, controller: true)),
        },
        ["data"] = data,
    };

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string? Text(JsonNode? b64)
    {
        if (b64 is not JsonValue v || !v.TryGetValue<string>(out var s)) return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
