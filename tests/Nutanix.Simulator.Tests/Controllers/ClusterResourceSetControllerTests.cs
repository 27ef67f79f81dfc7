using System.Text.Json.Nodes;
using Nutanix.Simulator.Controllers;

namespace Nutanix.Simulator.Tests.Controllers;

/// <summary>
/// The emulated ClusterResourceSet controller: finalizer, the listed ConfigMap made a dependent of the set once a
/// Cluster matches, deletion released, and what that means for garbage collection (background deletion takes the
/// ConfigMap along, orphan deletion keeps it).
/// </summary>
public sealed class ClusterResourceSetControllerTests
{
    private const string Addons = "addons.cluster.x-k8s.io";

    private static string AddonYaml(string name, string strategy, string clusterLabel) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{name}}
          labels: {cluster.x-k8s.io/cluster-name: demo}
        data:
          cni.yaml: "kind: Namespace"
        ---
        apiVersion: addons.cluster.x-k8s.io/v1beta2
        kind: ClusterResourceSet
        metadata:
          name: {{name}}
          labels: {cluster.x-k8s.io/cluster-name: demo}
        spec:
          strategy: {{strategy}}
          clusterSelector:
            matchLabels: {addon: {{clusterLabel}}}
          resources:
          - {kind: ConfigMap, name: {{name}}}
        """;

    private const string ClusterYaml = """
        apiVersion: cluster.x-k8s.io/v1beta2
        kind: Cluster
        metadata:
          name: demo
          labels: {addon: cni}
        spec:
          paused: true
        """;

    private static bool OwnedBy(JsonObject? obj, JsonObject owner) =>
        obj?["metadata"]?["ownerReferences"] is JsonArray refs && refs.Any(r => (string?)r?["uid"] == (string?)owner["metadata"]!["uid"]);

    [Fact]
    public async Task Finalizer_owner_reference_and_release_on_deletion()
    {
        await using var h = await ControllerHarness.StartAsync();
        h.Apply(AddonYaml("demo-addon-cni", "ApplyOnce", "cni"));
        await ControllerHarness.WaitForAsync(
            () => h.Get(Addons, "clusterresourcesets", "demo-addon-cni")?["metadata"]?["finalizers"] is JsonArray f && f.Any(x => (string?)x == ClusterResourceSetController.Finalizer),
            () => h.Get(Addons, "clusterresourcesets", "demo-addon-cni")?.ToJsonString() ?? "gone");

        // No Cluster matches yet: the ConfigMap is not touched.
        await Task.Delay(200);
        Assert.Null(h.Get("", "configmaps", "demo-addon-cni")!["metadata"]!["ownerReferences"]);

        h.Apply(ClusterYaml);
        var crs = h.Get(Addons, "clusterresourcesets", "demo-addon-cni")!;
        await ControllerHarness.WaitForAsync(() => OwnedBy(h.Get("", "configmaps", "demo-addon-cni"), crs), () => h.Get("", "configmaps", "demo-addon-cni")!.ToJsonString());
        var reference = h.Get("", "configmaps", "demo-addon-cni")!["metadata"]!["ownerReferences"]!.AsArray().Single()!;
        Assert.Equal("addons.cluster.x-k8s.io/v1beta2", (string?)reference["apiVersion"]);
        Assert.Equal("ClusterResourceSet", (string?)reference["kind"]);
        Assert.Null(reference["controller"]);

        // Background deletion: the finalizer holds the set until the controller releases it; then the ConfigMap,
        // owned by nothing else, is garbage-collected.
        h.Delete(Addons, "clusterresourcesets", "demo-addon-cni");
        await ControllerHarness.WaitForAsync(() => h.Get(Addons, "clusterresourcesets", "demo-addon-cni") is null, () => "set still present");
        await ControllerHarness.WaitForAsync(() => h.Get("", "configmaps", "demo-addon-cni") is null, () => "ConfigMap still present");
    }

    [Fact]
    public async Task Orphan_deletion_keeps_the_ConfigMap_for_a_set_created_again()
    {
        await using var h = await ControllerHarness.StartAsync();
        h.Apply(ClusterYaml);
        h.Apply(AddonYaml("demo-addon-cni", "ApplyOnce", "cni"));
        var first = h.Get(Addons, "clusterresourcesets", "demo-addon-cni")!;
        await ControllerHarness.WaitForAsync(() => OwnedBy(h.Get("", "configmaps", "demo-addon-cni"), first), () => h.Get("", "configmaps", "demo-addon-cni")!.ToJsonString());

        h.Store.Delete(h.Type(Addons, "clusterresourcesets"), "default", "demo-addon-cni", new Nutanix.Simulator.Kube.DeleteOptions { Propagation = Nutanix.Simulator.Kube.PropagationPolicy.Orphan });
        await ControllerHarness.WaitForAsync(() => h.Get(Addons, "clusterresourcesets", "demo-addon-cni") is null, () => "set still present");
        var kept = h.Get("", "configmaps", "demo-addon-cni");
        Assert.NotNull(kept);
        Assert.Null(kept["metadata"]!["ownerReferences"]);

        h.Apply(AddonYaml("demo-addon-cni", "Reconcile", "cni").Split("---")[1]);
        var second = h.Get(Addons, "clusterresourcesets", "demo-addon-cni")!;
        Assert.Equal("Reconcile", (string?)second["spec"]!["strategy"]);
        await ControllerHarness.WaitForAsync(() => OwnedBy(h.Get("", "configmaps", "demo-addon-cni"), second), () => h.Get("", "configmaps", "demo-addon-cni")!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"matchLabels":{"addon":"cni"}}""", true)]
    [InlineData("""{"matchLabels":{"addon":"csi"}}""", false)]
    [InlineData("""{}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"addon","operator":"In","values":["csi","cni"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"addon","operator":"NotIn","values":["cni"]}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"DoesNotExist"}]}""", true)]
    [InlineData("""{"matchLabels":{"addon":"cni"},"matchExpressions":[{"key":"tier","operator":"Exists"}]}""", false)]
    public void Selector_semantics(string selector, bool matches) =>
        Assert.Equal(matches, ClusterResourceSetController.Matches(JsonNode.Parse(selector)!.AsObject(), new JsonObject { ["addon"] = "cni" }));
}
