using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Schema;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>One step of a <see cref="SpecPath"/>: a field of a spec record, or a key (pool or addon name) or index into a collection.</summary>
public readonly record struct SpecStep(string? Field, string? Key, int? Index);

/// <summary>
/// Where in a <see cref="WorkloadClusterSpec"/> a value lives, in the spec's own field names (camelCase), e.g.
/// <c>workerPools["gpu"].machine.memory</c>; a caller maps it to its own names (the provider to Terraform attribute paths).
/// </summary>
public sealed record SpecPath(IReadOnlyList<SpecStep> Steps)
{
    public static SpecPath Root { get; } = new([]);

    public SpecPath Field(string name) => new([.. Steps, new SpecStep(name, null, null)]);

    public SpecPath Key(string key) => new([.. Steps, new SpecStep(null, key, null)]);

    public SpecPath Index(int index) => new([.. Steps, new SpecStep(null, null, index)]);

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var step in Steps)
        {
            if (step.Field is not null) sb.Append(sb.Length == 0 ? "" : ".").Append(step.Field);
            else if (step.Key is not null) sb.Append("[\"").Append(step.Key).Append("\"]");
            else sb.Append('[').Append(step.Index!.Value.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        return sb.ToString();
    }
}

/// <summary>A rule a spec breaks: where, and what is wrong (a sentence naming the value and the rule).</summary>
public sealed record SpecFieldError(SpecPath Path, string Message);

/// <summary>
/// The rules a <see cref="WorkloadClusterSpec"/> must satisfy to render into objects the CAPI/CAPX CRDs and
/// controllers accept: DNS names, ports, machine minimums, image source, subnets, pool names and replicas,
/// autoscaling bounds, taint effects, node-label policy, health-check settings, addon names. Every error carries the
/// path of the field it is about.
/// </summary>
public static class ClusterSpecValidator
{
    private static readonly Quantity MinMemory = Quantity.Parse("2Gi");
    private static readonly Quantity MinSystemDisk = Quantity.Parse("20Gi");

    /// <summary>Every rule the spec breaks; empty when it renders.</summary>
    public static IReadOnlyList<SpecFieldError> Validate(WorkloadClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<SpecFieldError>();
        void Error(SpecPath path, string message) => errors.Add(new SpecFieldError(path, message));
        var root = SpecPath.Root;

        if (!ObjectMetaValidation.IsDnsLabel(spec.Name))
        {
            Error(root.Field("name"), $"cluster name \"{spec.Name}\" must be a lowercase RFC 1123 label of at most 63 characters");
        }

        if (!ObjectMetaValidation.IsDnsLabel(spec.Namespace))
        {
            Error(root.Field("namespace"), $"namespace \"{spec.Namespace}\" must be a lowercase RFC 1123 label");
        }

        if (!KubernetesVersion.TryParse(spec.KubernetesVersion, out _))
        {
            Error(root.Field("kubernetesVersion"), $"Kubernetes version \"{spec.KubernetesVersion}\" must be a semantic version such as v1.33.2");
        }

        if (string.IsNullOrWhiteSpace(spec.PrismCentral.Address))
        {
            Error(root.Field("prismCentral").Field("address"), "Prism Central address is required");
        }

        if (spec.PrismCentral.Port is < 1 or > 65535)
        {
            Error(root.Field("prismCentral").Field("port"), "ports must be between 1 and 65535");
        }

        var controlPlane = root.Field("controlPlane");
        if (spec.ControlPlane.EndpointPort is < 1 or > 65535)
        {
            Error(controlPlane.Field("endpointPort"), "ports must be between 1 and 65535");
        }

        if (string.IsNullOrWhiteSpace(spec.ControlPlane.EndpointHost))
        {
            Error(controlPlane.Field("endpointHost"), "the control plane endpoint (kube-vip address) is required");
        }

        if (spec.ControlPlane.Replicas < 1)
        {
            Error(controlPlane.Field("replicas"), "control plane replicas must be at least 1");
        }

        ValidateMachine(spec.ControlPlane.Machine, "control plane", controlPlane.Field("machine"), errors);
        var poolNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pool in spec.WorkerPools)
        {
            var path = root.Field("workerPools").Key(pool.Name);
            var where = $"worker pool \"{pool.Name}\"";
            if (!ObjectMetaValidation.IsDnsLabel(pool.Name) || !ObjectMetaValidation.IsDnsLabel($"{spec.Name}-{pool.Name}"))
            {
                Error(path, $"worker pool name \"{pool.Name}\" must be a lowercase RFC 1123 label and \"{spec.Name}-{pool.Name}\" at most 63 characters");
            }

            if (!poolNames.Add(pool.Name))
            {
                Error(path, $"duplicate worker pool name \"{pool.Name}\"");
            }

            if (pool.Replicas < 0)
            {
                Error(path.Field("replicas"), $"{where}: replicas must not be negative");
            }

            if (pool.Autoscaling is { } scaling)
            {
                if (scaling.Min < 0 || scaling.Max < scaling.Min)
                {
                    Error(path.Field("autoscaling"), $"{where}: autoscaler bounds must satisfy 0 <= min <= max (got min {scaling.Min}, max {scaling.Max})");
                }

                if (pool.Replicas is not null)
                {
                    Error(path.Field("replicas"), $"{where}: replicas and autoscaling are exclusive: the cluster autoscaler owns the replica count between min and max (CAPI starts the pool at min)");
                }
            }
            else if (pool.Replicas is null)
            {
                Error(path.Field("replicas"), $"{where}: set replicas, or autoscaling to let the cluster autoscaler size the pool");
            }

            for (var i = 0; i < pool.Taints.Count; i++)
            {
                var taint = pool.Taints[i];
                if (taint.Effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
                {
                    Error(path.Field("taints").Index(i).Field("effect"), $"{where}: taint effect \"{taint.Effect}\" must be NoSchedule, PreferNoSchedule or NoExecute");
                }
            }

            foreach (var (key, value) in pool.NodeLabels)
            {
                var labelPath = path.Field("nodeLabels").Key(key);
                if (!NodeLabelPolicy.IsAllowed(key))
                {
                    Error(labelPath, $"{where}: node label \"{key}\" is in a kubernetes.io/k8s.io namespace that neither the kubelet may set nor Cluster API syncs (use node-role.kubernetes.io/, node-restriction.kubernetes.io/, node.cluster.x-k8s.io/ or a domain of your own)");
                    continue;
                }

                var labelErrors = new List<FieldError>();
                ObjectMetaValidation.ValidateQualifiedName(key, "labels", labelErrors);
                labelErrors.AddRange(ObjectMetaValidation.Validate(new JsonObject { ["name"] = "x", ["labels"] = new JsonObject { ["k"] = value } }));
                if (labelErrors.Count > 0)
                {
                    Error(labelPath, $"{where}: invalid node label: {labelErrors[0].Body}");
                }
            }

            ValidateMachine(pool.Machine, where, path.Field("machine"), errors);
        }

        if (spec.MachineHealthCheck is { } check)
        {
            ValidateHealthCheck(check, root.Field("machineHealthCheck"), errors);
        }

        var addonNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var addon in spec.Addons)
        {
            var path = root.Field("addons").Key(addon.Name);
            if (!ObjectMetaValidation.IsDnsLabel(addon.Name))
            {
                Error(path, $"addon name \"{addon.Name}\" must be a lowercase RFC 1123 label");
            }

            if (!addonNames.Add(addon.Name))
            {
                Error(path, "addon names must be unique");
            }
        }

        errors.AddRange(CcmAddonBuilder.Validate(spec));
        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> with the first error's message when the spec breaks a rule.</summary>
    public static void ThrowIfInvalid(WorkloadClusterSpec spec)
    {
        if (Validate(spec) is [var first, ..])
        {
            throw new ArgumentException(first.Message, nameof(spec));
        }
    }

    private static void ValidateMachine(MachineSpec m, string where, SpecPath path, List<SpecFieldError> errors)
    {
        void Error(SpecPath p, string message) => errors.Add(new SpecFieldError(p, message));
        if (m.VcpuSockets < 1)
        {
            Error(path.Field("vcpuSockets"), $"{where}: vcpu_sockets and vcpus_per_socket must be at least 1");
        }

        if (m.VcpusPerSocket < 1)
        {
            Error(path.Field("vcpusPerSocket"), $"{where}: vcpu_sockets and vcpus_per_socket must be at least 1");
        }

        if (m.Memory < MinMemory)
        {
            Error(path.Field("memory"), $"{where}: memory must be at least 2Gi (got {m.Memory})");
        }

        if (m.SystemDiskSize < MinSystemDisk)
        {
            Error(path.Field("systemDiskSize"), $"{where}: system disk must be at least 20Gi (got {m.SystemDiskSize})");
        }

        if ((m.Image is null) == (m.ImageLookup is null))
        {
            Error(path.Field("image"), $"{where}: exactly one of image and image lookup must be set");
        }

        if (m.Subnets.Count is < 1 or > 32)
        {
            Error(path.Field("subnets"), $"{where}: between 1 and 32 subnets are required");
        }
        else if (m.Subnets.Distinct().Count() != m.Subnets.Count)
        {
            Error(path.Field("subnets"), $"{where}: subnets must be unique");
        }
    }

    private static void ValidateHealthCheck(MachineHealthCheckSpec check, SpecPath path, List<SpecFieldError> errors)
    {
        void Error(SpecPath p, string message) => errors.Add(new SpecFieldError(p, message));
        if (!IsMaxUnhealthy(check.MaxUnhealthy))
        {
            Error(path.Field("maxUnhealthy"), $"machine health check: max unhealthy \"{check.MaxUnhealthy}\" must be a count (e.g. 2) or a percentage from 0% to 100% (e.g. 40%)");
        }

        if (check.NodeStartupTimeout is { } startup && !IsDuration(startup))
        {
            Error(path.Field("nodeStartupTimeout"), $"machine health check: node startup timeout \"{startup}\" must be a duration such as 10m or 600s");
        }

        if (check.UnhealthyNodeConditions.Count == 0)
        {
            Error(path.Field("unhealthyNodeConditions"), "machine health check: at least one unhealthy node condition is required (Cluster API checks nothing otherwise)");
        }

        for (var i = 0; i < check.UnhealthyNodeConditions.Count; i++)
        {
            var c = check.UnhealthyNodeConditions[i];
            var at = path.Field("unhealthyNodeConditions").Index(i);
            if (string.IsNullOrWhiteSpace(c.Type))
            {
                Error(at.Field("type"), "machine health check: a condition type is required, e.g. Ready");
            }

            if (c.Status is not ("True" or "False" or "Unknown"))
            {
                Error(at.Field("status"), $"machine health check: condition status \"{c.Status}\" must be True, False or Unknown");
            }

            if (!IsDuration(c.Timeout))
            {
                Error(at.Field("timeout"), $"machine health check: condition timeout \"{c.Timeout}\" must be a duration such as 300s or 5m");
            }
        }
    }

    private static bool IsDuration(string text) => Duration.TryParse(text, out var d) && d >= TimeSpan.Zero;

    private static bool IsMaxUnhealthy(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return true;
        return text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent <= 100;
    }
}
