using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

/// <summary>Checks one attribute's configuration value. Called only for known, non-null values.</summary>
public interface IValidator
{
    /// <summary>Human-readable rule, e.g. "length between 1 and 63".</summary>
    string Description { get; }

    void Validate(ValidatorRequest request, DiagnosticBag diagnostics);
}

/// <summary>The value under validation and where it sits in the configuration.</summary>
public sealed record ValidatorRequest(AttributePath Path, CtyValue Value);
