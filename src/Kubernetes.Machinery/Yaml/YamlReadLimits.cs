namespace Kubernetes.Machinery.Yaml;

/// <summary>
/// Bounds on what one YAML document may expand to, so hostile input (a "billion laughs" alias bomb, 100 000 nested
/// brackets) is refused with a <see cref="YamlJsonException"/> instead of exhausting memory or the stack.
/// </summary>
/// <param name="MaxDepth">Deepest nesting of sequences and mappings. Kubernetes objects rarely exceed 20 levels;
/// JSON bodies are parsed with System.Text.Json's default of 64, so YAML gets the same order of magnitude.</param>
/// <param name="MaxAliasNodes">How many nodes alias references may add to a document in total (each <c>*ref</c>
/// counts the size of the subtree it copies). Ordinary use (a few merge keys) stays far below; an alias bomb
/// exceeds it after a handful of events.</param>
public sealed record YamlReadLimits(int MaxDepth = YamlReadLimits.DefaultMaxDepth, long MaxAliasNodes = YamlReadLimits.DefaultMaxAliasNodes)
{
    public const int DefaultMaxDepth = 128;
    public const long DefaultMaxAliasNodes = 100_000;

    /// <summary>The limits every reader in this repository uses unless it says otherwise.</summary>
    public static YamlReadLimits Default { get; } = new();
}
