using Nutanix.Prism.Models;

namespace Nutanix.Prism;

/// <summary>What a workload cluster names in Prism Central: a Prism Element cluster, subnets, an image (name or UUID each).</summary>
public sealed record PrismReferences(string PrismElementCluster, IReadOnlyList<string> Subnets, string? Image);

/// <summary>Which reference a <see cref="PrismReferenceProblem"/> is about.</summary>
public enum PrismReferenceKind
{
    /// <summary>Prism Central itself (its version).</summary>
    PrismCentral,
    PrismElementCluster,

    /// <summary>One subnet; <see cref="PrismReferenceProblem.Index"/> says which.</summary>
    Subnet,
    Image,
}

/// <summary>One reference CAPX would fail on, with a summary and a detail that says what to change.</summary>
public sealed record PrismReferenceProblem(PrismReferenceKind Kind, int Index, string Summary, string Detail);

/// <summary>
/// Checks a cluster's Prism Central references the way CAPX will resolve them, so that what CAPX would fail on later
/// fails at plan time instead: the Prism Element cluster (by UUID, or by name ignoring case, and not Prism Central
/// itself), each subnet (a VLAN subnet on that Prism Element, or an overlay/VPC subnet, which serves every Prism
/// Element; names compared exactly, as CAPX does), the image (name ignoring case), any name that matches more than
/// one entity (CAPX refuses those), and the Prism Central and Prism Element versions against the minimums of the CAPX
/// version the gateway runs (<see cref="CapxCompatibility"/>).
/// </summary>
public static class PrismReferenceChecker
{
    public static async Task<IReadOnlyList<PrismReferenceProblem>> CheckAsync(
        PrismCentralClient prism, PrismReferences references, string? capxVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prism);
        ArgumentNullException.ThrowIfNull(references);
        var problems = new List<PrismReferenceProblem>();
        var endpoint = prism.Options.Endpoint;
        var requirement = CapxCompatibility.For(capxVersion);

        if (requirement is not null)
        {
            var reported = await prism.GetPrismCentralVersionAsync(cancellationToken).ConfigureAwait(false);
            if (PrismCentralVersion.TryParse(reported) is { } version && !version.IsAtLeast(requirement.MinimumPrismCentral))
            {
                problems.Add(new(PrismReferenceKind.PrismCentral, 0, "Prism Central too old for CAPX",
                    $"Prism Central {endpoint} runs {reported}, but CAPX {capxVersion} (the gateway's infrastructure provider) needs Prism Central " +
                    $"{requirement.MinimumPrismCentral} or later (CAPX {requirement.Capx}.x compatibility table). Upgrade Prism Central, or use a gateway whose CAPX supports {reported}."));
            }
        }

        var pe = await CheckPrismElementAsync(prism, references.PrismElementCluster, requirement, capxVersion, problems, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < references.Subnets.Count; i++)
        {
            await CheckSubnetAsync(prism, references.Subnets[i], i, pe, references.PrismElementCluster, problems, cancellationToken).ConfigureAwait(false);
        }

        if (references.Image is { } image)
        {
            await CheckImageAsync(prism, image, problems, cancellationToken).ConfigureAwait(false);
        }

        return problems;
    }

    private static async Task<PrismEntity<ClusterResources>?> CheckPrismElementAsync(
        PrismCentralClient prism, string reference, CapxRequirement? requirement, string? capxVersion, List<PrismReferenceProblem> problems, CancellationToken cancellationToken)
    {
        const PrismReferenceKind kind = PrismReferenceKind.PrismElementCluster;
        var endpoint = prism.Options.Endpoint;
        PrismEntity<ClusterResources>? pe = null;
        if (IsUuid(reference))
        {
            var found = await FindAsync(() => prism.GetClusterAsync(reference, cancellationToken)).ConfigureAwait(false);
            if (found is null)
            {
                problems.Add(new(kind, 0, "Prism Element cluster not found", $"no cluster with UUID \"{reference}\" in Prism Central {endpoint}."));
            }
            else if (found.IsPrismCentral())
            {
                problems.Add(new(kind, 0, "Not a Prism Element cluster", $"\"{reference}\" is Prism Central itself; name the Prism Element cluster that hosts the VMs."));
            }
            else
            {
                pe = found;
            }
        }
        else
        {
            var found = await prism.FindPrismElementClustersByNameAsync(reference, cancellationToken).ConfigureAwait(false);
            if (found.Count == 1)
            {
                pe = found[0];
            }
            else if (found.Count > 1)
            {
                problems.Add(new(kind, 0, "Ambiguous Prism Element cluster",
                    $"{found.Count} clusters are named \"{reference}\"{IgnoringCase(found.Select(c => c.Name))}, and CAPX refuses a name that matches more than one; " +
                    $"use the UUID of the one you mean ({string.Join(", ", found.Select(c => $"{c.Name}: {c.Uuid}"))})."));
            }
            else
            {
                var all = await prism.ListAllClustersAsync(null, cancellationToken).ConfigureAwait(false);
                var isPc = all.Any(c => string.Equals(c.Name, reference, StringComparison.OrdinalIgnoreCase) && c.IsPrismCentral());
                var known = string.Join(", ", all.Where(c => !c.IsPrismCentral()).Select(c => $"\"{c.Name}\""));
                problems.Add(isPc
                    ? new(kind, 0, "Not a Prism Element cluster", $"\"{reference}\" is Prism Central itself; name the Prism Element cluster that hosts the VMs ({known}).")
                    : new(kind, 0, "Prism Element cluster not found", $"no Prism Element cluster named \"{reference}\" in Prism Central {endpoint} (known: {known})."));
            }
        }

        if (pe is not null && requirement is not null && pe.BuildVersion() is { } aos
            && PrismCentralVersion.TryParse(aos) is { } version && !version.IsAtLeast(requirement.MinimumPrismElement))
        {
            problems.Add(new(kind, 0, "Prism Element too old for CAPX",
                $"Prism Element cluster \"{pe.Name}\" runs AOS {aos}, but CAPX {capxVersion} (the gateway's infrastructure provider) needs Prism Element " +
                $"{requirement.MinimumPrismElement} or later (CAPX {requirement.Capx}.x compatibility table). Choose a Prism Element running {requirement.MinimumPrismElement} or later, or upgrade this one."));
        }

        return pe;
    }

    private static async Task CheckSubnetAsync(
        PrismCentralClient prism, string reference, int index, PrismEntity<ClusterResources>? pe, string peReference, List<PrismReferenceProblem> problems, CancellationToken cancellationToken)
    {
        const PrismReferenceKind kind = PrismReferenceKind.Subnet;
        if (IsUuid(reference))
        {
            var found = await FindAsync(() => prism.GetSubnetAsync(reference, cancellationToken)).ConfigureAwait(false);
            if (found is null)
            {
                problems.Add(new(kind, index, "Subnet not found", $"no subnet with UUID \"{reference}\"."));
            }
            else if (pe is not null && !found.IsUsableFrom(pe.Uuid))
            {
                problems.Add(new(kind, index, "Subnet not on the Prism Element cluster",
                    $"subnet \"{reference}\" is a VLAN subnet of cluster \"{found.ClusterReference?.Name}\", not of \"{peReference}\" (only overlay/VPC subnets serve every Prism Element)."));
            }

            return;
        }

        var matches = await prism.FindSubnetsByNameAsync(reference, pe?.Uuid, cancellationToken).ConfigureAwait(false);
        if (matches.Count == 0)
        {
            problems.Add(new(kind, index, "Subnet not found", pe is null
                ? $"no subnet named \"{reference}\"."
                : $"no subnet named \"{reference}\" on Prism Element cluster \"{peReference}\" (a VLAN subnet of that cluster, or an overlay/VPC subnet)."));
        }
        else if (matches.Count > 1 && pe is not null)
        {
            problems.Add(new(kind, index, "Ambiguous subnet",
                $"{matches.Count} subnets named \"{reference}\" are usable from \"{peReference}\" " +
                $"({string.Join(", ", matches.Select(s => s.IsOverlay() ? $"overlay subnet {s.Uuid} in VPC {s.Resources?.VpcReference?.Name ?? s.Resources?.VpcReference?.Uuid}" : $"VLAN subnet {s.Uuid}"))}), " +
                "and CAPX refuses a name that matches more than one; use a UUID."));
        }
    }

    private static async Task CheckImageAsync(PrismCentralClient prism, string reference, List<PrismReferenceProblem> problems, CancellationToken cancellationToken)
    {
        const PrismReferenceKind kind = PrismReferenceKind.Image;
        if (IsUuid(reference))
        {
            if (await FindAsync(() => prism.GetImageAsync(reference, cancellationToken)).ConfigureAwait(false) is null)
            {
                problems.Add(new(kind, 0, "Image not found", $"no image with UUID \"{reference}\"."));
            }

            return;
        }

        var found = await prism.FindImagesByNameAsync(reference, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            problems.Add(new(kind, 0, "Image not found", $"no image named \"{reference}\" in Prism Central {prism.Options.Endpoint}."));
        }
        else if (found.Count > 1)
        {
            problems.Add(new(kind, 0, "Ambiguous image",
                $"{found.Count} images are named \"{reference}\"{IgnoringCase(found.Select(i => i.Name))}, and CAPX refuses a name that matches more than one; " +
                $"use the UUID of the one you mean ({string.Join(", ", found.Select(i => $"{i.Name}: {i.Uuid}"))})."));
        }
    }

    /// <summary>" ignoring case (as CAPX compares names: "A", "a")" when the matches differ only by case, else nothing.</summary>
    private static string IgnoringCase(IEnumerable<string> names)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count > 1 ? $" ignoring case, as CAPX compares names ({string.Join(", ", distinct.Select(n => $"\"{n}\""))})" : string.Empty;
    }

    /// <summary>A Prism entity UUID (8-4-4-4-12 hex), as CAPX tells a UUID from a name.</summary>
    public static bool IsUuid(string reference) => Guid.TryParseExact(reference, "D", out _);

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
