using System.Collections;
using Terraform.Plugin.Paths;

namespace Terraform.Plugin.Diagnostics;

/// <summary>
/// Diagnostics accumulated by an operation. Provider code adds errors here instead of throwing; the server
/// sends them to Terraform with severities and attribute paths.
/// </summary>
public sealed class DiagnosticBag : IReadOnlyList<Diagnostic>
{
    private readonly List<Diagnostic> _items = [];

    public int Count => _items.Count;

    public Diagnostic this[int index] => _items[index];

    /// <summary>True when at least one error was added.</summary>
    public bool HasError => _items.Exists(d => d.Severity == DiagnosticSeverity.Error);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic ?? throw new ArgumentNullException(nameof(diagnostic)));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public void AddError(string summary, string detail) => Add(Diagnostic.Error(summary, detail));

    public void AddWarning(string summary, string detail) => Add(Diagnostic.Warning(summary, detail));

    public void AddAttributeError(AttributePath path, string summary, string detail) => Add(Diagnostic.Error(summary, detail, path));

    public void AddAttributeWarning(AttributePath path, string summary, string detail) => Add(Diagnostic.Warning(summary, detail, path));

    public IEnumerator<Diagnostic> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join("; ", _items);
}
