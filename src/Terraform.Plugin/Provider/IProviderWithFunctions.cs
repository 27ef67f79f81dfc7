using Terraform.Plugin.Functions;

namespace Terraform.Plugin.Provider;

/// <summary>Optional: provider-defined functions (<c>provider::name::fn(...)</c>, Terraform 1.8+).</summary>
public interface IProviderWithFunctions : IProvider
{
    IReadOnlyList<Func<IFunction>> Functions();
}
