namespace Terraform.Plugin.Diagnostics;

/// <summary>Severity of a <see cref="Diagnostic"/>; errors stop the operation, warnings are shown.</summary>
public enum DiagnosticSeverity
{
    Error,
    Warning,
}
