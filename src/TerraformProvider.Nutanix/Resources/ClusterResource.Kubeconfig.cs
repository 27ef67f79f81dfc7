using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Resources;

/// <summary><c>kubeconfig_in_state</c>: with <c>false</c> the <c>kubeconfig</c> attribute is null in plan and state.</summary>
internal sealed partial class ClusterResource
{
    /// <summary>
    /// <paramref name="value"/> (a plan or a state) with <c>kubeconfig</c> null when <c>kubeconfig_in_state</c> is
    /// false; unchanged otherwise (true, null before defaults, or unknown).
    /// </summary>
    internal static CtyValue KubeconfigOutOfState(CtyValue value) =>
        !value.IsNull && value["kubeconfig_in_state"] is { IsKnown: true, IsNull: false } keep && !keep.AsBool()
            ? value.WithAttribute("kubeconfig", CtyValue.Null(CtyType.String))
            : value;

    /// <summary><c>kubeconfig_in_state</c> of a refreshed state: the prior one (an import: the default, true).</summary>
    private static CtyValue WithKubeconfigInState(CtyValue fresh, CtyValue priorState) =>
        KubeconfigOutOfState(fresh.WithAttribute("kubeconfig_in_state",
            priorState["kubeconfig_in_state"] is { IsKnown: true, IsNull: false } prior ? prior : CtyValue.Bool(true)));
}
