namespace TestSupport.Tools;

/// <summary>Finds the repository root (the directory holding TerraformProvider.sln) from the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TerraformProvider.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No TerraformProvider.sln above {AppContext.BaseDirectory}.");
    }
}
