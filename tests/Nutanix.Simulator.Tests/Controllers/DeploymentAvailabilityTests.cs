using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Tests.Controllers;

/// <summary>
/// Deployments whose pods could not start on a real cluster never become Available: an unsubstituted <c>${...}</c>
/// left by a component file applied without variable substitution, or a Secret the pod mounts that does not exist.
/// </summary>
public sealed class DeploymentAvailabilityTests
{
    private static string Deployment(string name, string args = "\"--leader-elect\"", string volumes = "", string progressDeadline = "") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          namespace: default
        spec:
          replicas: 1
          {{progressDeadline}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: manager
                image: ghcr.io/nutanix-cloud-native/cluster-api-provider-nutanix/controller:v1.10.3
                args: [{{args}}]
                volumeMounts: [{name: cert, mountPath: /tmp/k8s-webhook-server/serving-certs, readOnly: true}]
              {{volumes}}
        """;

    private static JsonObject? ConditionOf(JsonObject? deployment, string type) =>
        deployment?["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    private static string Describe(JsonObject? deployment) => deployment?["status"]?.ToJsonString() ?? "(no status)";

    private static IEnumerable<JsonObject> Events(ControllerHarness h, string name) =>
        h.List("", "events").Where(e => (string?)e["involvedObject"]?["name"] == name);

    [Fact]
    public async Task An_unsubstituted_variable_keeps_the_deployment_unavailable_and_the_progress_deadline_then_expires()
    {
        await using var h = await ControllerHarness.StartAsync(bare: true);
        h.Apply(Deployment("capx-controller-manager", args: "\"--leader-elect\", \"--zap-log-level=${NUTANIX_LOG_LEVEL=info}\"", progressDeadline: "progressDeadlineSeconds: 1"));

        await ControllerHarness.WaitForAsync(() => (string?)ConditionOf(h.Get("apps", "deployments", "capx-controller-manager"), "Available")?["status"] == "False",
            () => Describe(h.Get("apps", "deployments", "capx-controller-manager")));
        var d = h.Get("apps", "deployments", "capx-controller-manager");
        Assert.Equal("MinimumReplicasUnavailable", (string?)ConditionOf(d, "Available")!["reason"]);
        Assert.Equal("Deployment does not have minimum availability.", (string?)ConditionOf(d, "Available")!["message"]);
        Assert.Equal(1, (int?)d!["status"]!["unavailableReplicas"]);
        Assert.Null(d["status"]!["availableReplicas"]);
        var warning = Assert.Single(Events(h, "capx-controller-manager"));
        Assert.Equal("Warning", (string?)warning["type"]);
        Assert.Contains("--zap-log-level=${NUTANIX_LOG_LEVEL=info}", (string?)warning["message"], StringComparison.Ordinal);
        Assert.Contains("variable substitution", (string?)warning["message"], StringComparison.Ordinal);

        await ControllerHarness.WaitForAsync(() => (string?)ConditionOf(h.Get("apps", "deployments", "capx-controller-manager"), "Progressing")?["reason"] == "ProgressDeadlineExceeded",
            () => Describe(h.Get("apps", "deployments", "capx-controller-manager")));
        d = h.Get("apps", "deployments", "capx-controller-manager");
        Assert.Equal("False", (string?)ConditionOf(d, "Progressing")!["status"]);
        Assert.Matches("^ReplicaSet \"capx-controller-manager-[a-z0-9]+\" has timed out progressing\\.$", (string?)ConditionOf(d, "Progressing")!["message"]);
        Assert.Equal("False", (string?)ConditionOf(d, "Available")!["status"]);
    }

    [Fact]
    public async Task A_missing_secret_volume_keeps_it_unavailable_until_the_secret_exists()
    {
        await using var h = await ControllerHarness.StartAsync(bare: true);
        h.Apply(Deployment("capi-controller-manager", volumes: "volumes: [{name: cert, secret: {secretName: capi-webhook-service-cert}}]"));
        h.Apply(Deployment("optional-secret", volumes: "volumes: [{name: cert, secret: {secretName: not-there, optional: true}}]"));
        h.Apply(Deployment("plain"));

        await ControllerHarness.WaitForAsync(() => (string?)ConditionOf(h.Get("apps", "deployments", "plain"), "Available")?["status"] == "True"
                && (string?)ConditionOf(h.Get("apps", "deployments", "optional-secret"), "Available")?["status"] == "True"
                && (string?)ConditionOf(h.Get("apps", "deployments", "capi-controller-manager"), "Available")?["status"] == "False",
            () => Describe(h.Get("apps", "deployments", "capi-controller-manager")));
        await Task.Delay(200);
        Assert.Equal("False", (string?)ConditionOf(h.Get("apps", "deployments", "capi-controller-manager"), "Available")!["status"]);
        var warning = Assert.Single(Events(h, "capi-controller-manager"));
        Assert.Equal("FailedMount", (string?)warning["reason"]);
        Assert.Equal("MountVolume.SetUp failed for volume \"cert\" : secret \"capi-webhook-service-cert\" not found", (string?)warning["message"]);

        h.Apply("""
            apiVersion: v1
            kind: Secret
            metadata: {name: capi-webhook-service-cert, namespace: default}
            type: kubernetes.io/tls
            data: {tls.crt: "", tls.key: ""}
            """);
        await ControllerHarness.WaitForAsync(() => (string?)ConditionOf(h.Get("apps", "deployments", "capi-controller-manager"), "Available")?["status"] == "True",
            () => Describe(h.Get("apps", "deployments", "capi-controller-manager")));
        Assert.Equal(1, (int?)h.Get("apps", "deployments", "capi-controller-manager")!["status"]!["availableReplicas"]);
    }
}
