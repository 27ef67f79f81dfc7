using System.Net.Http.Headers;
using System.Text;
using Nutanix.Http;

namespace Nutanix.Prism.Http;

/// <summary>
/// Adds Prism Central authentication to every attempt (basic auth, or the <c>X-ntnx-api-key</c> header) and
/// counts attempts. Sits inside the retry handler so each retry is authenticated afresh; marks every request safe
/// to repeat (the client only reads).
/// </summary>
internal sealed class PrismAuthHandler : DelegatingHandler
{
    internal const string ApiKeyHeader = "X-ntnx-api-key";

    private readonly AuthenticationHeaderValue? _basic;
    private readonly string? _apiKey;

    public PrismAuthHandler(PrismCentralOptions options, HttpMessageHandler inner)
        : base(inner)
    {
        if (options.EffectiveApiKey is { } key)
        {
            _apiKey = key;
        }
        else
        {
            var raw = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            _basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        PrismCallScope.Current?.CountAttempt();
        // Every call this client makes reads (the v3 list endpoints are POSTs that read): all are safe to repeat.
        request.Options.Set(TransientFaults.SafeToRepeat, true);
        request.Headers.Authorization = _basic;
        request.Headers.Remove(ApiKeyHeader);
        if (_apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, _apiKey);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
