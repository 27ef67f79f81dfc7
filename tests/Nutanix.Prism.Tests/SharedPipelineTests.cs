using System.Diagnostics;
using System.Net;
using System.Text;
using Nutanix.Http;
using Nutanix.Prism.Tests.Fakes;
using Polly.Timeout;
using TestSupport.Http;

namespace Nutanix.Prism.Tests;

/// <summary>
/// The transient-fault pipeline shared by the Prism Central and management-cluster clients, over real sockets against
/// a scripted HTTP server: what is retried, what is not, Retry-After, the budget, and the record of what happened.
/// </summary>
public sealed class SharedPipelineTests
{
    private static readonly TransientRetryOptions Fast = new()
    {
        MaxRetries = 6,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryAfter = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task A_GET_rides_out_a_reset_a_503_a_429_and_a_body_cut_short()
    {
        await using var server = new ScriptedHttpServer(r => r.Index switch
        {
            0 => ScriptedReply.Reset,
            1 => ScriptedReply.Answer(503, """{"kind":"Status","code":503}""", headers: "Retry-After: 0"),
            2 => ScriptedReply.Answer(429, """{"kind":"Status","code":429}"""),
            3 => ScriptedReply.BreakMidBody(200, """{"items":["a","b","c","d","e","f"]}"""),
            _ => ScriptedReply.Answer(200, """{"items":[]}"""),
        });
        var logger = new ListLogger();
        using var http = Client(server, Fast, logger);
        var record = new RetryRecord();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/things?limit=5");
        request.Options.Set(TransientFaults.Record, record);

        using var response = await http.SendAsync(request, TestTimeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"items":[]}""", await response.Content.ReadAsStringAsync(TestTimeout.Token));
        Assert.Equal(5, server.Count);
        Assert.Equal(5, record.Attempts);
        var described = record.Describe();
        Assert.StartsWith("5 attempts over ", described, StringComparison.Ordinal);
        Assert.Contains("HTTP 503 Service Unavailable ×1", described, StringComparison.Ordinal);
        Assert.Contains("HTTP 429 Too Many Requests ×1", described, StringComparison.Ordinal);
        var retries = logger.Lines.Where(l => l.Message.Contains("retry", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, retries.Count);
        Assert.All(retries, l => Assert.StartsWith("Test API GET /api/v1/things failed (", l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_POST_is_repeated_only_when_the_server_declined_it()
    {
        // 503 without Retry-After (the server may have acted), a reset after sending (the same): one attempt each.
        foreach (var reply in new[] { ScriptedReply.Answer(503, "{}"), ScriptedReply.Reset })
        {
            await using var server = new ScriptedHttpServer(r => r.Index == 0 ? reply : ScriptedReply.Answer(201, "{}"));
            using var http = Client(server, Fast);
            try
            {
                using var response = await http.PostAsync("/create", new StringContent("{}", Encoding.UTF8, "application/json"), TestTimeout.Token);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            }
            catch (HttpRequestException)
            {
                // The reset surfaces as a failed request.
            }

            Assert.Equal(1, server.Count);
        }

        // 429, or 503 with Retry-After: the server asks to come back, it did not act. Repeated.
        foreach (var reply in new[] { ScriptedReply.Answer(429, "{}"), ScriptedReply.Answer(503, "{}", headers: "Retry-After: 0") })
        {
            await using var server = new ScriptedHttpServer(r => r.Index == 0 ? reply : ScriptedReply.Answer(201, "{}"));
            using var http = Client(server, Fast);
            using var response = await http.PostAsync("/create", new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"), TestTimeout.Token);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(2, server.Count);
            Assert.All(server.Requests, r => Assert.Equal("{\"a\":1}", r.Body));
        }
    }

    [Fact]
    public async Task A_POST_marked_safe_to_repeat_is_retried_like_a_GET()
    {
        await using var server = new ScriptedHttpServer(r => r.Index < 2 ? ScriptedReply.Answer(503, "{}") : ScriptedReply.Answer(200, "{}"));
        using var http = Client(server, Fast);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/list") { Content = new StringContent("{}") };
        request.Options.Set(TransientFaults.SafeToRepeat, true);

        using var response = await http.SendAsync(request, TestTimeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    [InlineData(501)]
    public async Task Other_statuses_are_answers_not_faults(int status)
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Answer(status, "{}"));
        using var http = Client(server, Fast);

        using var response = await http.GetAsync("/x", TestTimeout.Token);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task Sustained_failure_returns_the_last_answer_after_the_retries_with_a_record_of_them()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Answer(503, "{}"));
        using var http = Client(server, Fast with { MaxRetries = 3 });
        var record = new RetryRecord();
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/x");
        request.Options.Set(TransientFaults.Record, record);

        using var response = await http.SendAsync(request, TestTimeout.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, server.Count);
        Assert.Matches(@"^4 attempts over \d+(\.\d)? s \(HTTP 503 Service Unavailable ×4\)$", record.Describe());
        Assert.Equal("HTTP 503 Service Unavailable", record.LastFailure);
    }

    [Fact]
    public async Task A_huge_Retry_After_is_capped()
    {
        await using var server = new ScriptedHttpServer(r => r.Index == 0
            ? ScriptedReply.Answer(429, "{}", headers: "Retry-After: 3600")
            : ScriptedReply.Answer(200, "{}"));
        using var http = Client(server, Fast with { MaxRetryAfter = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();

        using var response = await http.GetAsync("/x", TestTimeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Retry_After_seconds_are_waited_for()
    {
        await using var server = new ScriptedHttpServer(r => r.Index == 0
            ? ScriptedReply.Answer(503, "{}", headers: "Retry-After: 1")
            : ScriptedReply.Answer(200, "{}"));
        using var http = Client(server, Fast);
        var watch = Stopwatch.StartNew();

        using var response = await http.GetAsync("/x", TestTimeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {watch.Elapsed}, before Retry-After");
    }

    [Fact]
    public async Task A_silent_server_is_given_up_within_the_total_budget()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Hang);
        using var http = Client(server, Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(300), TotalTimeout = TimeSpan.FromSeconds(1) });
        var record = new RetryRecord();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/x");
        request.Options.Set(TransientFaults.Record, record);
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => http.SendAsync(request, TestTimeout.Token));

        // Given up by the budget, not by the test's own timeout: the lower bound is the 1 s budget; the upper bound is generous
        // because a loaded CI machine delays timers (this is a behaviour check, not a speed check).
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(30));
        Assert.InRange(record.Attempts, 1, 4);
        Assert.Contains(record.LastFailure, new[] { "no answer within 0.3 s", "cut short when the time budget ran out" });
    }

    [Fact]
    public void Non_idempotent_methods_are_known()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/");
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/");
        using var apply = new HttpRequestMessage(HttpMethod.Patch, "/");
        apply.Options.Set(TransientFaults.SafeToRepeat, true);

        Assert.True(TransientFaults.IsSafeToRepeat(get));
        Assert.True(TransientFaults.IsSafeToRepeat(delete));
        Assert.False(TransientFaults.IsSafeToRepeat(post));
        Assert.False(TransientFaults.IsSafeToRepeat(patch));
        Assert.True(TransientFaults.IsSafeToRepeat(apply));
    }

    private static HttpClient Client(ScriptedHttpServer server, TransientRetryOptions options, ListLogger? logger = null) =>
        new(TransientFaults.CreateHandler("Test API", options, logger ?? new ListLogger(), new SocketsHttpHandler()))
        {
            BaseAddress = new Uri(server.Url),
            Timeout = Timeout.InfiniteTimeSpan,
        };
}
