using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Nutanix.Capi.Model;

// The typed CAPI v1.13 / CAPX v1.10 objects a workload cluster consists of, one record set for both directions: the
// renderer builds them and the reader reads live objects into them (System.Text.Json source generation: no
// reflection, AOT-clean). Field names are the CRDs' JSON names, declared in the order the objects are written (the
// rendered YAML is byte-stable); null fields are left out; anything not modelled is ignored when reading.
// CapiJson is the only place they become JSON or come from it.

public sealed record ObjectMeta
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }

    /// <summary>Set by the API server; never written.</summary>
    public string? Uid { get; init; }

    /// <summary>Set by the API server; never written.</summary>
    public string? CreationTimestamp { get; init; }
}

/// <summary>The envelope every object shares. Serialized first, in this order, before the kind's own fields.</summary>
public abstract record KubeObject
{
    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; init; }

    [JsonPropertyOrder(-2)]
    public string? Kind { get; init; }

    [JsonPropertyOrder(-1)]
    public ObjectMeta? Metadata { get; init; }
}

public sealed record ObjectRef
{
    public string? ApiVersion { get; init; }

    public string? ApiGroup { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }
}

public sealed record NameValue(string? Name, string? Value);

public sealed record LabelSelector(Dictionary<string, string>? MatchLabels);

/// <summary>An object written as <c>{}</c> (e.g. a pod's empty <c>resources</c> and <c>status</c>).</summary>
public sealed record EmptyObject;

// Cluster (cluster.x-k8s.io/v1beta1)

public sealed record ClusterObject : KubeObject
{
    public ClusterObjectSpec? Spec { get; init; }
}

public sealed record ClusterObjectSpec
{
    public ClusterNetwork? ClusterNetwork { get; init; }

    public ObjectRef? ControlPlaneRef { get; init; }

    public ObjectRef? InfrastructureRef { get; init; }

    public ApiEndpoint? ControlPlaneEndpoint { get; init; }
}

public sealed record ClusterNetwork
{
    public NetworkRanges? Pods { get; init; }

    public string? ServiceDomain { get; init; }

    public NetworkRanges? Services { get; init; }
}

public sealed record NetworkRanges(List<string>? CidrBlocks);

public sealed record ApiEndpoint(string? Host, long? Port);

// NutanixCluster (infrastructure.cluster.x-k8s.io/v1beta1)

public sealed record NutanixClusterObject : KubeObject
{
    public NutanixClusterSpec? Spec { get; init; }
}

public sealed record NutanixClusterSpec(ApiEndpoint? ControlPlaneEndpoint, PrismCentralRef? PrismCentral);

public sealed record PrismCentralRef(string? Address, long? Port, bool? Insecure, ObjectRef? CredentialRef, ObjectRef? AdditionalTrustBundle);

// NutanixMachineTemplate (infrastructure.cluster.x-k8s.io/v1beta1)

public sealed record NutanixMachineTemplateObject : KubeObject
{
    public TemplateOf<NutanixMachineSpec>? Spec { get; init; }
}

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

public sealed record DeviceProperties(string? AdapterType, string? DeviceType, long? DeviceIndex);

public sealed record StorageConfig(string? DiskMode, ResourceIdentifier? StorageContainer);

// KubeadmControlPlane (controlplane.cluster.x-k8s.io/v1beta2) and KubeadmConfigTemplate (bootstrap.cluster.x-k8s.io/v1beta2)

public sealed record KubeadmControlPlaneObject : KubeObject
{
    public KubeadmControlPlaneSpec? Spec { get; init; }
}

public sealed record KubeadmControlPlaneSpec
{
    public long? Replicas { get; init; }

    public string? Version { get; init; }

    public ControlPlaneMachineTemplate? MachineTemplate { get; init; }

    public KubeadmConfigSpec? KubeadmConfigSpec { get; init; }
}

/// <summary><c>machineTemplate.spec.infrastructureRef</c> (v1beta2) or <c>machineTemplate.infrastructureRef</c> (v1beta1).</summary>
public sealed record ControlPlaneMachineTemplate(MachineTemplateRefs? Spec, ObjectRef? InfrastructureRef);

public sealed record MachineTemplateRefs(ObjectRef? InfrastructureRef);

public sealed record KubeadmConfigSpec
{
    public KubeadmClusterConfiguration? ClusterConfiguration { get; init; }

    public List<KubeadmFile>? Files { get; init; }

    public NodeRegistrationOf? InitConfiguration { get; init; }

    public NodeRegistrationOf? JoinConfiguration { get; init; }

    public List<string>? PreKubeadmCommands { get; init; }

    public List<string>? PostKubeadmCommands { get; init; }

    public List<KubeadmUser>? Users { get; init; }
}

public sealed record KubeadmClusterConfiguration(ExtraArgsOf? ApiServer, ExtraArgsOf? ControllerManager, ExtraArgsOf? Scheduler);

/// <summary>A kubeadm component's settings: <c>certSANs</c> (the API server only) and <c>extraArgs</c>.</summary>
public sealed record ExtraArgsOf
{
    [JsonPropertyName("certSANs")]
    public List<string>? CertSans { get; init; }

    public List<NameValue>? ExtraArgs { get; init; }
}

public sealed record KubeadmFile
{
    public string? Content { get; init; }

    public string? Owner { get; init; }

    public string? Path { get; init; }
}

public sealed record KubeadmUser
{
    public string? Name { get; init; }

    public bool? LockPassword { get; init; }

    public string? Sudo { get; init; }

    public List<string>? SshAuthorizedKeys { get; init; }
}

/// <summary>kubeadm's init or join configuration: the node registration.</summary>
public sealed record NodeRegistrationOf(NodeRegistration? NodeRegistration);

public sealed record NodeRegistration(List<NameValue>? KubeletExtraArgs, List<TaintRef>? Taints);

public sealed record TaintRef(string? Key, string? Value, string? Effect);

public sealed record KubeadmConfigTemplateObject : KubeObject
{
    public TemplateOf<KubeadmConfigSpec>? Spec { get; init; }
}

// MachineDeployment (cluster.x-k8s.io/v1beta1)

public sealed record MachineDeploymentObject : KubeObject
{
    public MachineDeploymentSpec? Spec { get; init; }
}

public sealed record MachineDeploymentSpec
{
    public string? ClusterName { get; init; }

    public long? Replicas { get; init; }

    public LabelSelector? Selector { get; init; }

    public MachineTemplateSpec? Template { get; init; }
}

public sealed record MachineTemplateSpec(ObjectMeta? Metadata, MachineSpecRefs? Spec);

public sealed record MachineSpecRefs
{
    public string? ClusterName { get; init; }

    public string? Version { get; init; }

    public BootstrapRef? Bootstrap { get; init; }

    public ObjectRef? InfrastructureRef { get; init; }
}

public sealed record BootstrapRef(ObjectRef? ConfigRef);

// MachineHealthCheck (cluster.x-k8s.io/v1beta1)

public sealed record MachineHealthCheckObject : KubeObject
{
    public MachineHealthCheckObjectSpec? Spec { get; init; }
}

public sealed record MachineHealthCheckObjectSpec
{
    public string? ClusterName { get; init; }

    /// <summary>A count (written as a JSON number) or a percentage.</summary>
    [JsonConverter(typeof(IntOrStringCountConverter))]
    public string? MaxUnhealthy { get; init; }

    public string? NodeStartupTimeout { get; init; }

    public LabelSelector? Selector { get; init; }

    public List<UnhealthyConditionRef>? UnhealthyConditions { get; init; }
}

public sealed record UnhealthyConditionRef(string? Type, string? Status, string? Timeout);

// ClusterResourceSet (addons.cluster.x-k8s.io/v1beta2), ConfigMap and Secret (v1)

public sealed record ClusterResourceSetObject : KubeObject
{
    public ClusterResourceSetSpec? Spec { get; init; }
}

public sealed record ClusterResourceSetSpec
{
    public LabelSelector? ClusterSelector { get; init; }

    public List<ObjectRef>? Resources { get; init; }

    public string? Strategy { get; init; }
}

public sealed record ConfigMapObject : KubeObject
{
    public Dictionary<string, string>? Data { get; init; }
}

public sealed record SecretObject : KubeObject
{
    public string? Type { get; init; }

    /// <summary>Base64-encoded values.</summary>
    public Dictionary<string, string>? Data { get; init; }
}

// The CAPX credentials JSON (the credentials Secret's one key): [{"type": .., "data": {"prismCentral": {..}, "prismElements": null}}]

public sealed record CapxCredential<TPrismCentral>(string Type, CapxCredentialData<TPrismCentral> Data);

public sealed record CapxCredentialData<TPrismCentral>(TPrismCentral PrismCentral)
{
    /// <summary>Always written, as null (CAPX's format carries the key).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public List<string>? PrismElements { get; init; }
}

public sealed record CapxBasicAuth(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Password);

public sealed record CapxApiKey([property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ApiKey);

// The kube-vip static pod (v1 Pod), written into a kubeadm file

public sealed record PodObject : KubeObject
{
    public PodSpec? Spec { get; init; }

    public EmptyObject? Status { get; init; }
}

public sealed record PodSpec
{
    public List<Container>? Containers { get; init; }

    public bool? HostNetwork { get; init; }

    public List<Volume>? Volumes { get; init; }
}

public sealed record Container
{
    public string? Name { get; init; }

    public string? Image { get; init; }

    public string? ImagePullPolicy { get; init; }

    public List<string>? Args { get; init; }

    public List<NameValue>? Env { get; init; }

    public SecurityContext? SecurityContext { get; init; }

    public List<VolumeMount>? VolumeMounts { get; init; }

    public EmptyObject? Resources { get; init; }
}

public sealed record SecurityContext(Capabilities? Capabilities);

public sealed record Capabilities(List<string>? Add);

public sealed record VolumeMount(string? MountPath, string? Name);

public sealed record Volume(string? Name, HostPathSource? HostPath);

public sealed record HostPathSource(string? Type, string? Path);

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

/// <summary>
/// An int-or-string count (<c>maxUnhealthy</c>): read like <see cref="IntOrStringConverter"/>; all-digit text is
/// written as a JSON number, anything else (a percentage) as a string.
/// </summary>
public sealed class IntOrStringCountConverter : JsonConverter<string?>
{
    private static readonly IntOrStringConverter Reader = new();

    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Reader.Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null) writer.WriteNullValue();
        else if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)) writer.WriteNumberValue(count);
        else writer.WriteStringValue(value);
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
[JsonSerializable(typeof(SecretObject))]
[JsonSerializable(typeof(PodObject))]
[JsonSerializable(typeof(NutanixMachineSpec))]
[JsonSerializable(typeof(KubeadmConfigSpec))]
[JsonSerializable(typeof(List<CapxCredential<CapxBasicAuth>>))]
[JsonSerializable(typeof(List<CapxCredential<CapxApiKey>>))]
public sealed partial class CapiJsonContext : JsonSerializerContext;

/// <summary>
/// The one edge between the typed objects and JSON: reads live objects into the records (a value of the wrong JSON
/// kind reads as absent rather than failing the read) and writes rendered records as the JSON that is applied, hashed
/// and shown.
/// </summary>
public static class CapiJson
{
    /// <summary>The object as JSON (its own kind's source-generated contract).</summary>
    public static JsonObject ToNode(KubeObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToNode(value, value.GetType(), CapiJsonContext.Default)!.AsObject();
    }

    /// <summary>A typed value as JSON.</summary>
    public static JsonObject ToNode<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToNode(value, type)!.AsObject();
    }

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
