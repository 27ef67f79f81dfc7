namespace TerraformDocs;

/// <summary>What to document and where the inputs and outputs live.</summary>
public sealed record DocsOptions
{
    /// <summary>Full provider source address, e.g. <c>registry.terraform.io/acme/thing</c>.</summary>
    public required string ProviderAddress { get; init; }

    /// <summary>Directory in the Registry's examples layout (<c>provider/provider.tf</c>, <c>resources/TYPE/resource.tf</c>, <c>resources/TYPE/import.sh</c>, <c>data-sources/TYPE/data-source.tf</c>).</summary>
    public required string ExamplesDirectory { get; init; }

    /// <summary>Markdown placed under the title of <c>index.md</c> after the provider description (optional).</summary>
    public string? IndexPreamble { get; init; }

    /// <summary>Provider type name: the last segment of <see cref="ProviderAddress"/>.</summary>
    public string ProviderName => ProviderAddress[(ProviderAddress.LastIndexOf('/') + 1)..];
}
