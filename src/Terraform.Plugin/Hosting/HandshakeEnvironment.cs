namespace Terraform.Plugin.Hosting;

/// <summary>
/// The go-plugin launch contract as seen from the plugin: the magic cookie, the protocol versions the client
/// accepts and (with AutoMTLS) the client certificate.
/// </summary>
public static class HandshakeEnvironment
{
    /// <summary>Environment variable carrying the magic cookie.</summary>
    public const string MagicCookieKey = "TF_PLUGIN_MAGIC_COOKIE";

    /// <summary>The value Terraform sets; fixed by the protocol and never changes.</summary>
    public const string MagicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

    /// <summary>Comma-separated app protocol versions the client can speak, e.g. <c>5,6</c>.</summary>
    public const string ProtocolVersionsKey = "PLUGIN_PROTOCOL_VERSIONS";

    /// <summary>PEM client certificate; present only when the client wants mutual TLS.</summary>
    public const string ClientCertKey = "PLUGIN_CLIENT_CERT";

    /// <summary>The go-plugin core protocol version (first handshake field).</summary>
    public const int CoreProtocolVersion = 1;

    /// <summary>The only app protocol version this SDK serves.</summary>
    public const int AppProtocolVersion = 6;

    /// <summary>Message written to stderr when the binary is started by hand.</summary>
    public const string StartedByHandMessage =
        "This binary is a Terraform provider plugin. It is not meant to be run directly: Terraform starts it " +
        "when a configuration uses the provider. To run it by hand for debugging, pass --debug.";

    /// <summary>True when the magic cookie matches.</summary>
    public static bool HasMagicCookie(Func<string, string?> getEnvironment) =>
        string.Equals(getEnvironment(MagicCookieKey), MagicCookieValue, StringComparison.Ordinal);

    /// <summary>True when the comma-separated version list contains <see cref="AppProtocolVersion"/>.</summary>
    public static bool AcceptsProtocol6(string? versions)
    {
        if (string.IsNullOrWhiteSpace(versions)) return false;
        foreach (var part in versions.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v)
                && v == AppProtocolVersion)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The single stdout line go-plugin clients parse: <c>1|6|tcp|127.0.0.1:PORT|grpc|CERT</c> where CERT is the
    /// server certificate DER in unpadded standard base64, or empty without TLS.
    /// </summary>
    public static string FormatHandshakeLine(string host, int port, byte[]? serverCertificateDer)
    {
        var cert = serverCertificateDer is null ? "" : Convert.ToBase64String(serverCertificateDer).TrimEnd('=');
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{CoreProtocolVersion}|{AppProtocolVersion}|tcp|{host}:{port}|grpc|{cert}");
    }
}
