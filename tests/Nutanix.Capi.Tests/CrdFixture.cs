using Nutanix.Capi.Schema;

namespace Nutanix.Capi.Tests;

/// <summary>Loads the real CAPI/CAPX CRDs from ../shared/capi-crds relative to the repository root, once per run.</summary>
internal static class CrdFixture
{
    private static readonly Lazy<CrdRegistry> Lazy = new(Load);

    public static CrdRegistry Registry => Lazy.Value;

    public static string CrdDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TerraformProvider.sln")))
            {
                dir = dir.Parent;
            }

            if (dir is null)
            {
                throw new InvalidOperationException($"cannot find the repository root (TerraformProvider.sln) above {AppContext.BaseDirectory}");
            }

            var crds = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "capi-crds"));
            if (!Directory.Exists(crds))
            {
                throw new InvalidOperationException($"CRD directory {crds} is missing: the repository expects ../shared/capi-crds (the CAPI v1.13.1 / CAPX v1.10.3 CRDs) next to the checkout");
            }

            return crds;
        }
    }

    private static CrdRegistry Load() => CrdRegistry.LoadDirectory(CrdDirectory);
}
