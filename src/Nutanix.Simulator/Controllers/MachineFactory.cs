using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Creates a Machine the way the KubeadmControlPlane and MachineSet controllers do: first the infrastructure
/// machine cloned from its template (annotated <c>cloned-from-name</c>/<c>cloned-from-groupkind</c>), then the
/// bootstrap config, then the Machine referencing both. All three start owned by <paramref name="owner"/>; the
/// Machine controller later makes the Machine the controller owner of the other two.
/// </summary>
internal static class MachineFactory
{
    /// <summary>A machine to create. <see cref="BootstrapSpec"/> null means <see cref="DataSecretName"/> is used as is.</summary>
    public sealed record Request(
        string Namespace,
        string Name,
        string ClusterName,
        string? Version,
        JsonObject Labels,
        JsonObject? Annotations,
        ObjectRef InfrastructureTemplate,
        JsonObject? BootstrapSpec,
        string? DataSecretName,
        string? FailureDomain);

    /// <summary>Creates the objects; returns an error message (e.g. a missing template) or null on success.</summary>
    public static string? Create(ReconcileContext ctx, JsonObject owner, Request request)
    {
        var templateType = ctx.Types.For(request.InfrastructureTemplate);
        var template = templateType is null ? null : ctx.Get(templateType, request.Namespace, request.InfrastructureTemplate.Name);
        if (template is null)
        {
            return $"failed to retrieve {request.InfrastructureTemplate.Kind} {request.Namespace}/{request.InfrastructureTemplate.Name}: not found";
        }

        var infraKind = request.InfrastructureTemplate.Kind.EndsWith("Template", StringComparison.Ordinal)
            ? request.InfrastructureTemplate.Kind[..^"Template".Length]
            : request.InfrastructureTemplate.Kind;
        var infraType = ctx.Types.Registry.FindByKind(request.InfrastructureTemplate.Group, infraKind);
        if (infraType is null) return $"no resource serves kind {infraKind} of group {request.InfrastructureTemplate.Group}";

        var labels = request.Labels.DeepClone().AsObject();
        if (template["spec"]?["template"]?["metadata"]?["labels"] is JsonObject tl)
        {
            foreach (var (k, v) in tl) labels[k] ??= v?.DeepClone();
        }

        var annotations = new JsonObject
        {
            [MachineLabels.ClonedFromName] = request.InfrastructureTemplate.Name,
            [MachineLabels.ClonedFromGroupKind] = $"{request.InfrastructureTemplate.Kind}.{request.InfrastructureTemplate.Group}",
        };
        if (template["spec"]?["template"]?["metadata"]?["annotations"] is JsonObject ta)
        {
            foreach (var (k, v) in ta) annotations[k] ??= v?.DeepClone();
        }

        var infra = new JsonObject
        {
            ["apiVersion"] = infraType.StorageApiVersion,
            ["kind"] = infraKind,
            ["metadata"] = new JsonObject
            {
                ["name"] = request.Name,
                ["namespace"] = request.Namespace,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(ObjectMeta.Reference(owner, controller: false)),
            },
            ["spec"] = template["spec"]?["template"]?["spec"]?.DeepClone() ?? new JsonObject(),
        };
        if (ctx.Create(infraType, infra) is null && ctx.Get(infraType, request.Namespace, request.Name) is null)
        {
            return $"failed to create {infraKind} {request.Namespace}/{request.Name}";
        }

        var bootstrap = new JsonObject();
        if (request.BootstrapSpec is not null && ctx.Types.KubeadmConfig is { } configType)
        {
            var config = new JsonObject
            {
                ["apiVersion"] = configType.StorageApiVersion,
                ["kind"] = configType.Kind,
                ["metadata"] = new JsonObject
                {
                    ["name"] = request.Name,
                    ["namespace"] = request.Namespace,
                    ["labels"] = labels.DeepClone(),
                    ["ownerReferences"] = new JsonArray(ObjectMeta.Reference(owner, controller: false)),
                },
                ["spec"] = request.BootstrapSpec.DeepClone(),
            };
            ctx.Create(configType, config);
            bootstrap["configRef"] = new ObjectRef(CapiResources.BootstrapGroup, configType.Kind, request.Name).ToContractReference();
        }
        else if (request.DataSecretName is not null)
        {
            bootstrap["dataSecretName"] = request.DataSecretName;
        }

        var machineType = ctx.Types.Machine!;
        var spec = new JsonObject
        {
            ["clusterName"] = request.ClusterName,
            ["bootstrap"] = bootstrap,
            ["infrastructureRef"] = new ObjectRef(request.InfrastructureTemplate.Group, infraKind, request.Name).ToContractReference(),
        };
        if (request.Version is not null) spec["version"] = request.Version;
        if (request.FailureDomain is not null) spec["failureDomain"] = request.FailureDomain;
        var meta = new JsonObject
        {
            ["name"] = request.Name,
            ["namespace"] = request.Namespace,
            ["labels"] = labels,
            ["ownerReferences"] = new JsonArray(ObjectMeta.Reference(owner, controller: true)),
        };
        if (request.Annotations is { Count: > 0 }) meta["annotations"] = request.Annotations.DeepClone();
        var machine = new JsonObject
        {
            ["apiVersion"] = machineType.StorageApiVersion,
            ["kind"] = "Machine",
            ["metadata"] = meta,
            ["spec"] = spec,
        };
        return ctx.Create(machineType, machine) is null ? $"failed to create Machine {request.Namespace}/{request.Name}" : null;
    }
}
