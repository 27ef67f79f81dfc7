namespace Terraform.Plugin.Hosting;

/// <summary>How a provider binary identifies itself to Terraform and to its users.</summary>
public sealed class PluginHostOptions
{
    /// <summary>
    /// Full provider source address, e.g. <c>registry.terraform.io/nutanix-cloud-native/nutanix</c>. Used as the key
    /// of <c>TF_REATTACH_PROVIDERS</c> in <c>--debug</c> mode.
    /// </summary>
    public required string ProviderAddress { get; init; }

    /// <summary>Provider version printed by <c>--version</c>.</summary>
    public required string Version { get; init; }

    /// <summary>
    /// Executable name (e.g. <c>terraform-provider-nutanix</c>); the log module becomes <c>provider.&lt;name&gt;</c>.
    /// Defaults to <c>terraform-provider-&lt;type&gt;</c> derived from <see cref="ProviderAddress"/>.
    /// </summary>
    public string? BinaryName { get; init; }

    /// <summary>Grace period for in-flight requests when the host stops.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The provider type name: the last segment of <see cref="ProviderAddress"/>.</summary>
    public string ProviderType => ProviderAddress[(ProviderAddress.LastIndexOf('/') + 1)..];

    internal string EffectiveBinaryName => BinaryName ?? "terraform-provider-" + ProviderType;
}
