using Nutanix.Prism;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// Plan-time checks against Prism Central: <see cref="PrismReferenceChecker"/> (Nutanix.Prism) decides, the way CAPX
/// will resolve them, whether the Prism Element cluster, subnets and image exist and are unambiguous and whether Prism
/// Central and the Prism Element are new enough for the gateway's CAPX; this maps each problem to a diagnostic on the
/// attribute that names it.
/// </summary>
internal static class PrismPlanChecks
{
    public static async Task CheckAsync(PrismCentralClient prism, ClusterConfig config, string? capxVersion, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var references = new PrismReferences(config.PrismElementCluster, config.Subnets, config.Image);
        foreach (var problem in await PrismReferenceChecker.CheckAsync(prism, references, capxVersion, cancellationToken).ConfigureAwait(false))
        {
            var (path, label) = problem.Kind switch
            {
                PrismReferenceKind.PrismCentral => (AttributePath.Root("cloud_account_id"), "cloud_account_id"),
                PrismReferenceKind.PrismElementCluster => (AttributePath.Root("prism_element_cluster"), "prism_element_cluster"),
                PrismReferenceKind.Subnet => (AttributePath.Root("subnets").ElementKey(problem.Index), $"subnets[{problem.Index}]"),
                _ => (AttributePath.Root("image"), "image"),
            };
            diagnostics.AddAttributeError(path, problem.Summary, $"{label}: {problem.Detail}");
        }
    }
}
