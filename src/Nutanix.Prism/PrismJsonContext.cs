using System.Text.Json.Serialization;
using Nutanix.Prism.Models;

namespace Nutanix.Prism;

/// <summary>
/// Source-generated System.Text.Json metadata for every Prism Central v3 shape this client reads or writes
/// (no reflection-based serialization; native-AOT safe). Unknown fields are skipped; numbers sent as strings
/// are accepted.
/// </summary>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ListRequest))]
[JsonSerializable(typeof(PrismList<PrismEntity<ClusterResources>>))]
[JsonSerializable(typeof(PrismList<PrismEntity<SubnetResources>>))]
[JsonSerializable(typeof(PrismList<PrismEntity<ImageResources>>))]
[JsonSerializable(typeof(PrismList<PrismEntity<ProjectResources>>))]
[JsonSerializable(typeof(PrismList<PrismEntity<VmResources>>))]
[JsonSerializable(typeof(PrismList<CategoryKey>))]
[JsonSerializable(typeof(PrismList<CategoryValue>))]
[JsonSerializable(typeof(PrismEntity<ClusterResources>))]
[JsonSerializable(typeof(PrismEntity<SubnetResources>))]
[JsonSerializable(typeof(PrismEntity<ImageResources>))]
[JsonSerializable(typeof(PrismEntity<ProjectResources>))]
[JsonSerializable(typeof(PrismEntity<VmResources>))]
[JsonSerializable(typeof(PrismEntity<UserResources>))]
[JsonSerializable(typeof(CategoryKey))]
[JsonSerializable(typeof(CategoryValue))]
[JsonSerializable(typeof(PrismTask))]
[JsonSerializable(typeof(PrismCentralInfo))]
[JsonSerializable(typeof(PrismErrorBody))]
public sealed partial class PrismJsonContext : JsonSerializerContext;
