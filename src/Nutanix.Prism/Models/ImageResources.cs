using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary><c>status.resources</c> of a v3 image.</summary>
public sealed record ImageResources
{
    /// <summary><c>DISK_IMAGE</c> or <c>ISO_IMAGE</c>.</summary>
    [JsonPropertyName("image_type")]
    public string? ImageType { get; init; }

    [JsonPropertyName("source_uri")]
    public string? SourceUri { get; init; }

    [JsonPropertyName("size_bytes")]
    public long? SizeBytes { get; init; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("retrieval_uri_list")]
    public IReadOnlyList<string>? RetrievalUriList { get; init; }

    [JsonPropertyName("current_cluster_reference_list")]
    public IReadOnlyList<EntityReference>? CurrentClusterReferenceList { get; init; }
}
