using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

/// <summary>
/// A schema attribute. Exactly one of <see cref="Required"/>, <see cref="Optional"/>, <see cref="Computed"/>
/// (or Optional + Computed) describes who sets the value. Concrete kinds: <see cref="StringAttribute"/>,
/// <see cref="NumberAttribute"/>, <see cref="Int64Attribute"/>, <see cref="BoolAttribute"/>,
/// <see cref="ListAttribute"/>, <see cref="SetAttribute"/>, <see cref="MapAttribute"/>,
/// <see cref="ObjectAttribute"/>, <see cref="DynamicAttribute"/> and the nested attributes.
/// </summary>
public abstract class Attribute
{
    private protected Attribute()
    {
    }

    public bool Required { get; init; }

    public bool Optional { get; init; }

    /// <summary>The provider may set the value (alone: only the provider; with Optional: when config leaves it null).</summary>
    public bool Computed { get; init; }

    /// <summary>Terraform hides the value in plan output. The framework never logs attribute values.</summary>
    public bool Sensitive { get; init; }

    /// <summary>
    /// Write-only: the value is available to Create/Update in the configuration but is never planned or stored in
    /// state (always null there). Needs Terraform 1.11+.
    /// </summary>
    public bool WriteOnly { get; init; }

    public string? Description { get; init; }

    public string? MarkdownDescription { get; init; }

    /// <summary>When set, using the attribute produces this warning.</summary>
    public string? DeprecationMessage { get; init; }

    /// <summary>Value planned when the configuration leaves the attribute null (requires Computed).</summary>
    public CtyValue? Default { get; init; }

    /// <summary>Run in order at plan time, after defaults and unknown-marking.</summary>
    public IReadOnlyList<IPlanModifier> PlanModifiers { get; init; } = [];

    /// <summary>Run at validation time on known, non-null configuration values.</summary>
    public IReadOnlyList<IValidator> Validators { get; init; } = [];

    /// <summary>The cty type of the attribute's value.</summary>
    public abstract CtyType Type { get; }

    /// <summary>Validation every value of this kind gets (e.g. integer-ness), before custom validators.</summary>
    internal virtual void ValidateKind(Paths.AttributePath path, CtyValue value, Diagnostics.DiagnosticBag diagnostics)
    {
    }
}
