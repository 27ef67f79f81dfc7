using System.Text.Json.Nodes;
using Kubernetes.Machinery.Schema;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// <see cref="IKubeObjectValidator"/> backed by Nutanix.Capi's CRD schema validator, in the apiserver's order:
/// prune unknown fields (reported with <see cref="IKubeObjectValidator.UnknownFieldReason"/> so strict field
/// validation can refuse them), apply defaults, validate (types, enums, bounds, patterns, formats, list types,
/// ObjectMeta, the CEL subset it evaluates) against the CRD that defines the type now. Built-in kinds (no CRD) are not
/// schema-validated.
/// </summary>
public sealed class CapiSchemaValidator : IKubeObjectValidator
{
    private readonly CrdRegistry _crds = new();
    private readonly Lock _gate = new();

    public CapiSchemaValidator(ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }

    public IReadOnlyList<FieldError> Validate(ResourceType type, string version, JsonObject obj)
    {
        if (!type.IsCustom || type.Crd is null) return [];
        lock (_gate) return ValidateLocked(type, version, obj);
    }

    private List<FieldError> ValidateLocked(ResourceType type, string version, JsonObject obj)
    {
        // The type carries the CRD that defines it now (CRDs change at run time): compile it once per CRD object.
        if (_crds.FindByPlural(type.Group, type.Plural) is not { } known || !ReferenceEquals(known.Source, type.Crd)) _crds.Add(type.Crd!);
        obj["apiVersion"] = type.ApiVersion(version);
        obj["kind"] = type.Kind;
        var result = new List<FieldError>();
        foreach (var path in _crds.Prune(obj))
        {
            result.Add(new FieldError(path, IKubeObjectValidator.UnknownFieldReason, "field not declared in schema"));
        }

        _crds.ApplyDefaults(obj);
        foreach (var e in _crds.Validate(obj, requireName: false))
        {
            result.Add(new FieldError(e.Path, e.CauseReason, e.Body));
        }

        return result;
    }
}
