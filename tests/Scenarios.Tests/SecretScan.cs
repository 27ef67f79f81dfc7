using System.Text;

namespace Scenarios.Tests;

/// <summary>Collects texts produced by terraform (state, JSON, logs, CLI output) and reports any that contain a secret.</summary>
internal sealed class SecretScan
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

    /// <summary>Where each secret was found ("secret-label in where"), empty when clean.</summary>
    public List<string> Hits(IReadOnlyDictionary<string, string> secrets)
    {
        var hits = new List<string>();
        foreach (var (label, secret) in secrets)
        {
            Assert.True(secret.Length >= 8, $"secret {label} is too short to scan for");
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
            foreach (var (where, text) in _texts)
            {
                if (text.Contains(secret, StringComparison.Ordinal)) hits.Add($"{label} in {where}");
                else if (text.Contains(base64, StringComparison.Ordinal)) hits.Add($"{label} (base64) in {where}");
            }
        }

        return hits;
    }
}
