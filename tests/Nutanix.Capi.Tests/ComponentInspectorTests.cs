using System.Text.Json.Nodes;
using Nutanix.Capi.Gateway;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Tests;

/// <summary>
/// Gateway health from the controller Deployments: Available=True is not enough when the Deployment runs no replica
/// (Kubernetes keeps Available=True for a Deployment scaled to 0).
/// </summary>
public sealed class ComponentInspectorTests
{
    private static JsonObject Deployment(long? specReplicas, long? availableReplicas, string availableStatus = "True", string reason = "MinimumReplicasAvailable")
    {
        var spec = new JsonObject();
        if (specReplicas is { } r) spec["replicas"] = r;
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Available",
                ["status"] = availableStatus,
                ["reason"] = reason,
                ["message"] = availableStatus == "True" ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
            }),
        };
        if (availableReplicas is { } a) status["availableReplicas"] = a;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "capx-controller-manager", ["namespace"] = "capx-system" },
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    [Fact]
    public void ScaledToZero_IsNotAvailable_EvenThoughKubernetesSaysAvailable()
    {
        // What kube-controller-manager (and nutanix-sim) report after `kubectl scale --replicas=0`: availableReplicas is omitted.
        var (available, why) = ComponentInspector.DeploymentAvailability(Deployment(specReplicas: 0, availableReplicas: null));
        Assert.False(available);
        Assert.Equal("scaled to 0 replicas", why);
    }

    [Fact]
    public void NoReplicaAvailable_IsNotAvailable_EvenThoughKubernetesSaysAvailable()
    {
        // A rollout with maxUnavailable = 1 of 1 replica keeps Available=True while nothing runs.
        var (available, why) = ComponentInspector.DeploymentAvailability(Deployment(specReplicas: 1, availableReplicas: 0));
        Assert.False(available);
        Assert.Equal("0 of 1 replicas available", why);
        Assert.False(ComponentInspector.DeploymentAvailability(Deployment(specReplicas: null, availableReplicas: null)).Available);
    }

    [Fact]
    public void RunningReplicas_WithAvailableTrue_AreAvailable()
    {
        Assert.Equal((true, ""), ComponentInspector.DeploymentAvailability(Deployment(specReplicas: 1, availableReplicas: 1)));
        Assert.Equal((true, ""), ComponentInspector.DeploymentAvailability(Deployment(specReplicas: 3, availableReplicas: 2)));
        Assert.Equal((true, ""), ComponentInspector.DeploymentAvailability(Deployment(specReplicas: null, availableReplicas: 1)));
    }

    [Fact]
    public void AvailableFalse_KeepsTheConditionsReason()
    {
        var (available, why) = ComponentInspector.DeploymentAvailability(Deployment(1, 0, "False", "MinimumReplicasUnavailable"));
        Assert.False(available);
        Assert.Equal("MinimumReplicasUnavailable: Deployment does not have minimum availability.", why);
    }

    [Fact]
    public async Task Inspect_ReportsTheGatewayDegraded_WhenCapxIsScaledToZero()
    {
        var deployments = ProviderComponent.Required.ToDictionary(
            c => $"/apis/apps/v1/namespaces/{c.DefaultNamespace}/deployments/{c.Deployment}",
            c =>
            {
                var d = Deployment(specReplicas: c == ProviderComponent.Nutanix ? 0 : 1, availableReplicas: c == ProviderComponent.Nutanix ? null : 1);
                d["metadata"] = new JsonObject { ["name"] = c.Deployment, ["namespace"] = c.DefaultNamespace };
                return d.ToJsonString();
            });
        const string notFound = """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""";
        await using var server = new FakeApiServer(r => r.Method == "GET" && deployments.TryGetValue(r.Path, out var body) ? (200, body) : (404, notFound));
        using var client = ManagementClusterClient.FromKubeconfigContent($$"""
            apiVersion: v1
            kind: Config
            current-context: mgmt
            clusters:
            - name: mgmt
              cluster: {server: "{{server.Url}}"}
            users:
            - name: admin
              user: {token: t}
            contexts:
            - name: mgmt
              context: {cluster: mgmt, user: admin}
            """);

        var health = await new ComponentInspector(client).InspectAsync(CancellationToken.None);

        Assert.False(health.Healthy);
        Assert.Equal(GatewayHealth.Degraded, health.Status);
        var capx = health.Components.Single(c => c.Component == ProviderComponent.Nutanix);
        Assert.True(capx.Installed);
        Assert.False(capx.Available);
        Assert.Equal("infrastructure-nutanix: Deployment capx-system/capx-controller-manager is not Available (scaled to 0 replicas)", health.Reason);
        Assert.All(health.Components.Where(c => c.Component != ProviderComponent.Nutanix), c => Assert.True(c.Healthy, c.Problem));
    }
}
