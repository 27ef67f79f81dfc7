using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Kubernetes.Machinery.Schema;

/// <summary>String format checks for the formats the API server validates (unknown formats pass).</summary>
internal static partial class FormatChecks
{
    [GeneratedRegex(@"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Hostname();

    public static bool IsValid(string format, string value)
    {
        switch (format)
        {
            case "byte":
                if (value.Length % 4 != 0)
                {
                    return false;
                }

                return Convert.TryFromBase64String(value, new byte[value.Length], out _);
            case "date-time":
                return DateTime().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            case "date":
                return Date().IsMatch(value) && System.DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            case "uuid":
                return Uuid().IsMatch(value);
            case "ipv4":
                return IPAddress.TryParse(value, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3;
            case "ipv6":
                return IPAddress.TryParse(value, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            case "cidr":
                return IPNetwork.TryParse(value, out _);
            case "hostname":
                return value.Length <= 255 && Hostname().IsMatch(value);
            default:
                return true;
        }
    }
}
