using System.Diagnostics;
using System.Net;
using TestSupport.Simulator;
using static Nutanix.Simulator.Tests.PrismJson;

namespace Nutanix.Simulator.Tests;

/// <summary>Faults set at startup (--faults) and at runtime (admin endpoint) behave as a client would see them.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Latency_delays_responses_and_clearing_it_restores_speed()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        using var client = sim.CreatePrismClient();
        await sim.SetFaultsAsync("prism", """{"latency_ms":400}""");
        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync("users/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 380, $"took {watch.ElapsedMilliseconds} ms");
        await sim.ClearFaultsAsync("prism");
        var state = await sim.GetStateAsync();
        Assert.Equal(0, (int)state["faults"]!["prism"]!["latency_ms"]!);
    }

    [Fact]
    public async Task Error_count_injects_that_many_errors_in_turn_then_stops_and_429_carries_retry_after()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        using var client = sim.CreatePrismClient();
        await sim.SetFaultsAsync("prism", """{"error_codes":[429,503,500],"error_count":3,"retry_after_seconds":7}""");

        var r1 = await client.GetAsync("users/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, r1.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), r1.Headers.RetryAfter!.Delta);
        var (r2, b2, _) = await PostAsync(client, "clusters/list", "{}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r2.StatusCode);
        Assert.NotNull(r2.Headers.RetryAfter);
        PrismApiTests.AssertV3Error(b2, 503, "INTERNAL_ERROR");
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("users/me")).StatusCode);
        Assert.Equal(3, (int)(await sim.GetStateAsync())["faults"]!["prism"]!["errors_injected"]!);
    }

    [Fact]
    public async Task Error_rate_one_fails_every_request_and_zero_none()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        using var client = sim.CreatePrismClient();
        await sim.SetFaultsAsync("prism", """{"error_rate":1.0,"error_codes":[502]}""");
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.BadGateway, (await client.GetAsync("users/me")).StatusCode);
        await sim.SetFaultsAsync("prism", """{"error_rate":0}""");
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("users/me")).StatusCode);
    }

    [Fact]
    public async Task Kube_faults_answer_with_a_kubernetes_status_and_leave_prism_alone()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        await sim.SetFaultsAsync("kube", """{"error_codes":[503],"error_count":1}""");
        using var kube = sim.CreateKubeClient();
        var response = await kube.GetAsync("version");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string?)body["kind"]);
        Assert.Equal("ServiceUnavailable", (string?)body["reason"]);
        using var prism = sim.CreatePrismClient();
        Assert.Equal(HttpStatusCode.OK, (await prism.GetAsync("users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kube.GetAsync("version")).StatusCode);
    }

    [Fact]
    public async Task Down_api_refuses_connections_like_an_outage_and_recovers()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        await sim.SetFaultsAsync("prism", """{"down":true}""");
        using (var client = sim.CreatePrismClient(timeout: TimeSpan.FromSeconds(10)))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("users/me"));
        }
        await sim.SetFaultsAsync("prism", """{"down":false}""");
        using var fresh = sim.CreatePrismClient();
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("users/me")).StatusCode);
    }

    [Fact]
    public async Task Down_also_aborts_requests_on_connections_that_were_already_open()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        using var client = sim.CreatePrismClient(timeout: TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("users/me")).StatusCode);
        await sim.SetFaultsAsync("prism", """{"down":true}""");
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("users/me"));
    }

    [Fact]
    public async Task Faults_file_applies_at_startup()
    {
        await using var sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions
        {
            FaultsJson = """{"prism":{"error_codes":[500],"error_count":1}}""",
        });
        using var client = sim.CreatePrismClient();
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("users/me")).StatusCode);
    }

    [Fact]
    public async Task Bad_fault_settings_are_refused_by_the_admin_endpoint()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sim.SetFaultsAsync("prism", """{"error_rate":3}"""));
        Assert.Contains("error_rate", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sim.SetFaultsAsync("nope", "{}"));
    }

    [Fact]
    public async Task Rotating_the_password_makes_the_old_one_answer_401_and_the_new_one_work()
    {
        await using var sim = await SimulatorProcess.StartAsync();
        using var oldClient = sim.CreatePrismClient();
        var cookie = (await oldClient.GetAsync("users/me")).Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var oldPassword = sim.Connection.Password;

        await sim.RotatePrismPasswordAsync("Rotated-Pa55!");
        Assert.Equal("Rotated-Pa55!", sim.Connection.Password);
        Assert.NotEqual(oldPassword, sim.Connection.Password);
        var denied = await oldClient.GetAsync("users/me");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("", await denied.Content.ReadAsStringAsync());
        using var cookieClient = sim.CreatePrismClient(authenticate: false);
        cookieClient.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookieClient.GetAsync("users/me")).StatusCode);

        using var newClient = sim.CreatePrismClient();
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync("users/me")).StatusCode);

        await sim.RestartAsync();
        using var afterRestart = sim.CreatePrismClient();
        Assert.Equal("Rotated-Pa55!", sim.Connection.Password);
        Assert.Equal(HttpStatusCode.OK, (await afterRestart.GetAsync("users/me")).StatusCode);
    }
}
