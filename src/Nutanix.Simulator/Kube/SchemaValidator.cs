using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Structural openAPIV3Schema validation for custom resources, in the apiserver's order: prune unknown fields
/// (reported with reason <see cref="UnknownFieldReason"/> so strict field validation can refuse them), apply
/// defaults, then check types, required, enum, string length/pattern, numeric bounds, item counts and nested
/// schemas, with messages formatted like the apiserver's. Not evaluated: x-kubernetes-validations (CEL rules),
/// formats other than the type itself, oneOf/anyOf/allOf/not, and list-type uniqueness.
/// </summary>
public sealed class SchemaValidator : IKubeObjectValidator
{
    /// <summary>Reason of the pseudo-errors reporting pruned unknown fields (not failures unless strict).</summary>
    public const string UnknownFieldReason = "FieldValueUnknown";

    public IReadOnlyList<FieldError> Validate(ResourceType type, string version, JsonObject obj)
    {
        var schema = type.FindVersion(version)?.Schema;
        var errors = new List<FieldError>();
        if (schema is null) return errors;
        ValidateObject(obj, schema, "", errors, root: true);
        return errors;
    }

    private static void Validate(JsonNode? node, JsonObject schema, string path, List<FieldError> errors)
    {
        if (node is null)
        {
            if (schema["nullable"]?.GetValue<bool>() == true) return;
            if (schema["type"] is not null) errors.Add(TypeError(path, "null", (string)schema["type"]!));
            return;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            var kind = TypeName(node);
            if (kind is not ("integer" or "string")) errors.Add(TypeError(path, kind, "integer,string"));
            return;
        }

        var expected = (string?)schema["type"];
        var actual = TypeName(node);
        if (expected is not null && !(actual == expected || (expected == "number" && actual == "integer")))
        {
            errors.Add(TypeError(path, actual, expected));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            errors.Add(new FieldError(path, "FieldValueNotSupported",
                $"Unsupported value: {node.ToJsonString()}: supported values: {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}"));
        }

        switch (node)
        {
            case JsonObject o:
                ValidateObject(o, schema, path, errors, root: false);
                break;
            case JsonArray a:
                if (schema["maxItems"] is JsonValue maxItems && a.Count > JsonNumbers.Int64(maxItems))
                {
                    errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {a.Count}: must have at most {maxItems} items"));
                }

                if (schema["minItems"] is JsonValue minItems && a.Count < JsonNumbers.Int64(minItems))
                {
                    errors.Add(FieldError.InvalidValue(path, a.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minItems} items"));
                }

                if (schema["items"] is JsonObject itemSchema)
                {
                    for (var i = 0; i < a.Count; i++) Validate(a[i], itemSchema, $"{path}[{i}]", errors);
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = (string)v!;
                var length = s.Length;
                if (schema["maxLength"] is JsonValue maxLength && length > JsonNumbers.Int64(maxLength))
                {
                    errors.Add(new FieldError(path, "FieldValueTooLong", $"Too long: may not be more than {maxLength} bytes"));
                }

                if (schema["minLength"] is JsonValue minLength && length < JsonNumbers.Int64(minLength))
                {
                    errors.Add(FieldError.InvalidValue(path, v.ToJsonString(), $"{path} in body should be at least {minLength} chars long"));
                }

                if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(s, (string)pattern!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    errors.Add(FieldError.InvalidValue(path, v.ToJsonString(), $"{path} in body should match '{pattern}'"));
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                var d = JsonNumbers.Double(v)!.Value;
                if (schema["minimum"] is JsonValue min && d < JsonNumbers.Double(min))
                {
                    errors.Add(FieldError.InvalidValue(path, v.ToJsonString(), $"{path} in body should be greater than or equal to {min}"));
                }

                if (schema["maximum"] is JsonValue max && d > JsonNumbers.Double(max))
                {
                    errors.Add(FieldError.InvalidValue(path, v.ToJsonString(), $"{path} in body should be less than or equal to {max}"));
                }

                break;
        }
    }

    private static void ValidateObject(JsonObject o, JsonObject schema, string path, List<FieldError> errors, bool root)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var embedded = schema["x-kubernetes-embedded-resource"]?.GetValue<bool>() == true;

        if (properties is not null)
        {
            foreach (var (name, propSchema) in properties)
            {
                if (!o.ContainsKey(name) && propSchema?["default"] is { } def) o[name] = def.DeepClone();
            }
        }

        foreach (var (key, value) in o.ToList())
        {
            var child = path.Length == 0 ? key : $"{path}.{key}";
            if ((root || embedded) && key is "apiVersion" or "kind" or "metadata")
            {
                if (key != "metadata" && value is not null && TypeName(value) != "string") errors.Add(TypeError(child, TypeName(value), "string"));
                continue;
            }

            if (properties?[key] is JsonObject ps)
            {
                Validate(value, ps, child, errors);
            }
            else if (additional is not null)
            {
                Validate(value, additional, child, errors);
            }
            else if (!preserve && (properties is not null || schema["type"] is not null))
            {
                o.Remove(key);
                errors.Add(new FieldError(child, UnknownFieldReason, "field not declared in schema"));
            }
        }

        if (schema["required"] is JsonArray required)
        {
            foreach (var r in required)
            {
                var name = (string)r!;
                if (!o.ContainsKey(name)) errors.Add(FieldError.Required(path.Length == 0 ? name : $"{path}.{name}"));
            }
        }

        if (schema["minProperties"] is JsonValue minProps && o.Count < JsonNumbers.Int64(minProps))
        {
            errors.Add(FieldError.InvalidValue(path, o.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minProps} properties"));
        }

        if (schema["maxProperties"] is JsonValue maxProps && o.Count > JsonNumbers.Int64(maxProps))
        {
            errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {o.Count}: must have at most {maxProps} items"));
        }
    }

    private static FieldError TypeError(string path, string actual, string expected) =>
        new(path, "FieldValueTypeInvalid", $"Invalid value: \"{actual}\": {path} in body must be of type {expected}: \"{actual}\"");

    private static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsIntegral(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static bool IsIntegral(JsonValue v)
    {
        var text = v.ToJsonString();
        return text.IndexOfAny(['.', 'e', 'E']) < 0 || JsonNumbers.Double(v) is { } d && Math.Floor(d) == d && !text.Contains('.', StringComparison.Ordinal);
    }
}
