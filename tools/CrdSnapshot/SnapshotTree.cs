namespace CrdSnapshotTool;

/// <summary>Reads, compares and writes the snapshot directory.</summary>
internal static class SnapshotTree
{
    /// <summary>crds/ in the repository (the directory holding TerraformProvider.sln) above the tool's binary.</summary>
    public static string DefaultDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TerraformProvider.sln")))
            {
                return Path.Combine(dir.FullName, "crds");
            }
        }

        throw new SnapshotException($"no TerraformProvider.sln above {AppContext.BaseDirectory}; pass --out DIR");
    }

    /// <summary>One line per file that is missing, different, or present but no longer generated.</summary>
    public static IReadOnlyList<string> Compare(string directory, IReadOnlyList<SnapshotFile> files)
    {
        var differences = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.Path);
            if (!File.Exists(path))
            {
                differences.Add($"missing: {file.Path}");
            }
            else if (!string.Equals(File.ReadAllText(path), file.Content, StringComparison.Ordinal))
            {
                differences.Add($"different: {file.Path}");
            }
        }

        var expected = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in Existing(directory).Where(p => !expected.Contains(p)))
        {
            differences.Add($"not generated: {extra}");
        }

        return differences;
    }

    /// <summary>Writes every file and removes the files of the directory that are no longer generated.</summary>
    public static void Write(string directory, IReadOnlyList<SnapshotFile> files)
    {
        var expected = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in Existing(directory).Where(p => !expected.Contains(p)))
        {
            File.Delete(Path.Combine(directory, extra));
        }

        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
        }

        foreach (var empty in Directory.Exists(directory) ? Directory.GetDirectories(directory) : [])
        {
            if (Directory.GetFileSystemEntries(empty).Length == 0) Directory.Delete(empty);
        }
    }

    private static IEnumerable<string> Existing(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(p => p != "README.md")
                .Order(StringComparer.Ordinal)
            : [];
}
