using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>
/// The cluster's MachineHealthCheck, written in the <c>cluster.x-k8s.io/v1beta1</c> shape the other CAPI objects use
/// (<c>unhealthyConditions[].timeout</c>, <c>maxUnhealthy</c>, <c>nodeStartupTimeout</c>; CAPI v1.13 converts them to
/// v1beta2's <c>checks.unhealthyNodeConditions[].timeoutSeconds</c>, <c>remediation.triggerIf.unhealthyLessThanOrEqualTo</c>
/// and <c>checks.nodeStartupTimeoutSeconds</c>). <c>maxUnhealthy</c> is an int-or-string: a count is written as a
/// number, a percentage as a string.
/// </summary>
internal static class MachineHealthCheckBuilder
{
    public static MachineHealthCheckObject Build(WorkloadClusterSpec spec, MachineHealthCheckSpec check) =>
        Manifest.Create(CapiResources.MachineHealthCheck, ClusterNaming.MachineHealthCheck(spec.Name), spec, new MachineHealthCheckObject
        {
            Spec = new MachineHealthCheckObjectSpec
            {
                ClusterName = spec.Name,
                MaxUnhealthy = check.MaxUnhealthy,
                NodeStartupTimeout = check.NodeStartupTimeout,
                Selector = new LabelSelector(new(StringComparer.Ordinal) { [ClusterNaming.ClusterNameLabel] = spec.Name }),
                UnhealthyConditions = check.UnhealthyNodeConditions.Select(c => new UnhealthyConditionRef(c.Type, c.Status, c.Timeout)).ToList(),
            },
        });
}
