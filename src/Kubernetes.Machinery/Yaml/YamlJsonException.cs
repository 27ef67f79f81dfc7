namespace Kubernetes.Machinery.Yaml;

/// <summary>Raised when YAML text cannot be converted to JSON (syntax error, unsupported construct, duplicate key).</summary>
public sealed class YamlJsonException : FormatException
{
    public YamlJsonException(string message, long line, long column, Exception? inner = null)
        : base(line > 0 ? $"yaml: line {line}, column {column}: {message}" : $"yaml: {message}", inner)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the offending construct, 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>
    /// What is wrong, in words that never quote the document's content (keys, values): safe in a diagnostic about
    /// a value that may be secret. The position is in <see cref="Line"/> and <see cref="Column"/>.
    /// </summary>
    public string Detail { get; init; } = "invalid YAML";

    /// <summary>1-based column of the offending construct, 0 when unknown.</summary>
    public long Column { get; }
}
