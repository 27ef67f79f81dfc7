using Microsoft.Extensions.Logging;
using Nutanix.Http;

namespace Nutanix.Prism;

/// <summary>
/// How to reach and authenticate to one Prism Central. Either <see cref="Username"/> + <see cref="Password"/>
/// (HTTP basic) or <see cref="ApiKey"/> (<c>X-ntnx-api-key</c>) must be set. Secrets never appear in
/// <see cref="ToString"/>, logs or exception messages.
/// </summary>
public sealed record PrismCentralOptions
{
    /// <summary>Host name or IP address of Prism Central (no scheme, no port).</summary>
    public required string Endpoint { get; init; }

    /// <summary>HTTPS port; Prism Central listens on 9440.</summary>
    public int Port { get; init; } = 9440;

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>API key (PC 7.5 service accounts); takes precedence over username/password.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Skip TLS server certificate validation entirely (chain and host name).</summary>
    public bool Insecure { get; init; }

    /// <summary>
    /// PEM bundle of CA certificates that may sign the Prism Central certificate <em>in addition to</em> the
    /// system trust store. A chain is accepted when it validates against the system roots, or against exactly
    /// these CAs as custom roots; the host name must match the certificate either way.
    /// </summary>
    public string? AdditionalTrustBundle { get; init; }

    /// <summary>Time allowed for one HTTP attempt (connect, send, read the whole response).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How transient failures (HTTP 429/500/502/503/504, connection errors, attempts that time out) are retried: the
    /// pipeline every client of this provider shares. Its <see cref="TransientRetryOptions.AttemptTimeout"/> is
    /// replaced by <see cref="Timeout"/>.
    /// </summary>
    public TransientRetryOptions Retry { get; init; } = new();

    /// <summary>Receives retry and diagnostic logs (never credentials); null discards them.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// True when API-key authentication is used: <see cref="ApiKey"/> is set, or (as prism-go-client accepts)
    /// <see cref="Username"/> is the literal <c>X-ntnx-api-key</c> and <see cref="Password"/> holds the key.
    /// </summary>
    public bool UsesApiKey => EffectiveApiKey is not null;

    internal string? EffectiveApiKey =>
        !string.IsNullOrEmpty(ApiKey) ? ApiKey
        : string.Equals(Username, "X-ntnx-api-key", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(Password) ? Password
        : null;

    /// <summary><c>host:port</c>, as used in messages.</summary>
    public string Address => Endpoint.Contains(':', StringComparison.Ordinal) && !Endpoint.StartsWith('[')
        ? $"[{Endpoint}]:{Port}"
        : $"{Endpoint}:{Port}";

    /// <summary>Checks that the options can be used, throwing <see cref="ArgumentException"/> naming the field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Endpoint))
        {
            throw new ArgumentException("Prism Central endpoint is empty: set endpoint to the host name or IP of Prism Central.", nameof(Endpoint));
        }

        if (Endpoint.Contains("://", StringComparison.Ordinal) || Endpoint.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Prism Central endpoint '{Endpoint}' must be a host name or IP address without scheme or path.", nameof(Endpoint));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Prism Central port {Port} is out of range (1-65535; Prism Central uses 9440).", nameof(Port));
        }

        if (!UsesApiKey && (string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password)))
        {
            throw new ArgumentException("Prism Central credentials are missing: set username and password, or api_key.", nameof(Username));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Prism Central request timeout must be positive.", nameof(Timeout));
        }

        Retry.Validate();
    }

    /// <summary>Describes the options without secrets.</summary>
    public override string ToString() =>
        $"PrismCentralOptions {{ Endpoint = {Address}, Auth = {(UsesApiKey ? "api key" : $"user '{Username}'")}, Insecure = {Insecure}, AdditionalTrustBundle = {(AdditionalTrustBundle is null ? "none" : "set")}, Timeout = {Timeout} }}";
}
