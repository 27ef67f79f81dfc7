using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Nutanix.Prism.Tests.Fakes;

namespace Nutanix.Prism.Tests;

public sealed class ResilienceTests
{
    [Fact]
    public async Task Burst_of_503_then_success_is_retried_and_the_post_body_is_resent()
    {
        var logger = new ListLogger();
        using var handler = new FakePrismHandler((_, i) => i < 2
            ? FakePrismHandler.Json(HttpStatusCode.ServiceUnavailable, PrismJson.Error(503, "SERVICE_UNAVAILABLE", "busy"))
            : FakePrismHandler.Json(PrismJson.List("subnet", 1, 0, [PrismJson.Subnet("u1", "n1", "pe-1")])));
        using var client = FakeClient.Create(handler, FakeClient.Options(logger));

        var subnets = await client.ListAllSubnetsAsync(cancellationToken: TestTimeout.Token);

        Assert.Single(subnets);
        var requests = handler.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        Assert.All(requests, r => Assert.StartsWith("Basic ", r.Authorization, StringComparison.Ordinal));
        var retries = logger.Lines.Where(l => l.Message.Contains("retry", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, l => Assert.Equal(LogLevel.Warning, l.Level));
        Assert.All(retries, l => Assert.Contains("HTTP 503", l.Message, StringComparison.Ordinal));
        Assert.All(logger.Lines, l => Assert.DoesNotContain(FakeClient.Password, l.Message, StringComparison.Ordinal));
        Assert.All(logger.Lines, l => Assert.DoesNotContain(requests[0].Authorization!["Basic ".Length..], l.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Transient_statuses_are_retried(HttpStatusCode status)
    {
        using var handler = new FakePrismHandler((_, i) => i == 0
            ? new HttpResponseMessage(status)
            : FakePrismHandler.Json("""{"resources":{"version":"pc.7.3"}}"""));
        using var client = FakeClient.Create(handler);

        Assert.Equal("pc.7.3", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
        Assert.Equal(2, handler.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task Permanent_statuses_are_not_retried(HttpStatusCode status)
    {
        using var handler = new FakePrismHandler((_, _) => new HttpResponseMessage(status));
        using var client = FakeClient.Create(handler);

        await Assert.ThrowsAsync<PrismApiException>(() => client.GetSubnetAsync("abc", TestTimeout.Token));
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Retry_after_seconds_is_honoured()
    {
        using var handler = new FakePrismHandler((_, i) =>
        {
            if (i > 0)
            {
                return FakePrismHandler.Json(PrismJson.List("vm", 0, 0, []));
            }

            var limited = FakePrismHandler.Json(HttpStatusCode.TooManyRequests, PrismJson.Error(429, "TOO_MANY_REQUESTS", "slow down"));
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return limited;
        });
        using var client = FakeClient.Create(handler);
        var watch = Stopwatch.StartNew();

        var vms = await client.ListAllVmsAsync(cancellationToken: TestTimeout.Token);

        Assert.Empty(vms);
        Assert.Equal(2, handler.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {watch.Elapsed}, before Retry-After");
    }

    [Fact]
    public async Task Sustained_503_fails_cleanly_after_bounded_attempts()
    {
        using var handler = new FakePrismHandler((_, _) =>
            FakePrismHandler.Json(HttpStatusCode.ServiceUnavailable, PrismJson.Error(503, "SERVICE_UNAVAILABLE", "Prism is restarting")));
        using var client = FakeClient.Create(handler, FakeClient.Options(maxRetries: 3));
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.ListAllClustersAsync(cancellationToken: TestTimeout.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(4, handler.Count);
        Assert.Equal(PrismErrorKind.ServerUnavailable, ex.Kind);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(4, ex.Attempts);
        Assert.Contains("HTTP 503", ex.Message, StringComparison.Ordinal);
        Assert.Contains("after 4 attempt(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Prism is restarting", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pc.example.test:9440", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Total_timeout_bounds_a_hanging_server()
    {
        using var handler = new FakePrismHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var options = FakeClient.Options() with
        {
            Timeout = TimeSpan.FromMilliseconds(200),
            Retry = new Nutanix.Http.TransientRetryOptions { MaxRetries = 10, BaseDelay = TimeSpan.FromMilliseconds(5), TotalTimeout = TimeSpan.FromSeconds(1) },
        };
        using var client = FakeClient.Create(handler, options);
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<PrismConnectionException>(() => client.GetCurrentUserAsync(TestTimeout.Token));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(4));
        Assert.Equal(PrismErrorKind.Timeout, ex.Kind);
        // Usually 2-6 attempts; on a starved machine the first attempt's timer may fire no earlier than the budget's.
        Assert.InRange(handler.Count, 1, 6);
        Assert.Contains("did not answer GET /users/me in time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_errors_are_retried()
    {
        using var handler = new FakePrismHandler((_, i) => i < 2
            ? throw new HttpRequestException("reset", new IOException("connection reset by peer"))
            : FakePrismHandler.Json("""{"metadata":{"kind":"user","uuid":"u-1"},"status":{"name":"admin","resources":{"display_name":"Admin","user_type":"LOCAL"}}}"""));
        using var client = FakeClient.Create(handler);

        var me = await client.GetCurrentUserAsync(TestTimeout.Token);

        Assert.Equal("admin", me.Name);
        Assert.Equal("LOCAL", me.Resources!.UserType);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Caller_cancellation_is_an_OperationCanceledException_and_stops_retrying()
    {
        using var cts = new CancellationTokenSource();
        using var handler = new FakePrismHandler((_, _) =>
        {
            cts.Cancel();
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        using var client = FakeClient.Create(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListAllProjectsAsync(cancellationToken: cts.Token));
        Assert.Equal(1, handler.Count);
    }
}
