using Terraform.Plugin.EphemeralResources;

namespace Terraform.Plugin.Provider;

/// <summary>Optional: ephemeral resource types (<c>ephemeral "type" "name" { ... }</c>, Terraform 1.10+).</summary>
public interface IProviderWithEphemeralResources : IProvider
{
    /// <summary>Factories of the ephemeral resource types; each call must return a fresh instance.</summary>
    IReadOnlyList<Func<IEphemeralResource>> EphemeralResources();
}
