using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nutanix.Capi.Validation;

/// <summary>
/// Strict IP address and CIDR syntax. <see cref="IPAddress.TryParse(string, out IPAddress)"/> accepts what
/// <c>inet_aton</c> does — "10.40.0" (= 10.40.0.0), "10.040.0.1" (octal 040 = 32), "0x0a.0.0.1", "167772161" — and
/// IPv6 zone ids; Kubernetes, kubeadm and CAPX read such text differently or not at all. Here an IPv4 address is
/// exactly four decimal octets 0–255 without leading zeros, and an IPv6 address is in its canonical RFC 5952 form
/// (lower case, the longest run of zero groups compressed, no zone id, no brackets), so that what the user wrote
/// is what every component reads.
/// </summary>
public static class StrictIp
{
    /// <summary>Null when <paramref name="text"/> is a canonical IPv4 or IPv6 address, else what is wrong and how to write it.</summary>
    public static string? AddressProblem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains(':', StringComparison.Ordinal) ? Ipv6Problem(text) : Ipv4Problem(text);
    }

    /// <summary>Parses a canonical address (see <see cref="AddressProblem"/>).</summary>
    public static bool TryParse(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (AddressProblem(text) is not null) return false;
        address = IPAddress.Parse(text);
        return true;
    }

    /// <summary>Null when <paramref name="text"/> is "address/prefix" with a canonical network address, else the problem.</summary>
    public static string? CidrProblem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var notCidr = $"\"{text}\" is not a CIDR block: ";
        if (slash < 0) return notCidr + "it has no prefix length; write it as address/prefix, e.g. \"172.20.0.0/16\"";
        var addressText = text[..slash];
        var prefixText = text[(slash + 1)..];
        if (AddressProblem(addressText) is { } addressProblem) return notCidr + addressProblem;
        var address = IPAddress.Parse(addressText);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!IsDecimal(prefixText, 3) || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > bits)
        {
            return notCidr + $"the prefix length \"{prefixText}\" must be a whole number 0–{bits} without leading zeros";
        }

        var network = new IPNetwork(Mask(address, prefix), prefix);
        if (!network.BaseAddress.Equals(address))
        {
            return notCidr + $"it has host bits set; the network is \"{network}\"";
        }

        return null;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    private static string? Ipv4Problem(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return $"\"{text}\" is not an IP address: an IPv4 address is four decimal numbers 0–255 separated by dots, e.g. \"10.40.0.10\" (short forms such as \"10.40.0\" are not accepted)";
        }

        foreach (var part in parts)
        {
            if (!IsDecimal(part, 3) || int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                var hint = part.Length > 1 && part[0] == '0' && part.All(char.IsAsciiDigit)
                    ? $" (\"{part}\" has a leading zero, which some tools read as octal; write {int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture)})"
                    : "";
                return $"\"{text}\" is not an IP address: each of the four parts must be a decimal number 0–255 without leading zeros{hint}";
            }
        }

        return null;
    }

    private static string? Ipv6Problem(string text)
    {
        if (text.Contains('%', StringComparison.Ordinal)) return $"\"{text}\" carries an IPv6 zone id (%...): write the address without it";
        if (text.StartsWith('[')) return $"\"{text}\": write the IPv6 address without brackets";
        if (!text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.') || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"\"{text}\" is not an IP address";
        }

        if (text.Contains('.', StringComparison.Ordinal) && Ipv4Problem(text[(text.LastIndexOf(':') + 1)..]) is { } embedded)
        {
            return embedded;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return $"\"{text}\" is an IPv4-mapped IPv6 address: write the IPv4 address \"{address.MapToIPv4()}\"";
        }

        var canonical = address.ToString();
        return string.Equals(canonical, text, StringComparison.Ordinal)
            ? null
            : $"\"{text}\" is not in canonical form: write it as \"{canonical}\"";
    }

    private static bool IsDecimal(string part, int maxDigits) =>
        part.Length is > 0 && part.Length <= maxDigits && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0');
}
