using System.Net;
using System.Text.Json.Nodes;
using Nutanix.Capi.Gateway;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.Tests.Cluster;

/// <summary>Planning reads a cloud account once per provider process, until the process writes accounts or gateways.</summary>
public sealed class PlanCacheTests
{
    private static FakeKube WithAccount()
    {
        var kube = new FakeKube();
        kube.Put("secrets", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = "pc",
                ["namespace"] = "team-a",
                ["labels"] = new JsonObject { [GatewayStore.KindLabel] = "cloud-account" },
                ["annotations"] = new JsonObject { [GatewayStore.EndpointAnnotation] = "pc.example.com", [GatewayStore.GatewayIdAnnotation] = "team-a/gw" },
            },
            ["data"] = new JsonObject(),
        });
        return kube;
    }

    [Fact]
    public async Task CloudAccountForPlan_IsReadOncePerProcess_UntilForgotten()
    {
        var kube = WithAccount();
        using var context = new ProviderContext(new ProviderSettings(), kube.Client());

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => context.GetCloudAccountForPlanAsync("team-a/pc", CancellationToken.None)));
        Assert.All(all, a => Assert.Equal("pc.example.com", a?.Endpoint));
        Assert.Equal(1, kube.Count("GET", "secrets"));

        context.ForgetCloudAccounts();
        Assert.Equal("team-a/gw", (await context.GetCloudAccountForPlanAsync("team-a/pc", CancellationToken.None))?.GatewayId);
        Assert.Equal(2, kube.Count("GET", "secrets"));
    }

    [Fact]
    public async Task CloudAccountForPlan_AFailedReadIsNotKept()
    {
        var kube = WithAccount();
        kube.OnGet = (_, _, count) =>
        {
            // The first read fails on every attempt (the client retries it FakeKube.FastRetry.MaxRetries times).
            if (count <= 1 + FakeKube.FastRetry.MaxRetries) throw new HttpRequestException("connection refused", null, HttpStatusCode.ServiceUnavailable);
        };
        using var context = new ProviderContext(new ProviderSettings(), kube.Client());

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => context.GetCloudAccountForPlanAsync("team-a/pc", CancellationToken.None));
        Assert.NotNull(await context.GetCloudAccountForPlanAsync("team-a/pc", CancellationToken.None));
        Assert.Equal(2 + FakeKube.FastRetry.MaxRetries, kube.Count("GET", "secrets"));
    }
}
