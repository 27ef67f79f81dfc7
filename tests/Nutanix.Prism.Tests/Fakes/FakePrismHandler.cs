using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Nutanix.Prism.Tests.Fakes;

/// <summary>One request as the transport saw it (after auth and retries were applied).</summary>
internal sealed record RecordedRequest(HttpMethod Method, string Path, string? Body, string? Authorization, string? ApiKey);

/// <summary>
/// In-process transport standing in for Prism Central: every request is recorded and answered by a delegate.
/// Used to test retry, paging and error mapping without a network.
/// </summary>
internal sealed class FakePrismHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> _respond;
    private int _count;

    public FakePrismHandler(Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> respond)
    {
        _respond = respond;
    }

    public FakePrismHandler(Func<RecordedRequest, int, HttpResponseMessage> respond)
        : this((r, i, _) => Task.FromResult(respond(r, i)))
    {
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    public static HttpResponseMessage Json(HttpStatusCode status, string json)
    {
        return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }

    public static HttpResponseMessage Json(string json) => Json(HttpStatusCode.OK, json);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var apiKey = request.Headers.TryGetValues("X-ntnx-api-key", out var keys) ? keys.Single() : null;
        var recorded = new RecordedRequest(request.Method, request.RequestUri!.AbsolutePath, body, request.Headers.Authorization?.ToString(), apiKey);
        Requests.Enqueue(recorded);
        var index = Interlocked.Increment(ref _count) - 1;
        var response = await _respond(recorded, index, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
