using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

/// <summary>Adjusts one attribute's planned value, or asks for replacement, during PlanResourceChange.</summary>
public interface IPlanModifier
{
    string Description { get; }

    void PlanModify(PlanModifierRequest request, PlanModifierResponse response);
}

/// <summary>The attribute's configuration, prior state and current planned value.</summary>
/// <param name="Path">Where the attribute is.</param>
/// <param name="ConfigValue">Value in configuration (null when unset).</param>
/// <param name="StateValue">Value in prior state (null on create).</param>
/// <param name="PlanValue">Value planned so far.</param>
/// <param name="IsCreate">True when there is no prior state (the resource is being created).</param>
public sealed record PlanModifierRequest(AttributePath Path, CtyValue ConfigValue, CtyValue StateValue, CtyValue PlanValue, bool IsCreate);

/// <summary>Pre-filled with the current plan value; modifiers edit it.</summary>
public sealed class PlanModifierResponse
{
    public PlanModifierResponse(CtyValue planValue) => PlanValue = planValue;

    public CtyValue PlanValue { get; set; }

    /// <summary>Set to force destroy-and-recreate because of this attribute's change.</summary>
    public bool RequiresReplace { get; set; }

    public DiagnosticBag Diagnostics { get; } = new();
}
