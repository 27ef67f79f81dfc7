using System.Text;

namespace Scenarios.Tests;

/// <summary>Collects texts produced by terraform (state, JSON, logs, CLI output) and reports any that contain a secret.</summary>
internal sealed partial class SecretScan
{
    private readonly List<(string Where, string Text)> _texts = [];

    public int Count => _texts.Count;

    public void Add(string where, string text) => _texts.Add((where, text));

    /// <summary><see cref="Add"/>, returning this scan.</summary>
    public SecretScan With(string where, string text)
    {
        Add(where, text);
        return this;
    }

    /// <summary>Adds every regular file under <paramref name="directory"/> except the CLI config and provider binaries.</summary>
    public void AddDirectory(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (name is ".terraformrc" or ".terraform.lock.hcl" || file.Contains($"{Path.DirectorySeparatorChar}providers{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            var bytes = File.ReadAllBytes(file);
            _texts.Add((file, Encoding.UTF8.GetString(bytes)));
        }
    }

    /// <summary>
    /// Where each secret was found ("secret-label in where"), empty when clean. A secret counts as found raw,
    /// JSON-escaped, base64-encoded on its own, or inside any base64 run of the text that decodes to something
    /// containing it (an HTTP basic-auth header of <c>user:pass</c>, a Secret's <c>data.credentials</c> holding the
    /// CAPX credentials JSON, a whole object encoded once more).
    /// </summary>
    public List<string> Hits(IReadOnlyDictionary<string, string> secrets)
    {
        var hits = new List<string>();
        foreach (var (label, secret) in secrets)
        {
            Assert.True(secret.Length >= 8, $"secret {label} is too short to scan for");
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
            var jsonEscaped = System.Text.Json.JsonEncodedText.Encode(secret).ToString();
            foreach (var (where, text) in _texts)
            {
                if (text.Contains(secret, StringComparison.Ordinal)) hits.Add($"{label} in {where}");
                else if (text.Contains(jsonEscaped, StringComparison.Ordinal)) hits.Add($"{label} (JSON-escaped) in {where}");
                else if (text.Contains(base64, StringComparison.Ordinal)) hits.Add($"{label} (base64) in {where}");
                else if (InsideBase64(text, secret, jsonEscaped)) hits.Add($"{label} (inside a base64 value) in {where}");
            }
        }

        return hits;
    }

    private static bool InsideBase64(string text, string secret, string jsonEscaped)
    {
        foreach (System.Text.RegularExpressions.Match run in Base64Run().Matches(text))
        {
            var value = run.Value.TrimEnd('=');
            for (var shift = 0; shift < 4 && value.Length - shift >= 8; shift++)
            {
                var part = value[shift..];
                part = part[..(part.Length - (part.Length % 4))];
                var bytes = new byte[part.Length];
                if (!Convert.TryFromBase64String(part, bytes, out var n)) continue;
                var decoded = Encoding.UTF8.GetString(bytes, 0, n);
                if (decoded.Contains(secret, StringComparison.Ordinal) || decoded.Contains(jsonEscaped, StringComparison.Ordinal)) return true;
            }
        }

        return false;
    }

    [System.Text.RegularExpressions.GeneratedRegex("[A-Za-z0-9+/]{12,}={0,2}")]
    private static partial System.Text.RegularExpressions.Regex Base64Run();
}
