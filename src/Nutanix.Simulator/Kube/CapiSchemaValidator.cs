using System.Text.Json.Nodes;
using Nutanix.Capi.Schema;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// <see cref="IKubeObjectValidator"/> backed by Nutanix.Capi's CRD schema validator, in the apiserver's order:
/// prune unknown fields (reported with <see cref="IKubeObjectValidator.UnknownFieldReason"/> so strict field
/// validation can refuse them), apply defaults, validate (types, enums, bounds, patterns, formats, list types,
/// ObjectMeta, the CEL subset it evaluates). Built-in kinds (no CRD) are not schema-validated.
/// </summary>
public sealed class CapiSchemaValidator : IKubeObjectValidator
{
    private readonly CrdRegistry _crds = new();

    public CapiSchemaValidator(ResourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var crd in registry.Crds) _crds.Add(crd.DeepClone().AsObject());
    }

    public IReadOnlyList<FieldError> Validate(ResourceType type, string version, JsonObject obj)
    {
        if (!type.IsCustom || _crds.FindByPlural(type.Group, type.Plural) is null) return [];
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
            result.Add(new FieldError(e.Path, Reason(e.Type), e.Body));
        }

        return result;
    }

    private static string Reason(FieldErrorType type) => type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        _ => "InternalError",
    };
}
