using Nutanix.Capi.Rendering;
using Nutanix.Prism;
using Nutanix.Prism.Models;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// Plan-time checks against Prism Central: the Prism Element cluster exists (and is not Prism Central itself), each
/// subnet exists on that cluster, the image (and project) exist. Each failure is a diagnostic naming the attribute
/// and the value.
/// </summary>
internal static class PrismPlanChecks
{
    public static async Task CheckAsync(PrismCentralClient prism, ClusterConfig config, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var pePath = AttributePath.Root("prism_element_cluster");
        string? peUuid = null;
        var pe = NutanixResourceIdentifier.Parse(config.PrismElementCluster);
        if (pe.Type == IdentifierType.Uuid)
        {
            var found = await FindAsync(() => prism.GetClusterAsync(pe.Value, cancellationToken)).ConfigureAwait(false);
            if (found is null)
            {
                diagnostics.AddAttributeError(pePath, "Prism Element cluster not found", $"prism_element_cluster: no cluster with UUID \"{pe.Value}\" in Prism Central {prism.Options.Endpoint}.");
            }
            else if (found.IsPrismCentral())
            {
                diagnostics.AddAttributeError(pePath, "Not a Prism Element cluster", $"prism_element_cluster: \"{pe.Value}\" is Prism Central itself; name the Prism Element cluster that hosts the VMs.");
            }
            else
            {
                peUuid = found.Uuid;
            }
        }
        else
        {
            var found = await prism.FindPrismElementClustersByNameAsync(pe.Value, cancellationToken).ConfigureAwait(false);
            if (found.Count == 1)
            {
                peUuid = found[0].Uuid;
            }
            else if (found.Count > 1)
            {
                diagnostics.AddAttributeError(pePath, "Ambiguous Prism Element cluster", $"prism_element_cluster: {found.Count} clusters are named \"{pe.Value}\"; use its UUID ({string.Join(", ", found.Select(c => c.Uuid))}).");
            }
            else
            {
                var all = await prism.ListAllClustersAsync(null, cancellationToken).ConfigureAwait(false);
                var isPc = all.Any(c => c.Name == pe.Value && c.IsPrismCentral());
                var known = string.Join(", ", all.Where(c => !c.IsPrismCentral()).Select(c => $"\"{c.Name}\""));
                diagnostics.AddAttributeError(pePath, isPc ? "Not a Prism Element cluster" : "Prism Element cluster not found", isPc
                    ? $"prism_element_cluster: \"{pe.Value}\" is Prism Central itself; name the Prism Element cluster that hosts the VMs ({known})."
                    : $"prism_element_cluster: no Prism Element cluster named \"{pe.Value}\" in Prism Central {prism.Options.Endpoint} (known: {known}).");
            }
        }

        for (var i = 0; i < config.Subnets.Count; i++)
        {
            var path = AttributePath.Root("subnets").ElementKey(i);
            var subnet = NutanixResourceIdentifier.Parse(config.Subnets[i]);
            if (subnet.Type == IdentifierType.Uuid)
            {
                var found = await FindAsync(() => prism.GetSubnetAsync(subnet.Value, cancellationToken)).ConfigureAwait(false);
                if (found is null)
                {
                    diagnostics.AddAttributeError(path, "Subnet not found", $"subnets[{i}]: no subnet with UUID \"{subnet.Value}\".");
                }
                else if (peUuid is not null && !string.Equals(found.ClusterReference?.Uuid, peUuid, StringComparison.OrdinalIgnoreCase))
                {
                    diagnostics.AddAttributeError(path, "Subnet not on the Prism Element cluster", $"subnets[{i}]: subnet \"{subnet.Value}\" belongs to cluster \"{found.ClusterReference?.Name}\", not to \"{config.PrismElementCluster}\".");
                }
            }
            else
            {
                var found = await prism.FindSubnetsByNameAsync(subnet.Value, peUuid, cancellationToken).ConfigureAwait(false);
                if (found.Count == 0)
                {
                    diagnostics.AddAttributeError(path, "Subnet not found", peUuid is null
                        ? $"subnets[{i}]: no subnet named \"{subnet.Value}\"."
                        : $"subnets[{i}]: no subnet named \"{subnet.Value}\" on Prism Element cluster \"{config.PrismElementCluster}\".");
                }
                else if (found.Count > 1 && peUuid is not null)
                {
                    diagnostics.AddAttributeError(path, "Ambiguous subnet", $"subnets[{i}]: {found.Count} subnets named \"{subnet.Value}\" on \"{config.PrismElementCluster}\"; use a UUID.");
                }
            }
        }

        if (config.Image is { } imageText)
        {
            var path = AttributePath.Root("image");
            var image = NutanixResourceIdentifier.Parse(imageText);
            if (image.Type == IdentifierType.Uuid)
            {
                if (await FindAsync(() => prism.GetImageAsync(image.Value, cancellationToken)).ConfigureAwait(false) is null)
                {
                    diagnostics.AddAttributeError(path, "Image not found", $"image: no image with UUID \"{image.Value}\".");
                }
            }
            else
            {
                var found = await prism.FindImagesByNameAsync(image.Value, cancellationToken).ConfigureAwait(false);
                if (found.Count == 0)
                {
                    diagnostics.AddAttributeError(path, "Image not found", $"image: no image named \"{image.Value}\" in Prism Central {prism.Options.Endpoint}.");
                }
                else if (found.Count > 1)
                {
                    diagnostics.AddAttributeError(path, "Ambiguous image", $"image: {found.Count} images are named \"{image.Value}\"; use its UUID.");
                }
            }
        }
    }

    private static async Task<T?> FindAsync<T>(Func<Task<T>> get)
        where T : class
    {
        try
        {
            return await get().ConfigureAwait(false);
        }
        catch (PrismException ex) when (ex.Kind == PrismErrorKind.NotFound)
        {
            return null;
        }
    }
}
