using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kubernetes.Machinery.Schema;

/// <summary>
/// Validation of <c>metadata</c> as the API server does for ObjectMeta: name/generateName/namespace syntax,
/// label keys and values, annotation keys and total annotation size.
/// </summary>
public static partial class ObjectMetaValidation
{
    /// <summary>Fields of ObjectMeta kept by pruning.</summary>
    public static readonly IReadOnlySet<string> KnownFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    };

    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string QualifiedNameMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();

    /// <summary>True when <paramref name="name"/> is a valid DNS-1123 subdomain (Kubernetes object name).</summary>
    public static bool IsDnsSubdomain(string name) => name.Length <= 253 && Dns1123Subdomain().IsMatch(name);

    /// <summary>True when <paramref name="name"/> is a valid DNS-1123 label (namespace name).</summary>
    public static bool IsDnsLabel(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    /// <summary>Null when <paramref name="name"/> is a DNS-1123 subdomain, else the apiserver's message for it.</summary>
    public static string? SubdomainProblem(string name) =>
        name.Length > 253 ? "must be no more than 253 characters" : Dns1123Subdomain().IsMatch(name) ? null : Dns1123SubdomainMessage;

    /// <summary>Null when <paramref name="name"/> is a DNS-1123 label, else the apiserver's message for it.</summary>
    public static string? LabelProblem(string name) =>
        name.Length > 63 ? "must be no more than 63 characters" : Dns1123Label().IsMatch(name) ? null : Dns1123LabelMessage;

    /// <summary>Validates a metadata object. <paramref name="requireName"/> demands name or generateName.</summary>
    public static IReadOnlyList<FieldError> Validate(JsonNode? metadata, string path = "metadata", bool requireName = true, bool namespaced = true)
    {
        var errors = new List<FieldError>();
        Validate(metadata, path, requireName, namespaced, errors);
        return errors;
    }

    internal static void Validate(JsonNode? metadata, string path, bool requireName, bool namespaced, List<FieldError> errors)
    {
        if (metadata is null)
        {
            if (requireName)
            {
                errors.Add(new FieldError(path + ".name", FieldErrorType.Required, null, "name or generateName is required", false));
            }

            return;
        }

        if (metadata is not JsonObject meta)
        {
            errors.Add(TypeError(path, "object", metadata));
            return;
        }

        var name = StringField(meta, "name", path, errors);
        var generateName = StringField(meta, "generateName", path, errors);
        if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(generateName))
        {
            if (requireName)
            {
                errors.Add(new FieldError(path + ".name", FieldErrorType.Required, null, "name or generateName is required", false));
            }
        }
        else if (!string.IsNullOrEmpty(name) && !IsDnsSubdomain(name))
        {
            errors.Add(new FieldError(path + ".name", FieldErrorType.Invalid, name, SubdomainProblem(name)!));
        }

        if (!string.IsNullOrEmpty(generateName) && string.IsNullOrEmpty(name))
        {
            var prefix = generateName.TrimEnd('-');
            if (prefix.Length > 0 && !IsDnsSubdomain(prefix + "a"))
            {
                errors.Add(new FieldError(path + ".generateName", FieldErrorType.Invalid, generateName, Dns1123SubdomainMessage));
            }
        }

        var ns = StringField(meta, "namespace", path, errors);
        if (!string.IsNullOrEmpty(ns) && namespaced && !IsDnsLabel(ns))
        {
            errors.Add(new FieldError(path + ".namespace", FieldErrorType.Invalid, ns, LabelProblem(ns)!));
        }

        if (meta["labels"] is JsonNode labels)
        {
            ValidateStringMap(labels, path + ".labels", errors, isLabels: true);
        }

        if (meta["annotations"] is JsonNode annotations)
        {
            ValidateStringMap(annotations, path + ".annotations", errors, isLabels: false);
        }

        if (meta["finalizers"] is JsonNode finalizers and not JsonArray)
        {
            errors.Add(TypeError(path + ".finalizers", "array", finalizers));
        }
    }

    private static string? StringField(JsonObject meta, string field, string path, List<FieldError> errors)
    {
        var node = meta[field];
        if (node is null)
        {
            return null;
        }

        var s = JsonNumbers.GetString(node);
        if (s is null)
        {
            errors.Add(TypeError(path + "." + field, "string", node));
        }

        return s;
    }

    private static void ValidateStringMap(JsonNode map, string path, List<FieldError> errors, bool isLabels)
    {
        if (map is not JsonObject obj)
        {
            errors.Add(TypeError(path, "object", map));
            return;
        }

        long total = 0;
        foreach (var (key, value) in obj)
        {
            ValidateQualifiedName(key, path, errors);
            var text = JsonNumbers.GetString(value);
            if (text is null)
            {
                errors.Add(TypeError(path + "." + key, "string", value));
                continue;
            }

            total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(text);
            if (isLabels)
            {
                if (text.Length > 63)
                {
                    errors.Add(new FieldError(path, FieldErrorType.Invalid, text, "must be no more than 63 characters"));
                }
                else if (!LabelValue().IsMatch(text))
                {
                    errors.Add(new FieldError(path, FieldErrorType.Invalid, text, LabelValueMessage));
                }
            }
        }

        if (!isLabels && total > 256 * 1024)
        {
            errors.Add(new FieldError(path, FieldErrorType.TooLong, null, $"may not be more than {256 * 1024} bytes", false));
        }
    }

    /// <summary>Validates a qualified name (label/annotation key): optional DNS subdomain prefix + '/' + name part.</summary>
    public static void ValidateQualifiedName(string key, string path, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var parts = key.Split('/');
        string namePart;
        if (parts.Length == 2)
        {
            var prefix = parts[0];
            namePart = parts[1];
            if (prefix.Length == 0)
            {
                errors.Add(new FieldError(path, FieldErrorType.Invalid, key, "prefix part must be non-empty"));
            }
            else if (!IsDnsSubdomain(prefix))
            {
                errors.Add(new FieldError(path, FieldErrorType.Invalid, key, "prefix part " + Dns1123SubdomainMessage));
            }
        }
        else if (parts.Length == 1)
        {
            namePart = key;
        }
        else
        {
            errors.Add(new FieldError(path, FieldErrorType.Invalid, key, "a qualified name " + QualifiedNameMessage[10..] + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
            return;
        }

        if (namePart.Length == 0)
        {
            errors.Add(new FieldError(path, FieldErrorType.Invalid, key, "name part must be non-empty"));
        }
        else if (namePart.Length > 63)
        {
            errors.Add(new FieldError(path, FieldErrorType.Invalid, key, "name part must be no more than 63 characters"));
        }
        else if (!QualifiedNamePart().IsMatch(namePart))
        {
            errors.Add(new FieldError(path, FieldErrorType.Invalid, key, QualifiedNameMessage));
        }
    }

    internal static FieldError TypeError(string path, string expected, JsonNode? actual)
    {
        var actualType = JsonNumbers.TypeName(actual);
        return new FieldError(path, FieldErrorType.TypeInvalid, actualType, $"{path} in body must be of type {expected}: {FieldError.Quote(actualType)}");
    }
}
