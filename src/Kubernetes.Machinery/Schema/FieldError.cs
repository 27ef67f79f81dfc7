using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubernetes.Machinery.Schema;

/// <summary>Kinds of field errors, mirroring k8s.io/apimachinery's field.ErrorType.</summary>
public enum FieldErrorType
{
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    TypeInvalid,
}

/// <summary>
/// One validation error for a field, formatted by <see cref="ToString"/> exactly as the Kubernetes API server
/// prints a field.Error (e.g. <c>spec.x: Required value</c>).
/// </summary>
/// <param name="Path">Field path such as <c>spec.controlPlaneRef.name</c> or <c>spec.subnet[0].uuid</c>.</param>
/// <param name="Type">Error type.</param>
/// <param name="Value">The offending value (omitted from the message when <paramref name="HasValue"/> is false).</param>
/// <param name="Detail">Extra detail appended after the value.</param>
/// <param name="HasValue">Whether <paramref name="Value"/> is part of the message (a null value prints as <c>null</c>).</param>
public sealed record FieldError(string Path, FieldErrorType Type, JsonNode? Value, string Detail, bool HasValue = true)
{
    /// <summary>The apiserver's text for an error type ("Required value", "Invalid value", ...).</summary>
    public static string TypeText(FieldErrorType type) => type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.Internal => "Internal error",
        FieldErrorType.TypeInvalid => "Invalid value",
        _ => type.ToString(),
    };

    /// <summary>The Status cause reason the API server reports for this error type (e.g. <c>FieldValueRequired</c>).</summary>
    public string CauseReason => Type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Internal => "InternalError",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        _ => "FieldValueInvalid",
    };

    /// <summary>A Status <c>details.causes[]</c> entry: <c>{reason, message, field}</c> (message is <see cref="Body"/>).</summary>
    public JsonObject ToStatusCause() => new()
    {
        ["reason"] = CauseReason,
        ["message"] = Body,
        ["field"] = Path,
    };

    /// <summary>The message without the leading path (field.Error.ErrorBody).</summary>
    public string Body
    {
        get
        {
            var sb = new StringBuilder(TypeText(Type));
            var showValue = HasValue && Type is not (FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong or FieldErrorType.Internal);
            if (showValue)
            {
                sb.Append(": ").Append(FormatValue(Value));
            }

            if (Detail.Length > 0)
            {
                sb.Append(": ").Append(Detail);
            }

            return sb.ToString();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Path.Length == 0 ? Body : Path + ": " + Body;

    /// <summary>Formats a value the way Go's field errors do: strings quoted, scalars bare, composites as JSON.</summary>
    public static string FormatValue(JsonNode? value)
    {
        if (value is null)
        {
            return "null";
        }

        if (value is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.String:
                    return Quote(v.GetValue<string>());
                case JsonValueKind.True:
                    return "true";
                case JsonValueKind.False:
                    return "false";
                case JsonValueKind.Null:
                    return "null";
                default:
                    return v.ToJsonString();
            }
        }

        return value.ToJsonString();
    }

    /// <summary>Go <c>%q</c>-style quoting.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
