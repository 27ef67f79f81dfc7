using System.Globalization;

namespace TerraformProvider.Nutanix;

/// <summary>Parses Terraform/Go-style durations: a sequence of number+unit pairs (h, m, s, ms), e.g. "1h30m", "45s".</summary>
internal static class Duration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.AsSpan().Trim();
        double totalMs = 0;
        while (!s.IsEmpty)
        {
            var n = 0;
            while (n < s.Length && (char.IsAsciiDigit(s[n]) || s[n] == '.')) n++;
            if (n == 0 || !double.TryParse(s[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return false;
            s = s[n..];
            var u = 0;
            while (u < s.Length && char.IsAsciiLetter(s[u])) u++;
            double factor;
            switch (s[..u])
            {
                case "h": factor = 3_600_000; break;
                case "m": factor = 60_000; break;
                case "s": factor = 1_000; break;
                case "ms": factor = 1; break;
                default: return false;
            }

            totalMs += amount * factor;
            s = s[u..];
        }

        if (totalMs > TimeSpan.MaxValue.TotalMilliseconds) return false;
        duration = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }
}
