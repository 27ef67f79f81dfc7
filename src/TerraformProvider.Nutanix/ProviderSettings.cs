namespace TerraformProvider.Nutanix;

/// <summary>
/// The provider block after configuration. The management cluster is found, in order: <c>kubeconfig</c> (inline),
/// <c>kubeconfig_path</c>, <c>$NUTANIX_MGMT_KUBECONFIG</c>, <c>$KUBECONFIG</c> (first existing file of the list),
/// <c>~/.kube/config</c>.
/// </summary>
internal sealed class ProviderSettings
{
    public const string MgmtKubeconfigVariable = "NUTANIX_MGMT_KUBECONFIG";
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultPrismRequestTimeout = TimeSpan.FromSeconds(30);

    public string? KubeconfigPath { get; init; }

    /// <summary>Inline kubeconfig; sensitive — never log it.</summary>
    public string? Kubeconfig { get; init; }

    public string? KubeconfigContext { get; init; }

    /// <summary>Timeout of one request to the management cluster.</summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    /// <summary>Timeout of one request to Prism Central.</summary>
    public TimeSpan PrismRequestTimeout { get; init; } = DefaultPrismRequestTimeout;

    /// <summary>
    /// False when some connection attribute was unknown at configuration time (e.g. a kubeconfig produced by
    /// another resource during plan); the management cluster must then not be contacted.
    /// </summary>
    public bool IsKnown { get; init; } = true;

    /// <summary>Where the kubeconfig comes from, for messages (never the inline content).</summary>
    public string DescribeSource(Func<string, string?> getEnvironment)
    {
        var source = Resolve(getEnvironment);
        return source.Inline ? "the provider's kubeconfig attribute" : $"{source.Path} (from {source.Origin})";
    }

    /// <summary>The kubeconfig to use: inline text, or a path and where it came from.</summary>
    public KubeconfigSource Resolve(Func<string, string?> getEnvironment)
    {
        if (!string.IsNullOrEmpty(Kubeconfig))
        {
            return new KubeconfigSource(true, null, "kubeconfig");
        }

        if (!string.IsNullOrEmpty(KubeconfigPath))
        {
            return new KubeconfigSource(false, ExpandHome(KubeconfigPath), "kubeconfig_path");
        }

        if (getEnvironment(MgmtKubeconfigVariable) is { Length: > 0 } mgmt)
        {
            return new KubeconfigSource(false, ExpandHome(mgmt), MgmtKubeconfigVariable);
        }

        if (getEnvironment("KUBECONFIG") is { Length: > 0 } list)
        {
            var entries = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var first = entries.Select(ExpandHome).FirstOrDefault(File.Exists) ?? (entries.Length > 0 ? ExpandHome(entries[0]) : null);
            if (first is not null)
            {
                return new KubeconfigSource(false, first, "KUBECONFIG");
            }
        }

        var home = getEnvironment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new KubeconfigSource(false, Path.Combine(home, ".kube", "config"), "the default ~/.kube/config");
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}

/// <summary>A resolved kubeconfig location: inline text, or <paramref name="Path"/> found via <paramref name="Origin"/>.</summary>
internal sealed record KubeconfigSource(bool Inline, string? Path, string Origin);
