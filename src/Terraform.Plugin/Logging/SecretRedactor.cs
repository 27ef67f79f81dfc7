using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Terraform.Plugin.Logging;

/// <summary>
/// A process-wide list of secrets the provider has handled (passwords, API keys, tokens, credential documents),
/// scrubbed from every diagnostic the plugin server sends and every log line it writes, in each encoding a message
/// may carry them: raw, base64 (standard and URL-safe, with and without padding) and JSON-escaped (default and
/// relaxed encoders). The provider registers a secret as soon as it reads one — and composite forms such as
/// <c>user:password</c> (HTTP basic auth) or a credentials JSON document, whose base64 is then covered too — so an
/// error message that echoes a request or a server's answer cannot leak it.
/// </summary>
public static class SecretRedactor
{
    /// <summary>Shorter strings are not registered: they would scrub ordinary words.</summary>
    public const int MinimumLength = 6;

    private static readonly ConcurrentDictionary<string, byte> Forms = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="secret"/> and its encodings; null, empty and short values are ignored.</summary>
    public static void Register(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumLength) return;
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        var url = base64.Replace('+', '-').Replace('/', '_');
        foreach (var form in new[]
                 {
                     secret, base64, base64.TrimEnd('='), url, url.TrimEnd('='),
                     JsonEncodedText.Encode(secret).ToString(),
                     JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
                 })
        {
            if (form.Length >= MinimumLength) Forms.TryAdd(form, 0);
        }

    }

    /// <summary>How many forms are registered (for tests).</summary>
    public static int Count => Forms.Count;

    /// <summary><paramref name="text"/> with every registered form replaced by <see cref="LogRedaction.Placeholder"/>.</summary>
    public static string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text) || Forms.IsEmpty) return text ?? string.Empty;
        // Longest first, so that a credentials document is replaced whole before the password inside it.
        foreach (var form in Forms.Keys.OrderByDescending(f => f.Length))
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, LogRedaction.Placeholder, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
