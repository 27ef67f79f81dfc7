using Microsoft.Extensions.Logging;

namespace Nutanix.Prism.Tests.Fakes;

/// <summary>Creates clients on the fake transport with fast retry settings.</summary>
internal static class FakeClient
{
    public const string Password = "s3cr3t-Pa55word";
    public const string ApiKey = "key-0123456789abcdef";

    public static PrismCentralOptions Options(ILogger? logger = null, bool apiKey = false, int maxRetries = 3) => new()
    {
        Endpoint = "pc.example.test",
        Port = 9440,
        Username = apiKey ? null : "admin",
        Password = apiKey ? null : Password,
        ApiKey = apiKey ? ApiKey : null,
        Timeout = TimeSpan.FromSeconds(5),
        Logger = logger,
        Retry = new Nutanix.Http.TransientRetryOptions
        {
            MaxRetries = maxRetries,
            BaseDelay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(20),
            TotalTimeout = TimeSpan.FromSeconds(20),
        },
    };

    public static PrismCentralClient Create(FakePrismHandler handler, PrismCentralOptions? options = null) =>
        new(options ?? Options(), handler, disposeTransport: true);
}
