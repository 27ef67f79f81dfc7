using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Resources;

/// <summary>Configuration, prior state (null on create) and the plan so far.</summary>
public sealed class ModifyPlanRequest
{
    public required CtyValue Config { get; init; }

    public required CtyValue State { get; init; }

    public required CtyValue Plan { get; init; }
}

/// <summary>The plan (editable) and attribute paths whose change forces replacement.</summary>
public sealed class ModifyPlanResponse
{
    public ModifyPlanResponse(CtyValue plan, IEnumerable<AttributePath> requiresReplace)
    {
        Plan = plan;
        RequiresReplace = [.. requiresReplace];
    }

    public CtyValue Plan { get; set; }

    public List<AttributePath> RequiresReplace { get; }

    public DiagnosticBag Diagnostics { get; } = new();
}
