using System.Net;
using System.Text.Json.Nodes;
using Nutanix.Capi.Schema;
using Nutanix.Simulator.Kube;
using TestSupport.Tools;

namespace Nutanix.Simulator.Tests.Kube;

/// <summary>
/// CustomResourceDefinitions written through the API of a <c>--bare</c> server, with the real CRDs of the repository's
/// snapshot: conditions, kinds served at once, served/storage versions, validation, deletion with cleanup, restart,
/// and the real kubectl (apply, wait for Established, get, explain).
/// </summary>
public sealed class CrdLifecycleTests : IAsyncLifetime
{
    private const string CrdsPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private KubeTestServer _server = null!;

    public async Task InitializeAsync() => _server = await KubeTestServer.StartAsync(bare: true);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Json(string crdName) => CrdSnapshot.Get(crdName).ToJsonString();

    private async Task<JsonObject> CreateCrdAsync(string crdName)
    {
        var (code, body) = await _server.SendAsync(HttpMethod.Post, CrdsPath, Json(crdName));
        Assert.True(code == HttpStatusCode.Created, body.ToJsonString());
        return body;
    }

    private static string? Condition(JsonObject crd, string type) =>
        (string?)crd["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?["status"];

    private Task<ToolResult> KubectlAsync(params string[] args)
    {
        var all = new List<string> { "--kubeconfig", _server.KubeconfigPath, "--cache-dir", Path.Combine(_server.Directory, "kubectl-cache"), "--request-timeout=10s" };
        all.AddRange(args);
        return ExternalTool.Kubectl.RunAsync(all, workingDirectory: _server.Directory, environment: new Dictionary<string, string?> { ["HOME"] = _server.Directory }, timeout: TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Bare_serves_no_custom_kind_until_its_crd_is_created_then_serves_it_established_at_once()
    {
        var (_, crds) = await _server.SendAsync(HttpMethod.Get, CrdsPath);
        Assert.Empty(crds["items"]!.AsArray());
        var (_, groups) = await _server.SendAsync(HttpMethod.Get, "/apis");
        Assert.DoesNotContain(groups["groups"]!.AsArray(), g => ((string?)g!["name"])!.EndsWith("cluster.x-k8s.io", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await _server.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io/v1beta2/clusters")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.SendAsync(HttpMethod.Get, "/apis/clusterctl.cluster.x-k8s.io/v1alpha3/providers")).Code);

        var created = await CreateCrdAsync("clusters.cluster.x-k8s.io");
        Assert.Equal("True", Condition(created, "NamesAccepted"));
        Assert.Equal("True", Condition(created, "Established"));
        Assert.Equal(["v1beta2"], created["status"]!["storedVersions"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("Cluster", (string?)created["status"]!["acceptedNames"]!["kind"]);
        Assert.Contains(KubeStore.CrdCleanupFinalizer, created["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.Equal("None", (string?)created["spec"]!["conversion"]!["strategy"]);

        var (_, resources) = await _server.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io/v1beta2");
        Assert.Contains(resources["resources"]!.AsArray(), r => (string?)r!["name"] == "clusters");
        Assert.Contains(resources["resources"]!.AsArray(), r => (string?)r!["name"] == "clusters/status");
        var (_, group) = await _server.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io");
        Assert.Equal("v1beta2", (string?)group["preferredVersion"]!["version"]);

        await _server.SendAsync(HttpMethod.Post, "/api/v1/namespaces", Manifests.Namespace("crd-ns"));
        var (ok, cluster) = await _server.SendAsync(HttpMethod.Post, "/apis/cluster.x-k8s.io/v1beta2/namespaces/crd-ns/clusters",
            """{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Cluster","metadata":{"name":"c1"},"spec":{"controlPlaneEndpoint":{"host":"10.0.0.1","port":6443}}}""");
        Assert.True(ok == HttpStatusCode.Created, cluster.ToJsonString());

        // the schema of the installed CRD is enforced
        var (invalid, status) = await _server.SendAsync(HttpMethod.Post, "/apis/cluster.x-k8s.io/v1beta2/namespaces/crd-ns/clusters",
            """{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Cluster","metadata":{"name":"c2"},"spec":{"controlPlaneEndpoint":{"host":"10.0.0.1","port":"not-a-port"}}}""");
        Assert.True(invalid == HttpStatusCode.UnprocessableEntity, status.ToJsonString());
        Assert.Contains("spec.controlPlaneEndpoint.port", status.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_crds_are_refused_naming_the_field()
    {
        var wrongName = CrdSnapshot.Get("machines.cluster.x-k8s.io");
        wrongName["metadata"]!["name"] = "machine.cluster.x-k8s.io";
        var (code, status) = await _server.SendAsync(HttpMethod.Post, CrdsPath, wrongName.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("metadata.name", status.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("must be spec.names.plural+\".\"+spec.group", (string?)status["message"], StringComparison.Ordinal);

        var twoStorage = CrdSnapshot.Get("machines.cluster.x-k8s.io");
        foreach (var v in twoStorage["spec"]!["versions"]!.AsArray()) v!["storage"] = true;
        (code, status) = await _server.SendAsync(HttpMethod.Post, CrdsPath, twoStorage.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("must have exactly one version marked as storage version", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io/v1beta2/machines")).Code);
    }

    [Fact]
    public async Task Served_versions_follow_updates_and_a_stored_version_cannot_be_dropped()
    {
        var crd = await CreateCrdAsync("machinesets.cluster.x-k8s.io");
        Assert.Equal(HttpStatusCode.OK, (await _server.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io/v1beta1/machinesets")).Code);

        foreach (var v in crd["spec"]!["versions"]!.AsArray().Where(v => (string?)v!["name"] == "v1beta1")) v!["served"] = false;
        var (code, updated) = await _server.SendAsync(HttpMethod.Put, CrdsPath + "/machinesets.cluster.x-k8s.io", crd.ToJsonString());
        Assert.True(code == HttpStatusCode.OK, updated.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await _server.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io/v1beta1/machinesets")).Code);
        Assert.Equal(HttpStatusCode.OK, (await _server.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io/v1beta2/machinesets")).Code);
        var (_, v1beta1) = await _server.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io");
        Assert.DoesNotContain(v1beta1["versions"]!.AsArray(), v => (string?)v!["version"] == "v1beta1");

        var dropStored = updated.DeepClone().AsObject();
        var versions = dropStored["spec"]!["versions"]!.AsArray();
        versions.Remove(versions.Single(v => (string?)v!["name"] == "v1beta2"));
        versions[0]!["storage"] = true;
        (code, var status) = await _server.SendAsync(HttpMethod.Put, CrdsPath + "/machinesets.cluster.x-k8s.io", dropStored.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("must appear in spec.versions", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_crd_deletes_its_objects_respecting_finalizers_then_stops_serving_the_kind()
    {
        await CreateCrdAsync("providers.clusterctl.cluster.x-k8s.io");
        await _server.SendAsync(HttpMethod.Post, "/api/v1/namespaces", Manifests.Namespace("capi-system"));
        const string providers = "/apis/clusterctl.cluster.x-k8s.io/v1alpha3/namespaces/capi-system/providers";
        var (code, body) = await _server.SendAsync(HttpMethod.Post, providers,
            """{"apiVersion":"clusterctl.cluster.x-k8s.io/v1alpha3","kind":"Provider","metadata":{"name":"cluster-api","finalizers":["example.com/hold"]},"providerName":"cluster-api","type":"CoreProvider","version":"v1.13.1"}""");
        Assert.True(code == HttpStatusCode.Created, body.ToJsonString());

        var (deleted, crd) = await _server.SendAsync(HttpMethod.Delete, CrdsPath + "/providers.clusterctl.cluster.x-k8s.io");
        Assert.Equal(HttpStatusCode.OK, deleted);
        (_, crd) = await _server.SendAsync(HttpMethod.Get, CrdsPath + "/providers.clusterctl.cluster.x-k8s.io");
        Assert.Equal("True", Condition(crd, "Terminating"));
        var (_, provider) = await _server.SendAsync(HttpMethod.Get, providers + "/cluster-api");
        Assert.NotNull(provider["metadata"]!["deletionTimestamp"]);
        var (refused, status) = await _server.SendAsync(HttpMethod.Post, providers,
            """{"apiVersion":"clusterctl.cluster.x-k8s.io/v1alpha3","kind":"Provider","metadata":{"name":"other"}}""");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused);
        Assert.Contains("terminating", (string?)status["message"], StringComparison.Ordinal);

        var (patched, _) = await _server.SendAsync(HttpMethod.Patch, providers + "/cluster-api", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.SendAsync(HttpMethod.Get, CrdsPath + "/providers.clusterctl.cluster.x-k8s.io")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.SendAsync(HttpMethod.Get, providers)).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.SendAsync(HttpMethod.Get, "/apis/clusterctl.cluster.x-k8s.io")).Code);
    }

    [Fact]
    public async Task Crds_and_their_objects_written_through_the_api_survive_a_restart()
    {
        await CreateCrdAsync("nutanixfailuredomains.infrastructure.cluster.x-k8s.io");
        await _server.SendAsync(HttpMethod.Post, "/api/v1/namespaces", Manifests.Namespace("fd"));
        var (code, body) = await _server.SendAsync(HttpMethod.Post, "/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/fd/nutanixfailuredomains",
            """{"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"NutanixFailureDomain","metadata":{"name":"fd-a"},"spec":{"prismElementCluster":{"type":"name","name":"pe-a"},"subnets":[{"type":"name","name":"vlan-a"}]}}""");
        Assert.True(code == HttpStatusCode.Created, body.ToJsonString());

        var directory = _server.Directory;
        await _server.StopAsync();
        _server = await KubeTestServer.StartAsync(bare: true, directory: directory);
        var (_, crd) = await _server.SendAsync(HttpMethod.Get, CrdsPath + "/nutanixfailuredomains.infrastructure.cluster.x-k8s.io");
        Assert.Equal("True", Condition(crd, "Established"));
        var (found, fd) = await _server.SendAsync(HttpMethod.Get, "/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/fd/nutanixfailuredomains/fd-a");
        Assert.True(found == HttpStatusCode.OK, fd.ToJsonString());
        Assert.Equal("pe-a", (string?)fd["spec"]!["prismElementCluster"]!["name"]);
    }

    [Fact]
    public async Task Webhook_configurations_are_stored_and_served()
    {
        const string path = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";
        var (code, body) = await _server.SendAsync(HttpMethod.Post, path, """
            {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingWebhookConfiguration",
             "metadata":{"name":"capi-validating-webhook-configuration","annotations":{"cert-manager.io/inject-ca-from":"capi-system/capi-serving-cert"}},
             "webhooks":[{"name":"validation.cluster.cluster.x-k8s.io","admissionReviewVersions":["v1"],"sideEffects":"None",
                          "clientConfig":{"service":{"name":"capi-webhook-service","namespace":"capi-system","path":"/validate-cluster-x-k8s-io-v1beta2-cluster"}},
                          "rules":[{"apiGroups":["cluster.x-k8s.io"],"apiVersions":["v1beta2"],"operations":["CREATE","UPDATE"],"resources":["clusters"]}]}]}
            """);
        Assert.True(code == HttpStatusCode.Created, body.ToJsonString());
        var (_, list) = await _server.SendAsync(HttpMethod.Get, path);
        Assert.Equal("validation.cluster.cluster.x-k8s.io", (string?)list["items"]![0]!["webhooks"]![0]!["name"]);
        Assert.Equal(HttpStatusCode.OK, (await _server.SendAsync(HttpMethod.Get, "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations")).Code);
    }

    [Fact]
    public async Task Kubectl_applies_a_crd_waits_for_established_and_uses_the_new_kind_at_once()
    {
        var file = Path.Combine(_server.Directory, "issuers.yaml");
        await File.WriteAllTextAsync(file, CrdSnapshot.Yaml("issuers.cert-manager.io"));
        var apply = await KubectlAsync("apply", "-f", file);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var wait = await KubectlAsync("wait", "--for=condition=Established", "crd/issuers.cert-manager.io", "--timeout=10s");
        Assert.True(wait.ExitCode == 0, wait.ToString());

        var issuer = Path.Combine(_server.Directory, "issuer.yaml");
        await File.WriteAllTextAsync(issuer, "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: selfsigned\n  namespace: default\nspec:\n  selfSigned: {}\n");
        var created = await KubectlAsync("apply", "-f", issuer);
        Assert.True(created.ExitCode == 0, created.ToString());
        var get = await KubectlAsync("get", "issuers", "-n", "default", "-o", "name");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("issuer.cert-manager.io/selfsigned", get.StandardOutput, StringComparison.Ordinal);
        var explain = await KubectlAsync("explain", "issuers.spec.selfSigned");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Contains("crlDistributionPoints", explain.StandardOutput, StringComparison.Ordinal);

        // a field the installed schema does not know is refused by kubectl's (server-side) validation
        await File.WriteAllTextAsync(issuer, "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: bad\n  namespace: default\nspec:\n  selfSigned: {}\n  bogus: 1\n");
        var strict = await KubectlAsync("apply", "-f", issuer);
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("bogus", strict.StandardError, StringComparison.Ordinal);
    }
}

/// <summary><c>/openapi/v2</c>: the Swagger 2.0 document client-go's JSON readers use.</summary>
public sealed class OpenApiV2Tests(KubeServerFixture fixture) : IClassFixture<KubeServerFixture>
{
    private static IEnumerable<JsonObject> Nodes(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            yield return o;
            foreach (var (_, v) in o)
            {
                foreach (var n in Nodes(v)) yield return n;
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var v in a)
            {
                foreach (var n in Nodes(v)) yield return n;
            }
        }
    }

    [Fact]
    public async Task Serves_every_kind_as_swagger_2_with_v2_compatible_crd_schemas()
    {
        var (code, doc) = await fixture.Server.SendAsync(HttpMethod.Get, "/openapi/v2", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("2.0", (string?)doc["swagger"]);
        var definitions = doc["definitions"]!.AsObject();
        var cluster = definitions["io.x-k8s.cluster.v1beta2.Cluster"]!.AsObject();
        Assert.Equal("Cluster", (string?)cluster["x-kubernetes-group-version-kind"]![0]!["kind"]);
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)cluster["properties"]!["metadata"]!["allOf"]![0]!["$ref"]);
        Assert.True(definitions.ContainsKey("io.k8s.api.core.v1.Secret"));
        Assert.True(definitions.ContainsKey("io.x-k8s.cluster.infrastructure.v1beta1.NutanixMachineTemplate"));
        var patch = doc["paths"]!["/apis/cluster.x-k8s.io/v1beta2/namespaces/{namespace}/clusters/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation" && (string?)p["type"] == "string");
        Assert.Equal("#/definitions/io.x-k8s.cluster.v1beta2.Cluster", (string?)doc["paths"]!["/apis/cluster.x-k8s.io/v1beta2/namespaces/{namespace}/clusters/{name}"]!["get"]!["responses"]!["200"]!["schema"]!["$ref"]);

        var all = Nodes(definitions).ToList();
        Assert.DoesNotContain(all, n => n.ContainsKey("nullable") || n.ContainsKey("oneOf") || n.ContainsKey("anyOf") || n.ContainsKey("x-kubernetes-validations"));
        Assert.DoesNotContain(all, n => n.ContainsKey("x-kubernetes-int-or-string") && n.ContainsKey("type"));
        Assert.DoesNotContain(all, n => ((string?)n["$ref"])?.StartsWith("#/components/", StringComparison.Ordinal) == true);

        var (refused, _) = await fixture.Server.SendAsync(HttpMethod.Get, "/openapi/v2", accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        Assert.Equal(HttpStatusCode.NotAcceptable, refused);
    }
}
