using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Terraform.Plugin.Schemas;

namespace TerraformProvider.Nutanix.Plumbing;

/// <summary>Plan-time attribute validators shared by resources and data sources; messages say what a valid value looks like.</summary>
internal static partial class AttributeChecks
{
    /// <summary>An RFC 1123 label: at most 63 lower-case letters, digits and '-', starting and ending alphanumeric.</summary>
    public static IValidator Rfc1123Label { get; } = Validators.Custom(
        "an RFC 1123 name: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
        v => Label().IsMatch(v.AsString()) && v.AsString().Length <= 63
            ? null
            : $"\"{v.AsString()}\" is not a valid RFC 1123 name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. \"prod-pcg\")");

    /// <summary>A host name or IP address without scheme, port or path.</summary>
    public static IValidator HostOrIp { get; } = Validators.Custom(
        "a host name or IP address, without scheme, port or path",
        v => EndpointProblem(v.AsString()));

    public static IValidator Port { get; } = Validators.Custom(
        "a TCP port between 1 and 65535",
        v => v.AsNumber().TryGetInt64(out var p) && p is >= 1 and <= 65535 ? null : $"port {v.AsNumber()} is out of range: use 1-65535 (Prism Central listens on 9440)");

    public static IValidator PemBundle { get; } = Validators.Custom(
        "one or more PEM-encoded CA certificates",
        v => PemProblem(v.AsString()));

    public static IValidator NotEmpty { get; } = Validators.Custom("a non-empty string", v => v.AsString().Length > 0 ? null : "must not be empty");

    public static string? EndpointProblem(string value)
    {
        if (value.Length == 0)
        {
            return "the endpoint is empty: set it to the host name or IP address of Prism Central";
        }

        if (value.Contains("://", StringComparison.Ordinal))
        {
            return $"\"{value}\" has a scheme: set only the host name or IP address (e.g. \"pc.example.com\"); the port goes in port";
        }

        if (value.Contains('/', StringComparison.Ordinal))
        {
            return $"\"{value}\" has a path: set only the host name or IP address (e.g. \"pc.example.com\")";
        }

        if (LooksLikeAnAddress(value) && global::Nutanix.Capi.Validation.StrictIp.AddressProblem(value) is { } addressProblem)
        {
            return addressProblem;
        }

        var kind = Uri.CheckHostName(value);
        if (kind == UriHostNameType.Unknown)
        {
            return value.Contains(':', StringComparison.Ordinal)
                ? $"\"{value}\" is not a host name or IP address: put the port in the port attribute, not in endpoint"
                : $"\"{value}\" is not a valid host name or IP address";
        }

        return null;
    }

    /// <summary>
    /// Whether a URL parser would read <paramref name="value"/> as an IP address rather than a host name: it has a
    /// colon (two or more: IPv6), or its last dot-separated label is a number (decimal, or 0x hex), which WHATWG URL parsers and
    /// <c>inet_aton</c> take as an IPv4 address ("10.40.0", "0x0a.0.0.1").
    /// </summary>
    private static bool LooksLikeAnAddress(string value)
    {
        if (value.Count(c => c == ':') >= 2) return true;
        var last = value.TrimEnd('.').Split('.')[^1];
        return last.Length > 0 && (last.All(char.IsAsciiDigit) || (last.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && last[2..].All(char.IsAsciiHexDigit)));
    }

    public static string? PemProblem(string value)
    {
        if (!value.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return "no PEM certificate found: expected one or more \"-----BEGIN CERTIFICATE-----\" blocks";
        }

        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(value);
            return collection.Count > 0 ? null : "no certificate could be read from the PEM bundle";
        }
        catch (CryptographicException ex)
        {
            return $"the PEM bundle cannot be parsed: {ex.Message}";
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
