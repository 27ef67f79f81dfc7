namespace TerraformProvider.Nutanix;

/// <summary>The provider block after configuration; handed to every resource and data source.</summary>
internal sealed class ProviderSettings
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    public string? KubeconfigPath { get; init; }

    /// <summary>Inline kubeconfig; sensitive — never log it.</summary>
    public string? Kubeconfig { get; init; }

    public string? KubeconfigContext { get; init; }

    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;
}
