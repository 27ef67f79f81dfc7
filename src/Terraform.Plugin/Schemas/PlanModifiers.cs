namespace Terraform.Plugin.Schemas;

/// <summary>Ready-made plan modifiers.</summary>
public static class PlanModifiers
{
    /// <summary>Changing the attribute on an existing resource replaces the resource.</summary>
    public static IPlanModifier RequiresReplace() =>
        new RequiresReplaceModifier("changing the value forces replacement", _ => true);

    /// <summary>Like <see cref="RequiresReplace()"/>, but only when <paramref name="condition"/> says so.</summary>
    public static IPlanModifier RequiresReplaceIf(Func<PlanModifierRequest, bool> condition, string description) =>
        new RequiresReplaceModifier(description, condition ?? throw new ArgumentNullException(nameof(condition)));

    /// <summary>
    /// A computed value that never changes once known: on update, keep the prior state's value instead of
    /// showing "(known after apply)".
    /// </summary>
    public static IPlanModifier UseStateForUnknown() => UseStateForUnknownModifier.Instance;

    private sealed class RequiresReplaceModifier(string description, Func<PlanModifierRequest, bool> condition) : IPlanModifier
    {
        public string Description => description;

        public void PlanModify(PlanModifierRequest request, PlanModifierResponse response)
        {
            if (request.IsCreate || request.PlanValue.Equals(request.StateValue)) return;
            if (condition(request)) response.RequiresReplace = true;
        }
    }

    private sealed class UseStateForUnknownModifier : IPlanModifier
    {
        public static readonly UseStateForUnknownModifier Instance = new();

        public string Description => "once set, the value does not change";

        public void PlanModify(PlanModifierRequest request, PlanModifierResponse response)
        {
            if (request.IsCreate || request.StateValue.IsNull) return;
            if (!request.ConfigValue.IsKnown) return;
            if (request.PlanValue.IsKnown) return;
            response.PlanValue = request.StateValue;
        }
    }
}
