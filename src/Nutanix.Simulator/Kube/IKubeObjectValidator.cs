using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Validates an object against its CRD openAPIV3Schema, applying defaults and pruning unknown fields in place.
/// </summary>
public interface IKubeObjectValidator
{
    /// <summary>Reason of the pseudo-errors reporting pruned unknown fields (failures only under strict field validation).</summary>
    const string UnknownFieldReason = "FieldValueUnknown";

    /// <summary>
    /// Validates <paramref name="obj"/> (served as <paramref name="version"/> of <paramref name="type"/>),
    /// defaulting and pruning it in place. Returns the field errors (empty when valid).
    /// </summary>
    IReadOnlyList<FieldError> Validate(ResourceType type, string version, JsonObject obj);
}
