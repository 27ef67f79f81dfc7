using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Nutanix.Capi.Model;

// Typed views of the CAPI v1.13 / CAPX v1.10 objects a workload cluster consists of, as far as this project reads
// them back (System.Text.Json source generation: no reflection, AOT-clean). Field names are the CRDs' JSON names;
// anything not modelled is ignored when reading. CapiJson.Read turns a live JsonObject into one of these.

public sealed record ObjectMeta
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }
}

public sealed record ObjectRef
{
    public string? ApiVersion { get; init; }

    public string? ApiGroup { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }
}

public sealed record NameValue(string? Name, string? Value);

// Cluster (cluster.x-k8s.io/v1beta1)

public sealed record ClusterObject(ObjectMeta? Metadata, ClusterObjectSpec? Spec);

public sealed record ClusterObjectSpec(ClusterNetwork? ClusterNetwork, ObjectRef? ControlPlaneRef, ObjectRef? InfrastructureRef, ApiEndpoint? ControlPlaneEndpoint);

public sealed record ClusterNetwork(NetworkRanges? Pods, NetworkRanges? Services, string? ServiceDomain);

public sealed record NetworkRanges(List<string>? CidrBlocks);

public sealed record ApiEndpoint(string? Host, long? Port);

// NutanixCluster (infrastructure.cluster.x-k8s.io/v1beta1)

public sealed record NutanixClusterObject(ObjectMeta? Metadata, NutanixClusterSpec? Spec);

public sealed record NutanixClusterSpec(ApiEndpoint? ControlPlaneEndpoint, PrismCentralRef? PrismCentral);

public sealed record PrismCentralRef(string? Address, long? Port, bool? Insecure, ObjectRef? CredentialRef, ObjectRef? AdditionalTrustBundle);

// NutanixMachineTemplate (infrastructure.cluster.x-k8s.io/v1beta1)

public sealed record NutanixMachineTemplateObject(ObjectMeta? Metadata, TemplateOf<NutanixMachineSpec>? Spec);

public sealed record TemplateOf<T>(TemplateSpec<T>? Template);

public sealed record TemplateSpec<T>(T? Spec);

public sealed record NutanixMachineSpec
{
    public string? BootType { get; init; }

    public ResourceIdentifier? Cluster { get; init; }

    public ResourceIdentifier? Image { get; init; }

    public ImageLookupRef? ImageLookup { get; init; }

    [JsonConverter(typeof(IntOrStringConverter))]
    public string? MemorySize { get; init; }

    public List<ResourceIdentifier>? Subnet { get; init; }

    [JsonConverter(typeof(IntOrStringConverter))]
    public string? SystemDiskSize { get; init; }

    public long? VcpuSockets { get; init; }

    public long? VcpusPerSocket { get; init; }

    public ResourceIdentifier? Project { get; init; }

    public List<CategoryRef>? AdditionalCategories { get; init; }

    public List<DataDiskRef>? DataDisks { get; init; }

    public List<GpuRef>? Gpus { get; init; }
}

public sealed record ResourceIdentifier(string? Type, string? Name, string? Uuid);

public sealed record ImageLookupRef([property: JsonPropertyName("baseOS")] string? BaseOS, string? Format);

public sealed record CategoryRef(string? Key, string? Value);

public sealed record GpuRef(string? Type, [property: JsonPropertyName("deviceID")] long? DeviceID, string? Name);

public sealed record DataDiskRef
{
    [JsonConverter(typeof(IntOrStringConverter))]
    public string? DiskSize { get; init; }

    public DeviceProperties? DeviceProperties { get; init; }

    public StorageConfig? StorageConfig { get; init; }

    public ResourceIdentifier? DataSource { get; init; }
}

public sealed record DeviceProperties(string? DeviceType, string? AdapterType, long? DeviceIndex);

public sealed record StorageConfig(string? DiskMode, ResourceIdentifier? StorageContainer);

// KubeadmControlPlane (controlplane.cluster.x-k8s.io/v1beta2) and KubeadmConfigTemplate (bootstrap.cluster.x-k8s.io/v1beta2)

public sealed record KubeadmControlPlaneObject(ObjectMeta? Metadata, KubeadmControlPlaneSpec? Spec);

public sealed record KubeadmControlPlaneSpec(long? Replicas, string? Version, ControlPlaneMachineTemplate? MachineTemplate, KubeadmConfigSpec? KubeadmConfigSpec);

/// <summary><c>machineTemplate.spec.infrastructureRef</c> (v1beta2) or <c>machineTemplate.infrastructureRef</c> (v1beta1).</summary>
public sealed record ControlPlaneMachineTemplate(MachineTemplateRefs? Spec, ObjectRef? InfrastructureRef);

public sealed record MachineTemplateRefs(ObjectRef? InfrastructureRef);

public sealed record KubeadmConfigSpec(List<KubeadmFile>? Files, List<KubeadmUser>? Users, JoinConfiguration? JoinConfiguration);

public sealed record KubeadmFile(string? Path, string? Content);

public sealed record KubeadmUser(string? Name, List<string>? SshAuthorizedKeys);

public sealed record JoinConfiguration(NodeRegistration? NodeRegistration);

public sealed record NodeRegistration(List<NameValue>? KubeletExtraArgs, List<TaintRef>? Taints);

public sealed record TaintRef(string? Key, string? Value, string? Effect);

public sealed record KubeadmConfigTemplateObject(ObjectMeta? Metadata, TemplateOf<KubeadmConfigSpec>? Spec);

// MachineDeployment (cluster.x-k8s.io/v1beta1)

public sealed record MachineDeploymentObject(ObjectMeta? Metadata, MachineDeploymentSpec? Spec);

public sealed record MachineDeploymentSpec(string? ClusterName, long? Replicas, MachineTemplateSpec? Template);

public sealed record MachineTemplateSpec(ObjectMeta? Metadata, MachineSpecRefs? Spec);

public sealed record MachineSpecRefs(string? Version, BootstrapRef? Bootstrap, ObjectRef? InfrastructureRef);

public sealed record BootstrapRef(ObjectRef? ConfigRef);

// MachineHealthCheck (cluster.x-k8s.io/v1beta1)

public sealed record MachineHealthCheckObject(ObjectMeta? Metadata, MachineHealthCheckObjectSpec? Spec);

public sealed record MachineHealthCheckObjectSpec
{
    [JsonConverter(typeof(IntOrStringConverter))]
    public string? MaxUnhealthy { get; init; }

    public string? NodeStartupTimeout { get; init; }

    public List<UnhealthyConditionRef>? UnhealthyConditions { get; init; }
}

public sealed record UnhealthyConditionRef(string? Type, string? Status, string? Timeout);

// ClusterResourceSet (addons.cluster.x-k8s.io/v1beta2) and ConfigMap (v1)

public sealed record ClusterResourceSetObject(ObjectMeta? Metadata, ClusterResourceSetSpec? Spec);

public sealed record ClusterResourceSetSpec(string? Strategy, List<ObjectRef>? Resources);

public sealed record ConfigMapObject(ObjectMeta? Metadata, Dictionary<string, string>? Data);

/// <summary>An int-or-string field (quantities, <c>maxUnhealthy</c>) read as its text: a number as its JSON digits.</summary>
public sealed class IntOrStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
        JsonTokenType.Null => null,
        _ => Skip(ref reader),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClusterObject))]
[JsonSerializable(typeof(NutanixClusterObject))]
[JsonSerializable(typeof(NutanixMachineTemplateObject))]
[JsonSerializable(typeof(KubeadmControlPlaneObject))]
[JsonSerializable(typeof(KubeadmConfigTemplateObject))]
[JsonSerializable(typeof(MachineDeploymentObject))]
[JsonSerializable(typeof(MachineHealthCheckObject))]
[JsonSerializable(typeof(ClusterResourceSetObject))]
[JsonSerializable(typeof(ConfigMapObject))]
public sealed partial class CapiJsonContext : JsonSerializerContext;

/// <summary>Reads live objects into the typed views; a value of the wrong JSON kind reads as absent rather than failing the read.</summary>
public static class CapiJson
{
    public static T? Read<T>(JsonObject? node, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(type);
        if (node is null) return null;
        try
        {
            return node.Deserialize(type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
