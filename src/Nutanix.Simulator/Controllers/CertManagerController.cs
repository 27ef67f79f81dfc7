using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Nutanix.Simulator.Kube;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Emulates cert-manager once it is installed: its kinds are served only when their CRDs exist, and it acts only while
/// its controller Deployment (image <c>.../cert-manager-controller</c>) is Available — the CA injector only while
/// the cainjector Deployment (image <c>.../cert-manager-cainjector</c>) is. What it does:
/// <list type="bullet">
/// <item>Issuers and ClusterIssuers: <c>selfSigned</c> → Ready (IsReady); <c>ca</c> → Ready (KeyPairVerified) once
/// its <c>secretName</c> holds <c>tls.crt</c>/<c>tls.key</c>, else Ready=False (ErrGetKeyPair); other issuer types →
/// Ready=False (the simulator issues only self-signed and CA certificates).</item>
/// <item>Certificates whose issuer is Ready: a key (RSA 2048 by default, ECDSA P-256/P-384 with
/// <c>privateKey.algorithm: ECDSA</c>) and an X.509 certificate with the Certificate's common name, DNS names, IPs,
/// duration and <c>isCA</c>, written to the <c>spec.secretName</c> Secret (type <c>kubernetes.io/tls</c>:
/// <c>tls.crt</c>, <c>tls.key</c>, <c>ca.crt</c>, cert-manager's annotations); status Ready=True, notBefore,
/// notAfter, renewalTime, revision. Re-issued when the Secret disappears or the spec changes.</item>
/// <item>The running webhook (image <c>.../cert-manager-webhook</c>) writes its serving CA Secret
/// (<c>cert-manager-webhook-ca</c> unless its args name another).</item>
/// <item>CA injection: CRDs (<c>spec.conversion.webhook.clientConfig.caBundle</c>) and Validating/Mutating webhook
/// configurations (<c>webhooks[].clientConfig.caBundle</c>) annotated <c>cert-manager.io/inject-ca-from:
/// NS/CERTIFICATE</c> (or <c>inject-ca-from-secret: NS/SECRET</c>) get the <c>ca.crt</c> of that certificate's
/// Secret.</item>
/// </list>
/// </summary>
internal static class CertManagerController
{
    public const string Group = "cert-manager.io";
    public const string InjectFrom = "cert-manager.io/inject-ca-from";
    public const string InjectFromSecret = "cert-manager.io/inject-ca-from-secret";

    public static void Reconcile(ReconcileContext ctx)
    {
        var registry = ctx.Store.Registry;
        var certificates = registry.Find(Group, "certificates");
        var issuers = registry.Find(Group, "issuers");
        var clusterIssuers = registry.Find(Group, "clusterissuers");
        var (controller, injector, webhooks) = Installed(ctx);
        foreach (var webhook in webhooks) EnsureWebhookCa(ctx, webhook);
        if (controller)
        {
            foreach (var type in new[] { issuers, clusterIssuers }.OfType<ResourceType>())
            {
                foreach (var issuer in ctx.ListAll(type).Where(i => !ObjectMeta.IsDeleting(i))) ReconcileIssuer(ctx, type, issuer);
            }

            if (certificates is not null)
            {
                foreach (var certificate in ctx.ListAll(certificates).Where(c => !ObjectMeta.IsDeleting(c)))
                {
                    ReconcileCertificate(ctx, certificates, certificate, issuers, clusterIssuers);
                }
            }
        }

        if (injector) InjectCaBundles(ctx, certificates);
    }

    /// <summary>
    /// Whether the cert-manager controller and the cainjector run (their Deployments Available with a replica), and the
    /// running webhook Deployments.
    /// </summary>
    private static (bool Controller, bool Injector, List<JsonObject> Webhooks) Installed(ReconcileContext ctx)
    {
        bool controller = false, injector = false;
        var webhooks = new List<JsonObject>();
        foreach (var d in ctx.ListAll(ctx.Types.Deployment))
        {
            if (ObjectMeta.IsDeleting(d) || !Conditions.IsTrue(d["status"]?["conditions"] as JsonArray, "Available")
                || (JsonNumbers.Int(d["status"]?["availableReplicas"]) ?? 0) == 0)
            {
                continue;
            }

            foreach (var c in (d["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var image = (string?)c["image"] ?? "";
                var repository = image.Split('@')[0];
                var colon = repository.LastIndexOf(':');
                if (colon > repository.LastIndexOf('/')) repository = repository[..colon];
                controller |= repository.EndsWith("/cert-manager-controller", StringComparison.Ordinal);
                injector |= repository.EndsWith("/cert-manager-cainjector", StringComparison.Ordinal);
                if (repository.EndsWith("/cert-manager-webhook", StringComparison.Ordinal) && !webhooks.Contains(d)) webhooks.Add(d);
            }
        }

        return (controller, injector, webhooks);
    }

    /// <summary>
    /// The running cert-manager webhook keeps its own serving CA in a Secret (<c>--dynamic-serving-ca-secret-name</c>,
    /// default <c>cert-manager-webhook-ca</c>, in <c>--dynamic-serving-ca-secret-namespace</c> or its own namespace),
    /// which cert-manager's webhook configurations name with <c>inject-ca-from-secret</c>: create it when missing.
    /// </summary>
    private static void EnsureWebhookCa(ReconcileContext ctx, JsonObject deployment)
    {
        var ns = ObjectMeta.Namespace(deployment);
        string name = "cert-manager-webhook-ca", secretNs = ns;
        foreach (var c in (deployment["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var arg in (c["args"] as JsonArray ?? []).Select(a => (string?)a).OfType<string>())
            {
                if (arg.StartsWith("--dynamic-serving-ca-secret-name=", StringComparison.Ordinal)) name = arg[(arg.IndexOf('=') + 1)..];
                if (arg.StartsWith("--dynamic-serving-ca-secret-namespace=", StringComparison.Ordinal) && !arg.Contains("$(", StringComparison.Ordinal))
                {
                    secretNs = arg[(arg.IndexOf('=') + 1)..];
                }
            }
        }

        if (ctx.Get(ctx.Types.Secret, secretNs, name) is not null) return;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=cert-manager-webhook-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        using var ca = request.CreateSelfSigned(ctx.Now.AddMinutes(-1), ctx.Now.AddYears(1));
        var pem = ca.ExportCertificatePem() + "\n";
        ctx.Create(ctx.Types.Secret, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = secretNs,
                ["annotations"] = new JsonObject { ["cert-manager.io/allow-direct-injection"] = "true" },
            },
            ["type"] = "Opaque",
            ["data"] = new JsonObject
            {
                ["ca.crt"] = B64(pem),
                ["tls.crt"] = B64(pem),
                ["tls.key"] = B64(key.ExportPkcs8PrivateKeyPem() + "\n"),
            },
        });
    }

    private static void ReconcileIssuer(ReconcileContext ctx, ResourceType type, JsonObject issuer)
    {
        var spec = issuer["spec"] as JsonObject ?? new JsonObject();
        bool ready;
        string reason, message;
        if (spec["selfSigned"] is JsonObject)
        {
            (ready, reason, message) = (true, "IsReady", "");
        }
        else if ((string?)spec["ca"]?["secretName"] is { } caSecret)
        {
            // A ClusterIssuer's secret lives in cert-manager's cluster resource namespace (cert-manager by default).
            var ns = type.Namespaced ? ObjectMeta.Namespace(issuer) : "cert-manager";
            var secret = ctx.Get(ctx.Types.Secret, ns, caSecret);
            ready = secret?["data"]?["tls.crt"] is not null && secret["data"]?["tls.key"] is not null;
            (reason, message) = ready ? ("KeyPairVerified", "Signing CA verified") : ("ErrGetKeyPair", $"Error getting keypair for CA issuer: secrets \"{caSecret}\" not found");
        }
        else
        {
            (ready, reason, message) = (false, "NotSupported", "nutanix-sim's cert-manager issues only selfSigned and ca certificates");
        }

        var status = (issuer["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        SetCondition(Conditions.ArrayAt(status, "conditions"), "Ready", ready, reason, message, ctx.NowText, ObjectMeta.Generation(issuer));
        ctx.SetStatus(type, issuer, status);
    }

    private static void ReconcileCertificate(ReconcileContext ctx, ResourceType type, JsonObject certificate, ResourceType? issuers, ResourceType? clusterIssuers)
    {
        var ns = ObjectMeta.Namespace(certificate);
        var spec = certificate["spec"] as JsonObject ?? new JsonObject();
        var secretName = (string?)spec["secretName"];
        if (secretName is null) return;
        var generation = ObjectMeta.Generation(certificate);
        var status = (certificate["status"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject();
        var conditions = Conditions.ArrayAt(status, "conditions");
        var readyCondition = Conditions.Find(conditions, "Ready");
        var secret = ctx.Get(ctx.Types.Secret, ns, secretName);
        if (secret?["data"]?["tls.crt"] is not null && (string?)readyCondition?["status"] == "True"
            && JsonNumbers.Long(readyCondition?["observedGeneration"]) == generation)
        {
            return;
        }

        var issuerKind = (string?)spec["issuerRef"]?["kind"] ?? "Issuer";
        var issuerName = (string?)spec["issuerRef"]?["name"] ?? "";
        var issuerType = issuerKind == "ClusterIssuer" ? clusterIssuers : issuers;
        var issuer = issuerType is null ? null : ctx.Get(issuerType, issuerKind == "ClusterIssuer" ? "" : ns, issuerName);
        if (issuer is null || !Conditions.IsTrue(issuer["status"]?["conditions"] as JsonArray, "Ready"))
        {
            SetCondition(conditions, "Ready", false, "IssuerNotReady", issuer is null
                ? $"Issuing certificate as Secret does not exist: {issuerKind.ToLowerInvariant()}.cert-manager.io \"{issuerName}\" not found"
                : $"Issuing certificate as Secret does not exist: {issuerKind} {issuerName} is not Ready", ctx.NowText, generation);
            ctx.SetStatus(type, certificate, status);
            return;
        }

        var issued = Issue(ctx, certificate, issuer, issuerKind == "ClusterIssuer" ? "cert-manager" : ns);
        if (issued is null) return;
        var data = new JsonObject
        {
            ["tls.crt"] = B64(issued.Value.CertificatePem),
            ["tls.key"] = B64(issued.Value.KeyPem),
            ["ca.crt"] = B64(issued.Value.CaPem),
        };
        var annotations = new JsonObject
        {
            ["cert-manager.io/certificate-name"] = ObjectMeta.Name(certificate),
            ["cert-manager.io/issuer-name"] = issuerName,
            ["cert-manager.io/issuer-kind"] = issuerKind,
            ["cert-manager.io/issuer-group"] = Group,
            ["cert-manager.io/common-name"] = (string?)spec["commonName"] ?? "",
            ["cert-manager.io/alt-names"] = string.Join(",", Strings(spec["dnsNames"])),
            ["cert-manager.io/ip-sans"] = string.Join(",", Strings(spec["ipAddresses"])),
            ["cert-manager.io/uri-sans"] = "",
        };
        if (secret is null)
        {
            if (ctx.Create(ctx.Types.Secret, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = new JsonObject { ["name"] = secretName, ["namespace"] = ns, ["annotations"] = annotations },
                ["type"] = "kubernetes.io/tls",
                ["data"] = data,
            }) is null)
            {
                return;
            }
        }
        else
        {
            var next = ObjectMeta.Clone(secret);
            next["data"] = data;
            var merged = next["metadata"]!["annotations"] as JsonObject ?? new JsonObject();
            foreach (var (k, v) in annotations) merged[k] = v?.DeepClone();
            next["metadata"]!["annotations"] = merged;
            if (ctx.Update(ctx.Types.Secret, next) is null) return;
        }

        status["notBefore"] = issued.Value.NotBefore;
        status["notAfter"] = issued.Value.NotAfter;
        status["renewalTime"] = issued.Value.RenewalTime;
        status["revision"] = (JsonNumbers.Int(status["revision"]) ?? 0) + 1;
        SetCondition(conditions, "Ready", true, "Ready", "Certificate is up to date and has not expired", ctx.NowText, generation);
        ctx.SetStatus(type, certificate, status);
    }

    private readonly record struct Issued(string CertificatePem, string KeyPem, string CaPem, string NotBefore, string NotAfter, string RenewalTime);

    private static Issued? Issue(ReconcileContext ctx, JsonObject certificate, JsonObject issuer, string issuerNamespace)
    {
        var spec = certificate["spec"] as JsonObject ?? new JsonObject();
        var duration = Duration.TryParseSeconds((string?)spec["duration"] ?? "", out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromDays(90);
        var notBefore = ctx.Now.AddSeconds(-ctx.Now.Second).AddMinutes(-1);
        var notAfter = notBefore + duration;
        var commonName = (string?)spec["commonName"];
        var dnsNames = Strings(spec["dnsNames"]).ToList();
        var ips = Strings(spec["ipAddresses"]).ToList();
        var isCa = spec["isCA"]?.GetValue<bool>() == true;

        using AsymmetricAlgorithm key = (string?)spec["privateKey"]?["algorithm"] == "ECDSA"
            ? ECDsa.Create(JsonNumbers.Int(spec["privateKey"]?["size"]) == 384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256)
            : RSA.Create(JsonNumbers.Int(spec["privateKey"]?["size"]) is int size && size >= 2048 ? size : 2048);
        var subject = new X500DistinguishedName(commonName is { Length: > 0 } cn ? "CN=" + cn.Replace(",", "\\,", StringComparison.Ordinal) : "");
        var request = key is ECDsa ec ? new CertificateRequest(subject, ec, HashAlgorithmName.SHA256) : new CertificateRequest(subject, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (dnsNames.Count > 0 || ips.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var d in dnsNames) san.AddDnsName(d);
            foreach (var ip in ips)
            {
                if (System.Net.IPAddress.TryParse(ip, out var address)) san.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | (isCa ? X509KeyUsageFlags.KeyCertSign : 0), true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var keyPem = key is ECDsa e2 ? e2.ExportPkcs8PrivateKeyPem() : ((RSA)key).ExportPkcs8PrivateKeyPem();

        string certificatePem, caPem;
        if (issuer["spec"]?["selfSigned"] is JsonObject)
        {
            using var self = request.CreateSelfSigned(notBefore, notAfter);
            certificatePem = self.ExportCertificatePem();
            caPem = certificatePem;
        }
        else
        {
            var caSecret = ctx.Get(ctx.Types.Secret, issuerNamespace, (string?)issuer["spec"]?["ca"]?["secretName"] ?? "");
            var caCertPem = Text(caSecret?["data"]?["tls.crt"]);
            var caKeyPem = Text(caSecret?["data"]?["tls.key"]);
            if (caCertPem is null || caKeyPem is null) return null;
            using var ca = X509Certificate2.CreateFromPem(caCertPem, caKeyPem);
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7f;
            var signer = ca.GetECDsaPrivateKey() is { } caEc ? X509SignatureGenerator.CreateForECDsa(caEc)
                : X509SignatureGenerator.CreateForRSA(ca.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1);
            var end = notAfter > ca.NotAfter ? new DateTimeOffset(ca.NotAfter.ToUniversalTime()) : notAfter;
            using var signed = request.Create(ca.SubjectName, signer, notBefore, end, serial);
            certificatePem = signed.ExportCertificatePem();
            caPem = caCertPem;
        }

        var renewBefore = Duration.TryParseSeconds((string?)spec["renewBefore"] ?? "", out var rb) && rb > 0 ? TimeSpan.FromSeconds(rb) : duration / 3;
        return new Issued(certificatePem + "\n", keyPem + "\n", caPem.EndsWith('\n') ? caPem : caPem + "\n",
            Rfc3339(notBefore), Rfc3339(notAfter), Rfc3339(notAfter - renewBefore));
    }

    /// <summary>Writes the CA bundles the annotated CRDs and webhook configurations ask for.</summary>
    private static void InjectCaBundles(ReconcileContext ctx, ResourceType? certificates)
    {
        var registry = ctx.Store.Registry;
        var targets = new[]
        {
            registry.Find("apiextensions.k8s.io", "customresourcedefinitions"),
            registry.Find("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
            registry.Find("admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
        };
        foreach (var type in targets.OfType<ResourceType>())
        {
            foreach (var obj in ctx.ListAll(type))
            {
                if (ObjectMeta.IsDeleting(obj)) continue;
                var bundle = Bundle(ctx, obj, certificates);
                if (bundle is null) continue;
                var next = ObjectMeta.Clone(obj);
                var changed = false;
                foreach (var clientConfig in ClientConfigs(next))
                {
                    if ((string?)clientConfig["caBundle"] == bundle) continue;
                    clientConfig["caBundle"] = bundle;
                    changed = true;
                }

                if (changed) ctx.Update(type, next);
            }
        }
    }

    private static IEnumerable<JsonObject> ClientConfigs(JsonObject obj)
    {
        if ((string?)obj["kind"] == "CustomResourceDefinition")
        {
            if (obj["spec"]?["conversion"]?["webhook"]?["clientConfig"] is JsonObject c) yield return c;
            yield break;
        }

        foreach (var webhook in (obj["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (webhook["clientConfig"] is JsonObject c) yield return c;
        }
    }

    /// <summary>The base64 CA bundle an object's injection annotation names, or null (no annotation, not issued yet).</summary>
    private static string? Bundle(ReconcileContext ctx, JsonObject obj, ResourceType? certificates)
    {
        string? secretNs = null, secretName = null;
        if (ObjectMeta.Annotation(obj, InjectFrom) is { } from && Split(from) is { } cert && certificates is not null)
        {
            var certificate = ctx.Get(certificates, cert.Namespace, cert.Name);
            (secretNs, secretName) = (cert.Namespace, (string?)certificate?["spec"]?["secretName"]);
        }
        else if (ObjectMeta.Annotation(obj, InjectFromSecret) is { } fromSecret && Split(fromSecret) is { } s)
        {
            (secretNs, secretName) = (s.Namespace, s.Name);
        }

        if (secretNs is null || secretName is null) return null;
        var secret = ctx.Get(ctx.Types.Secret, secretNs, secretName);
        return (string?)secret?["data"]?["ca.crt"];
    }

    private static (string Namespace, string Name)? Split(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 || slash == value.Length - 1 ? null : (value[..slash], value[(slash + 1)..]);
    }

    private static void SetCondition(JsonArray list, string type, bool status, string reason, string message, string now, long generation)
    {
        var existing = Conditions.Find(list, type);
        var text = status ? "True" : "False";
        if (existing is not null && (string?)existing["status"] == text && (string?)existing["reason"] == reason
            && (string?)existing["message"] == message && JsonNumbers.Long(existing["observedGeneration"]) == generation)
        {
            return;
        }

        var c = new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["lastTransitionTime"] = existing is not null && (string?)existing["status"] == text ? (string?)existing["lastTransitionTime"] : now,
            ["reason"] = reason,
            ["message"] = message,
            ["observedGeneration"] = generation,
        };
        if (existing is null) list.Add((JsonNode)c);
        else list[list.IndexOf(existing)] = c;
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(v => (string?)v).OfType<string>() : [];

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string? Text(JsonNode? base64) =>
        (string?)base64 is { } s ? Encoding.UTF8.GetString(Convert.FromBase64String(s)) : null;

    private static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
