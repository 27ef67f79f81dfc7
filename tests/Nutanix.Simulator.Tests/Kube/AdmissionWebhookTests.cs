using System.Net;
using System.Text.Json.Nodes;
using Nutanix.Simulator.Kube;

namespace Nutanix.Simulator.Tests.Kube;

/// <summary>
/// The emulated CAPI ClusterResourceSet webhooks over HTTP: strategy defaulting, the immutable strategy and
/// clusterSelector on every write path (server-side apply, merge patch, PUT), and the denial answered the way
/// kube-apiserver relays a webhook's Invalid status.
/// </summary>
public sealed class AdmissionWebhookTests(KubeServerFixture fixture) : IClassFixture<KubeServerFixture>
{
    private const string Apply = "application/apply-patch+yaml";
    private const string MergePatch = "application/merge-patch+json";

    private KubeTestServer Server => fixture.Server;

    private static string Crss(string ns) => $"/apis/addons.cluster.x-k8s.io/v1beta2/namespaces/{ns}/clusterresourcesets";

    private async Task<string> NewNamespaceAsync()
    {
        var ns = "wh-" + Guid.NewGuid().ToString("N")[..10];
        var (code, body) = await Server.SendAsync(HttpMethod.Post, "/api/v1/namespaces", Manifests.Namespace(ns));
        Assert.True(code == HttpStatusCode.Created, body.ToJsonString());
        return ns;
    }

    private static string CrsYaml(string name, string? strategy, string label = "cni", string configMap = "cm-a")
    {
        var strategyLine = strategy is null ? "" : $"\n  strategy: {strategy}";
        return $"""
            apiVersion: addons.cluster.x-k8s.io/v1beta2
            kind: ClusterResourceSet
            metadata:
              name: {name}
            spec:
              clusterSelector:
                matchLabels: {"{"}addon: {label}{"}"}
              resources:
              - kind: ConfigMap
                name: {configMap}{strategyLine}
            """;
    }

    [Fact]
    public async Task Missing_strategy_defaults_to_ApplyOnce()
    {
        var ns = await NewNamespaceAsync();
        var (code, created) = await Server.SendAsync(HttpMethod.Patch, Crss(ns) + "/defaulted?fieldManager=tf", CrsYaml("defaulted", null), Apply);
        Assert.True(code == HttpStatusCode.Created, created.ToJsonString());
        Assert.Equal("ApplyOnce", (string?)created["spec"]!["strategy"]);
    }

    [Fact]
    public async Task Changing_the_strategy_by_apply_is_denied_like_the_apiserver_relays_the_webhook()
    {
        var ns = await NewNamespaceAsync();
        var (code, created) = await Server.SendAsync(HttpMethod.Patch, Crss(ns) + "/cni?fieldManager=tf", CrsYaml("cni", "ApplyOnce"), Apply);
        Assert.True(code == HttpStatusCode.Created, created.ToJsonString());

        var (denied, status) = await Server.SendAsync(HttpMethod.Patch, Crss(ns) + "/cni?fieldManager=tf&force=true", CrsYaml("cni", "Reconcile"), Apply);
        Assert.Equal((HttpStatusCode)422, denied);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal(422, (int?)status["code"]);
        Assert.Equal(
            "clusterresourcesets.addons.cluster.x-k8s.io \"cni\" is forbidden: admission webhook \"validation.clusterresourceset.addons.cluster.x-k8s.io\" " +
            "denied the request: ClusterResourceSet.addons.cluster.x-k8s.io \"cni\" is invalid: spec.strategy: Invalid value: \"Reconcile\": field is immutable",
            (string?)status["message"]);
        var details = status["details"]!;
        Assert.Equal("cni", (string?)details["name"]);
        Assert.Equal("addons.cluster.x-k8s.io", (string?)details["group"]);
        Assert.Equal("ClusterResourceSet", (string?)details["kind"]);
        var cause = details["causes"]!.AsArray().Single()!;
        Assert.Equal("FieldValueInvalid", (string?)cause["reason"]);
        Assert.Equal("spec.strategy", (string?)cause["field"]);
        Assert.Equal("Invalid value: \"Reconcile\": field is immutable", (string?)cause["message"]);

        // Nothing was written.
        var (_, stored) = await Server.SendAsync(HttpMethod.Get, Crss(ns) + "/cni");
        Assert.Equal("ApplyOnce", (string?)stored["spec"]!["strategy"]);
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)stored["metadata"]!["resourceVersion"]);

        // Dry run is admitted too (the webhook has no side effects), and denied the same way.
        var (dryRun, _) = await Server.SendAsync(HttpMethod.Patch, Crss(ns) + "/cni?fieldManager=tf&force=true&dryRun=All", CrsYaml("cni", "Reconcile"), Apply);
        Assert.Equal((HttpStatusCode)422, dryRun);
    }

    [Fact]
    public async Task Patch_and_put_are_checked_and_other_spec_changes_pass()
    {
        var ns = await NewNamespaceAsync();
        var (code, created) = await Server.SendAsync(HttpMethod.Patch, Crss(ns) + "/cni?fieldManager=tf", CrsYaml("cni", "Reconcile"), Apply);
        Assert.True(code == HttpStatusCode.Created, created.ToJsonString());

        var (patched, patchStatus) = await Server.SendAsync(HttpMethod.Patch, Crss(ns) + "/cni", """{"spec":{"strategy":"ApplyOnce"}}""", MergePatch);
        Assert.Equal((HttpStatusCode)422, patched);
        Assert.EndsWith("spec.strategy: Invalid value: \"ApplyOnce\": field is immutable", (string?)patchStatus["message"], StringComparison.Ordinal);

        // Both immutable fields at once: one aggregate message, one cause each, selector printed as Go prints it.
        var put = created.DeepClone().AsObject();
        put["spec"]!["strategy"] = "ApplyOnce";
        put["spec"]!["clusterSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["addon"] = "other" } };
        var (replaced, putStatus) = await Server.SendAsync(HttpMethod.Put, Crss(ns) + "/cni", put.ToJsonString());
        Assert.Equal((HttpStatusCode)422, replaced);
        Assert.EndsWith(
            "ClusterResourceSet.addons.cluster.x-k8s.io \"cni\" is invalid: [spec.strategy: Invalid value: \"ApplyOnce\": field is immutable, " +
            "spec.clusterSelector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"addon\":\"other\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable]",
            (string?)putStatus["message"], StringComparison.Ordinal);
        Assert.Equal(["spec.strategy", "spec.clusterSelector"], putStatus["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]));

        // Changing what the set delivers is allowed; so is re-applying the same strategy.
        var (changed, updated) = await Server.SendAsync(HttpMethod.Patch, Crss(ns) + "/cni?fieldManager=tf", CrsYaml("cni", "Reconcile", configMap: "cm-b"), Apply);
        Assert.True(changed == HttpStatusCode.OK, updated.ToJsonString());
        Assert.Equal("cm-b", (string?)updated["spec"]!["resources"]![0]!["name"]);
        Assert.Equal("Reconcile", (string?)updated["spec"]!["strategy"]);
    }

    [Fact]
    public async Task Deleting_and_creating_again_switches_the_strategy()
    {
        var ns = await NewNamespaceAsync();
        var (code, _) = await Server.SendAsync(HttpMethod.Patch, Crss(ns) + "/cni?fieldManager=tf", CrsYaml("cni", "ApplyOnce"), Apply);
        Assert.Equal(HttpStatusCode.Created, code);
        var (deleted, _) = await Server.SendAsync(HttpMethod.Delete, Crss(ns) + "/cni");
        Assert.Equal(HttpStatusCode.OK, deleted);
        var (recreated, body) = await Server.SendAsync(HttpMethod.Patch, Crss(ns) + "/cni?fieldManager=tf", CrsYaml("cni", "Reconcile"), Apply);
        Assert.True(recreated == HttpStatusCode.Created, body.ToJsonString());
        Assert.Equal("Reconcile", (string?)body["spec"]!["strategy"]);
    }

    [Fact]
    public async Task An_empty_cluster_selector_is_refused_on_create()
    {
        var ns = await NewNamespaceAsync();
        var json = """{"apiVersion":"addons.cluster.x-k8s.io/v1beta2","kind":"ClusterResourceSet","metadata":{"name":"all"},"spec":{"clusterSelector":{},"resources":[{"kind":"ConfigMap","name":"cm"}]}}""";
        var (code, status) = await Server.SendAsync(HttpMethod.Post, Crss(ns), json);
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal(
            "clusterresourcesets.addons.cluster.x-k8s.io \"all\" is forbidden: admission webhook \"validation.clusterresourceset.addons.cluster.x-k8s.io\" " +
            "denied the request: ClusterResourceSet.addons.cluster.x-k8s.io \"all\" is invalid: spec.clusterSelector: Invalid value: " +
            "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: selector must not be empty",
            (string?)status["message"]);
    }

    [Fact]
    public void Only_ClusterResourceSets_are_checked_and_the_in_process_store_api_is_admitted_too()
    {
        var registry = ResourceRegistry.Load(null);
        var crs = registry.FindByKind("addons.cluster.x-k8s.io", "ClusterResourceSet")!;
        var cluster = registry.FindByKind("cluster.x-k8s.io", "Cluster")!;
        var webhooks = CapiAdmissionWebhooks.Instance;
        var old = JsonNode.Parse("""{"metadata":{"name":"x"},"spec":{"strategy":"ApplyOnce","clusterSelector":{"matchLabels":{"a":"b"}}}}""")!.AsObject();
        var changed = JsonNode.Parse("""{"metadata":{"name":"x"},"spec":{"strategy":"Reconcile","clusterSelector":{"matchLabels":{"a":"b"}}}}""")!.AsObject();
        Assert.Throws<KubeApiException>(() => webhooks.Validate(crs, old, changed));
        webhooks.Validate(cluster, old, changed);

        // An object stored without a strategy (written before the webhook existed) may get one.
        var unset = JsonNode.Parse("""{"metadata":{"name":"x"},"spec":{"clusterSelector":{"matchLabels":{"a":"b"}}}}""")!.AsObject();
        webhooks.Validate(crs, unset, changed);

        // The controllers' in-process store API goes through the same admission as HTTP clients.
        var dir = Path.Combine(Path.GetTempPath(), "wh-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var store = new KubeStore(registry, new CapiSchemaValidator(registry), dir);
            KubeSeed.SeedIfEmpty(store, bare: true);
            var created = store.Create(crs, JsonNode.Parse("""{"apiVersion":"addons.cluster.x-k8s.io/v1beta2","kind":"ClusterResourceSet","metadata":{"name":"x","namespace":"default"},"spec":{"clusterSelector":{"matchLabels":{"a":"b"}},"resources":[{"kind":"ConfigMap","name":"cm"}]}}""")!.AsObject());
            Assert.Equal("ApplyOnce", (string?)created["spec"]!["strategy"]);
            created["status"] = new JsonObject { ["observedGeneration"] = 1 };
            var withStatus = store.UpdateStatus(crs, created);
            Assert.Equal(1, (int?)withStatus["status"]!["observedGeneration"]);
            withStatus["spec"]!["strategy"] = "Reconcile";
            var error = Assert.Throws<KubeApiException>(() => store.Update(crs, withStatus));
            Assert.Equal(422, error.Code);
            Assert.Contains("admission webhook \"validation.clusterresourceset.addons.cluster.x-k8s.io\" denied the request", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
