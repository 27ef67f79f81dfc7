using System.Globalization;
using System.Text.Json.Nodes;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>
/// The cluster's MachineHealthCheck, written in the <c>cluster.x-k8s.io/v1beta1</c> shape the other CAPI objects use
/// (<c>unhealthyConditions[].timeout</c>, <c>maxUnhealthy</c>, <c>nodeStartupTimeout</c>; CAPI v1.13 converts them to
/// v1beta2's <c>checks.unhealthyNodeConditions[].timeoutSeconds</c>, <c>remediation.triggerIf.unhealthyLessThanOrEqualTo</c>
/// and <c>checks.nodeStartupTimeoutSeconds</c>).
/// </summary>
internal static class MachineHealthCheckBuilder
{
    public static JsonObject Build(WorkloadClusterSpec spec, MachineHealthCheckSpec check)
    {
        var conditions = new JsonArray();
        foreach (var c in check.UnhealthyNodeConditions)
        {
            conditions.Add((JsonNode)new JsonObject { ["type"] = c.Type, ["status"] = c.Status, ["timeout"] = c.Timeout });
        }

        var mhc = new JsonObject { ["clusterName"] = spec.Name, ["maxUnhealthy"] = MaxUnhealthy(check.MaxUnhealthy) };
        if (check.NodeStartupTimeout is not null)
        {
            mhc["nodeStartupTimeout"] = check.NodeStartupTimeout;
        }

        mhc["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [ClusterNaming.ClusterNameLabel] = spec.Name } };
        mhc["unhealthyConditions"] = conditions;
        return Manifest.Create(CapiResources.MachineHealthCheck, ClusterNaming.MachineHealthCheck(spec.Name), spec, new JsonObject { ["spec"] = mhc });
    }

    /// <summary><c>maxUnhealthy</c> is an int-or-string: a count is written as a number, a percentage as a string.</summary>
    private static JsonNode MaxUnhealthy(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? JsonValue.Create(count) : JsonValue.Create(value);
}
