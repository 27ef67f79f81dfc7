using System.Globalization;

namespace Nutanix.Simulator.Inventory;

/// <summary>IPv4 dotted-quad text to and from a host-order <see cref="uint"/>.</summary>
public static class IpAddressText
{
    public static bool TryParse(string? text, out uint value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text)) return false;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) return false;
            value = (value << 8) | b;
        }
        return true;
    }

    public static string Format(uint value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");
}
