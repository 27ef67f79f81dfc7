namespace Nutanix.Simulator.Inventory;

/// <summary>A disk or ISO image.</summary>
public sealed record PrismImage(
    string Uuid,
    string Name,
    string Description,
    string ImageType,
    long SizeBytes,
    string SourceUri,
    string Architecture,
    IReadOnlyList<string> ClusterUuids,
    DateTimeOffset CreationTime);
