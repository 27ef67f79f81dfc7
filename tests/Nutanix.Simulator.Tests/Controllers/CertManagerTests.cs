using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Nutanix.Capi.Schema;
using Nutanix.Simulator.Kube;

namespace Nutanix.Simulator.Tests.Controllers;

/// <summary>
/// The emulated cert-manager on a bare cluster: nothing happens until its CRDs exist and its controller and cainjector
/// Deployments are Available; then Issuers turn Ready, Certificates are issued into their Secrets, and CRDs and
/// webhook configurations annotated for CA injection get the CA bundle.
/// </summary>
public sealed class CertManagerTests
{
    private static JsonObject? Ready(JsonObject? obj) =>
        obj?["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");

    private static void InstallCrds(ControllerHarness h, params string[] names)
    {
        var crds = h.Store.Resource("apiextensions.k8s.io", "customresourcedefinitions");
        foreach (var name in names) h.Store.Create(crds, CrdSnapshot.Get(name));
    }

    private static string ControllerDeployment(string name, string image) => """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: NAME, namespace: cert-manager}
        spec:
          replicas: 1
          selector: {matchLabels: {app.kubernetes.io/name: NAME}}
          template:
            metadata: {labels: {app.kubernetes.io/name: NAME}}
            spec:
              containers:
              - {name: NAME, image: "IMAGE", args: ["--v=2", "--leader-election-namespace=kube-system"]}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("IMAGE", image, StringComparison.Ordinal);

    [Fact]
    public async Task Issues_certificates_once_installed_and_injects_the_ca_into_annotated_crds_and_webhooks()
    {
        await using var h = await ControllerHarness.StartAsync(bare: true);
        h.CreateNamespace("cert-manager");
        h.CreateNamespace("capi-system");
        InstallCrds(h, "issuers.cert-manager.io", "clusterissuers.cert-manager.io", "certificates.cert-manager.io", "certificaterequests.cert-manager.io");
        h.Apply("""
            apiVersion: cert-manager.io/v1
            kind: Issuer
            metadata: {name: capi-selfsigned-issuer, namespace: capi-system}
            spec: {selfSigned: {}}
            ---
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: capi-serving-cert, namespace: capi-system}
            spec:
              dnsNames: [capi-webhook-service.capi-system.svc, capi-webhook-service.capi-system.svc.cluster.local]
              issuerRef: {kind: Issuer, name: capi-selfsigned-issuer}
              secretName: capi-webhook-service-cert
              subject: {organizations: [k8s-sig-cluster-lifecycle]}
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata:
              name: capi-validating-webhook-configuration
              annotations: {cert-manager.io/inject-ca-from: capi-system/capi-serving-cert}
            webhooks:
            - name: validation.cluster.cluster.x-k8s.io
              admissionReviewVersions: [v1]
              sideEffects: None
              clientConfig: {service: {name: capi-webhook-service, namespace: capi-system, path: /validate-cluster-x-k8s-io-v1beta2-cluster}}
            """);
        var clusters = CrdSnapshot.Get("clusterclasses.cluster.x-k8s.io");
        clusters["metadata"]!["annotations"] = new JsonObject { ["cert-manager.io/inject-ca-from"] = "capi-system/capi-serving-cert" };
        clusters["spec"]!["conversion"] = JsonNode.Parse("""{"strategy":"Webhook","webhook":{"conversionReviewVersions":["v1","v1beta1"],"clientConfig":{"service":{"name":"capi-webhook-service","namespace":"capi-system","path":"/convert"}}}}""");
        h.Store.Create(h.Store.Resource("apiextensions.k8s.io", "customresourcedefinitions"), clusters);

        // not installed yet: nothing is issued
        await Task.Delay(300);
        Assert.Null(Ready(h.Get("cert-manager.io", "certificates", "capi-serving-cert", "capi-system")));
        Assert.Null(h.Get("", "secrets", "capi-webhook-service-cert", "capi-system"));

        h.Apply(ControllerDeployment("cert-manager", "quay.io/jetstack/cert-manager-controller:v1.20.2"));
        await ControllerHarness.WaitForAsync(() => (string?)Ready(h.Get("cert-manager.io", "certificates", "capi-serving-cert", "capi-system"))?["status"] == "True",
            () => h.Get("cert-manager.io", "certificates", "capi-serving-cert", "capi-system")?.ToJsonString() ?? "");
        Assert.Equal("IsReady", (string?)Ready(h.Get("cert-manager.io", "issuers", "capi-selfsigned-issuer", "capi-system"))!["reason"]);
        var certificate = h.Get("cert-manager.io", "certificates", "capi-serving-cert", "capi-system")!;
        Assert.Equal("Certificate is up to date and has not expired", (string?)Ready(certificate)!["message"]);
        Assert.NotNull(certificate["status"]!["notAfter"]);
        var secret = h.Get("", "secrets", "capi-webhook-service-cert", "capi-system")!;
        Assert.Equal("kubernetes.io/tls", (string?)secret["type"]);
        Assert.Equal("capi-serving-cert", (string?)secret["metadata"]!["annotations"]!["cert-manager.io/certificate-name"]);
        string Data(string key) => Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]![key]!));
        using var issued = X509Certificate2.CreateFromPem(Data("tls.crt"), Data("tls.key"));
        Assert.True(issued.HasPrivateKey);
        var san = issued.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("capi-webhook-service.capi-system.svc", san.EnumerateDnsNames());
        Assert.Equal(Data("tls.crt").Trim(), Data("ca.crt").Trim()); // self-signed: its own CA

        // the cainjector is not running yet: no bundle
        Assert.Null(h.Get("admissionregistration.k8s.io", "validatingwebhookconfigurations", "capi-validating-webhook-configuration", "")!["webhooks"]![0]!["clientConfig"]!["caBundle"]);
        h.Apply(ControllerDeployment("cert-manager-cainjector", "quay.io/jetstack/cert-manager-cainjector:v1.20.2"));
        await ControllerHarness.WaitForAsync(
            () => (string?)h.Get("admissionregistration.k8s.io", "validatingwebhookconfigurations", "capi-validating-webhook-configuration", "")!["webhooks"]![0]!["clientConfig"]!["caBundle"] is not null
                && (string?)h.Store.Get(h.Store.Resource("apiextensions.k8s.io", "customresourcedefinitions"), null, "clusterclasses.cluster.x-k8s.io")["spec"]!["conversion"]!["webhook"]!["clientConfig"]!["caBundle"] is not null,
            () => "caBundle not injected");
        Assert.Equal((string?)secret["data"]!["ca.crt"], (string?)h.Get("admissionregistration.k8s.io", "validatingwebhookconfigurations", "capi-validating-webhook-configuration", "")!["webhooks"]![0]!["clientConfig"]!["caBundle"]);

        // a deleted Secret is issued again
        h.Delete("", "secrets", "capi-webhook-service-cert", "capi-system");
        await ControllerHarness.WaitForAsync(() => h.Get("", "secrets", "capi-webhook-service-cert", "capi-system") is not null, () => "secret not re-issued");
    }

    [Fact]
    public async Task A_ca_issuer_signs_with_its_key_pair_and_waits_for_it()
    {
        await using var h = await ControllerHarness.StartAsync(bare: true);
        h.CreateNamespace("cert-manager");
        InstallCrds(h, "issuers.cert-manager.io", "clusterissuers.cert-manager.io", "certificates.cert-manager.io");
        h.Apply(ControllerDeployment("cert-manager", "quay.io/jetstack/cert-manager-controller:v1.20.2"));
        h.Apply("""
            apiVersion: cert-manager.io/v1
            kind: Issuer
            metadata: {name: root, namespace: default}
            spec: {selfSigned: {}}
            ---
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: root-ca, namespace: default}
            spec: {isCA: true, commonName: sim-root, secretName: root-ca, issuerRef: {name: root}, privateKey: {algorithm: ECDSA, size: 256}}
            ---
            apiVersion: cert-manager.io/v1
            kind: Issuer
            metadata: {name: ca, namespace: default}
            spec: {ca: {secretName: root-ca}}
            ---
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: leaf, namespace: default}
            spec: {commonName: leaf.example, dnsNames: [leaf.example], secretName: leaf-tls, issuerRef: {name: ca, kind: Issuer}}
            """);
        await ControllerHarness.WaitForAsync(() => (string?)Ready(h.Get("cert-manager.io", "certificates", "leaf"))?["status"] == "True",
            () => h.Get("cert-manager.io", "certificates", "leaf")?.ToJsonString() ?? "");
        Assert.Equal("KeyPairVerified", (string?)Ready(h.Get("cert-manager.io", "issuers", "ca"))!["reason"]);
        string Data(string secret, string key) => Encoding.UTF8.GetString(Convert.FromBase64String((string)h.Get("", "secrets", secret)!["data"]![key]!));
        using var root = X509Certificate2.CreateFromPem(Data("root-ca", "tls.crt"));
        using var leaf = X509Certificate2.CreateFromPem(Data("leaf-tls", "tls.crt"));
        Assert.Equal(root.SubjectName.Name, leaf.IssuerName.Name);
        Assert.Equal(Data("root-ca", "tls.crt").Trim(), Data("leaf-tls", "ca.crt").Trim());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        // an issuer the simulator does not emulate says so
        h.Apply("""
            apiVersion: cert-manager.io/v1
            kind: Issuer
            metadata: {name: acme, namespace: default}
            spec: {acme: {server: https://acme.example/directory, privateKeySecretRef: {name: acme-key}, solvers: []}}
            """);
        await ControllerHarness.WaitForAsync(() => Ready(h.Get("cert-manager.io", "issuers", "acme")) is not null, () => "acme issuer untouched");
        Assert.Equal("False", (string?)Ready(h.Get("cert-manager.io", "issuers", "acme"))!["status"]);
    }

    [Fact]
    public async Task The_running_webhook_writes_its_serving_ca_which_is_injected_into_its_own_webhook_configurations()
    {
        await using var h = await ControllerHarness.StartAsync(bare: true);
        h.CreateNamespace("cert-manager");
        InstallCrds(h, "issuers.cert-manager.io", "clusterissuers.cert-manager.io", "certificates.cert-manager.io");
        h.Apply("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata:
              name: cert-manager-webhook
              annotations: {cert-manager.io/inject-ca-from-secret: cert-manager/cert-manager-webhook-ca}
            webhooks:
            - name: webhook.cert-manager.io
              admissionReviewVersions: [v1]
              sideEffects: None
              clientConfig: {service: {name: cert-manager-webhook, namespace: cert-manager, path: /mutate}}
            """);
        h.Apply(ControllerDeployment("cert-manager-cainjector", "quay.io/jetstack/cert-manager-cainjector:v1.20.2"));
        await Task.Delay(300);
        Assert.Null(h.Get("", "secrets", "cert-manager-webhook-ca", "cert-manager"));

        h.Apply(ControllerDeployment("cert-manager-webhook", "quay.io/jetstack/cert-manager-webhook:v1.20.2")
            .Replace("\"--v=2\"", "\"--dynamic-serving-ca-secret-namespace=$(POD_NAMESPACE)\", \"--dynamic-serving-ca-secret-name=cert-manager-webhook-ca\"", StringComparison.Ordinal));
        await ControllerHarness.WaitForAsync(
            () => (string?)h.Get("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "cert-manager-webhook", "")!["webhooks"]![0]!["clientConfig"]!["caBundle"] is not null,
            () => "webhook CA not injected");
        var ca = h.Get("", "secrets", "cert-manager-webhook-ca", "cert-manager")!;
        Assert.Equal((string?)ca["data"]!["ca.crt"], (string?)h.Get("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "cert-manager-webhook", "")!["webhooks"]![0]!["clientConfig"]!["caBundle"]);
        using var certificate = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String((string)ca["data"]!["ca.crt"]!)));
        Assert.True(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }
}
