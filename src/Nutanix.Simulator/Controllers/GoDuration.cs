using System.Globalization;
using System.Text.RegularExpressions;

namespace Nutanix.Simulator.Controllers;

/// <summary>Go <c>time.Duration</c> strings as CAPI v1beta1 writes them (<c>10m</c>, <c>1h30m</c>, <c>90s</c>, <c>0s</c>).</summary>
internal static partial class GoDuration
{
    /// <summary>Whole seconds of a duration made of h/m/s/ms parts; false when the text is not one.</summary>
    public static bool TryParseSeconds(string text, out int seconds)
    {
        seconds = 0;
        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0) return false;
        double total = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['h', 'm', 's']);
            var number = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            total += part.Value[unitStart..] switch
            {
                "h" => number * 3600,
                "m" => number * 60,
                "s" => number,
                "ms" => number / 1000,
                _ => 0,
            };
        }

        seconds = (int)Math.Round(total);
        return true;
    }

    [GeneratedRegex(@"^(?<part>[0-9]+(\.[0-9]+)?(h|ms|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
