using System.Text;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Paths;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// Where a <see cref="SpecFieldError"/> of the cluster spec lives in the <c>nutanix_cluster</c> schema: spec fields
/// are camelCase and the schema's snake_case, except where the schema is shaped differently (the machine's Prism
/// references are top-level arguments, Prism Central and the namespace come from the cloud account).
/// </summary>
internal static class SpecPaths
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["endpointHost"] = "endpoint_ip",
        ["nodeLabels"] = "labels",
        ["systemDiskSize"] = "system_disk",
        ["kubeVipImage"] = "kube_vip",
        ["kubeVipServices"] = "kube_vip",
        ["podCidr"] = "network",
        ["serviceCidr"] = "network",
        ["serviceDomain"] = "network",
    };

    /// <summary>Machine fields that are top-level arguments shared by every machine.</summary>
    private static readonly Dictionary<string, string> SharedMachineFields = new(StringComparer.Ordinal)
    {
        ["cluster"] = "prism_element_cluster",
        ["subnets"] = "subnets",
        ["image"] = "image",
        ["imageLookup"] = "image_lookup",
    };

    public static AttributePath ToAttributePath(SpecPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var steps = path.Steps;
        if (steps.Count == 0) return AttributePath.Root("name");
        if (steps[0].Field is "prismCentral" or "namespace") return AttributePath.Root("cloud_account_id");
        for (var i = 0; i + 1 < steps.Count; i++)
        {
            if (steps[i].Field == "machine" && steps[i + 1].Field is { } field && SharedMachineFields.TryGetValue(field, out var shared))
            {
                return AttributePath.Root(shared);
            }
        }

        AttributePath? result = null;
        foreach (var step in steps)
        {
            if (step.Field is { } field)
            {
                var name = Renamed.TryGetValue(field, out var renamed) ? renamed : Snake(field);
                result = result is null ? AttributePath.Root(name) : result.Attribute(name);
            }
            else if (step.Key is { } key)
            {
                result = result!.ElementKey(key);
            }
            else if (step.Index is { } index)
            {
                result = result!.ElementKey(index);
            }
        }

        return result!;
    }

    private static string Snake(string camel)
    {
        var sb = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                sb.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
