using Kubernetes.Machinery.Schema;

namespace Nutanix.Capi.Validation;

/// <summary>
/// Kubernetes' own rules for label keys and values, taint keys and values and annotation keys (apimachinery's
/// <c>IsQualifiedName</c> / <c>IsValidLabelValue</c>), as plain messages for a configuration diagnostic.
/// </summary>
public static class KubernetesMetadata
{
    /// <summary>Null when <paramref name="key"/> is a qualified name (label, taint or annotation key), else the rule it breaks.</summary>
    public static string? KeyProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0) return "the key is empty";
        var errors = new List<FieldError>();
        ObjectMetaValidation.ValidateQualifiedName(key, "key", errors);
        return errors.Count == 0
            ? null
            : $"\"{key}\" is not a valid key: {errors[0].Detail}; a key is an optional DNS subdomain prefix of at most 253 characters and '/', then a name of at most 63 characters (e.g. \"example.com/gpu\")";
    }

    /// <summary>Null when <paramref name="value"/> is a valid label (or taint) value, else the rule it breaks.</summary>
    public static string? LabelValueProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 63) return $"the value is {value.Length} characters long; a label value has at most 63";
        var errors = ObjectMetaValidation.Validate(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "x",
            ["labels"] = new System.Text.Json.Nodes.JsonObject { ["k"] = value },
        });
        return errors.Count == 0
            ? null
            : $"\"{value}\" is not a valid value: it must be empty or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
    }
}
