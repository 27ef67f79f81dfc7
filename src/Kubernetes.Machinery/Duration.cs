using System.Globalization;

namespace Kubernetes.Machinery;

/// <summary>
/// Go <c>time.Duration</c>-style durations: a sequence of number+unit pairs (h, m, s, ms), e.g. "1h30m", "45s", "0s" —
/// as Terraform <c>timeouts</c>, provider settings and Cluster API fields (e.g. <c>nodeDrainTimeout</c>) write them.
/// </summary>
public static class Duration
{
    /// <summary>
    /// <paramref name="duration"/> as a user writes it in a <c>timeouts</c> block: "5s", "2m30s", "1h", "1h5m",
    /// "1.5s", "250ms" (rounded to milliseconds; zero units left out; no days, so "36h"). <see cref="TryParse"/> reads it back.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        var totalMs = (long)Math.Round(duration.TotalMilliseconds, MidpointRounding.AwayFromZero);
        if (totalMs == 0) return "0s";
        var sign = totalMs < 0 ? "-" : string.Empty;
        var ms = (ulong)Math.Abs((decimal)totalMs);
        if (ms < 1000) return string.Create(CultureInfo.InvariantCulture, $"{sign}{ms}ms");
        var hours = ms / 3_600_000;
        var minutes = ms / 60_000 % 60;
        var secondsMs = ms % 60_000;
        var text = new System.Text.StringBuilder(sign);
        if (hours > 0) text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        if (minutes > 0) text.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        if (secondsMs > 0) text.Append((secondsMs / 1000m).ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }

    /// <summary>Whole seconds (rounded) of a duration; false when the text is not one.</summary>
    public static bool TryParseSeconds(string? text, out int seconds)
    {
        seconds = 0;
        if (!TryParse(text, out var duration) || duration.TotalSeconds > int.MaxValue) return false;
        seconds = (int)Math.Round(duration.TotalSeconds);
        return true;
    }

    /// <summary>Parses a duration ("1h30m", "1.5s", "250ms"); false when the text is not one.</summary>
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
