namespace Terraform.Plugin.Logging;

/// <summary>
/// Keeps secrets out of log lines and exception messages. The framework itself never logs configuration, plan
/// or state values (so sensitive and write-only attributes are never logged); provider code that wants to
/// mention such a value logs <see cref="Redact"/> of it instead.
/// </summary>
public static class LogRedaction
{
    /// <summary>What a redacted value looks like in a log line.</summary>
    public const string Placeholder = "(sensitive value)";

    /// <summary>Returns a placeholder that says whether a value was present, never the value itself.</summary>
    public static string Redact(string? secret) => string.IsNullOrEmpty(secret) ? "(empty)" : Placeholder;

    /// <summary>
    /// Replaces every occurrence of each secret in <paramref name="text"/> (e.g. an error body echoing a token)
    /// with the placeholder.
    /// </summary>
    public static string Scrub(string text, params ReadOnlySpan<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
