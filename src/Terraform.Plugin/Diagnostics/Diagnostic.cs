using Terraform.Plugin.Paths;

namespace Terraform.Plugin.Diagnostics;

/// <summary>A message for the Terraform user, optionally attached to the configuration attribute it concerns.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Summary, string Detail, AttributePath? Path = null)
{
    public static Diagnostic Error(string summary, string detail, AttributePath? path = null) => new(DiagnosticSeverity.Error, summary, detail, path);

    public static Diagnostic Warning(string summary, string detail, AttributePath? path = null) => new(DiagnosticSeverity.Warning, summary, detail, path);

    public override string ToString() =>
        $"{Severity}: {Summary}{(Detail.Length > 0 ? ": " + Detail : "")}{(Path is { IsEmpty: false } ? $" (at {Path})" : "")}";
}
