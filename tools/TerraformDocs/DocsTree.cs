namespace TerraformDocs;

/// <summary>Writes a generated documentation tree to disk, or compares it with what is there.</summary>
public static class DocsTree
{
    private static readonly string[] ManagedFolders = ["resources", "data-sources", "ephemeral-resources"];

    /// <summary>Writes every file and deletes generated-looking files (<c>index.md</c>, <c>resources/*.md</c>, <c>data-sources/*.md</c>, <c>ephemeral-resources/*.md</c>) that are no longer produced.</summary>
    public static void Write(string directory, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var stale in Existing(directory).Where(f => !files.ContainsKey(f)))
        {
            File.Delete(Path.Combine(directory, stale));
        }

        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path) || File.ReadAllText(path) != content) File.WriteAllText(path, content);
        }
    }

    /// <summary>Differences between <paramref name="files"/> and <paramref name="directory"/>, one line each; empty when up to date.</summary>
    public static IReadOnlyList<string> Compare(string directory, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var differences = new List<string>();
        var existing = Existing(directory);
        foreach (var (relative, content) in files)
        {
            if (!existing.Contains(relative))
            {
                differences.Add($"missing: {relative}");
                continue;
            }

            var actual = File.ReadAllText(Path.Combine(directory, relative));
            if (actual != content) differences.Add($"differs: {relative} ({FirstDifferentLine(actual, content)})");
        }

        differences.AddRange(existing.Where(f => !files.ContainsKey(f)).Select(f => $"not generated (stale): {f}"));
        return differences;
    }

    private static string FirstDifferentLine(string actual, string expected)
    {
        var a = actual.Split('\n');
        var e = expected.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, e.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < e.Length ? e[i] : "<end of file>";
            if (left != right) return $"line {i + 1}: has \"{left}\", schema gives \"{right}\"";
        }

        return "line endings";
    }

    private static HashSet<string> Existing(string directory)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(Path.Combine(directory, "index.md"))) found.Add("index.md");
        foreach (var folder in ManagedFolders)
        {
            var full = Path.Combine(directory, folder);
            if (!Directory.Exists(full)) continue;
            foreach (var file in Directory.EnumerateFiles(full, "*.md")) found.Add(folder + "/" + Path.GetFileName(file));
        }

        return found;
    }
}
