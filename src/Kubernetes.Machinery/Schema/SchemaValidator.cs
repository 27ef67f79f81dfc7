using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubernetes.Machinery.Schema;

/// <summary>
/// Structural-schema operations on a value: validation (as the API server's openAPIV3Schema + CEL checks), defaulting
/// and pruning. Paths are rendered like the API server: <c>spec.subnet[0].name</c>.
/// </summary>
public static class SchemaValidator
{
    private static readonly ConcurrentDictionary<string, CelSubset?> CompiledRules = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> UnsupportedRules = new(StringComparer.Ordinal);

    /// <summary>CEL rules seen during validation that use syntax outside the supported subset (rule → reason); these are not evaluated.</summary>
    public static IReadOnlyDictionary<string, string> NotEvaluatedRules => UnsupportedRules;

    /// <summary>True when a CEL rule can be evaluated by the built-in subset interpreter.</summary>
    public static bool CanEvaluate(string rule) => Compile(rule) is not null;

    /// <summary>True for a CEL rule that reads <c>oldSelf</c> (a transition rule, evaluated on updates only).</summary>
    public static bool IsTransitionRule(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        for (var i = rule.IndexOf("oldSelf", StringComparison.Ordinal); i >= 0; i = rule.IndexOf("oldSelf", i + 1, StringComparison.Ordinal))
        {
            var before = i == 0 ? ' ' : rule[i - 1];
            var after = i + 7 >= rule.Length ? ' ' : rule[i + 7];
            if (!char.IsLetterOrDigit(before) && before != '_' && !char.IsLetterOrDigit(after) && after != '_')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Validates a whole object (root schema of a CRD version): apiVersion/kind/metadata are treated as the API server does.</summary>
    public static IReadOnlyList<FieldError> ValidateObject(JsonObject obj, SchemaNode root, bool namespaced = true, bool requireName = true)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(root);
        var errors = new List<FieldError>();
        ObjectMetaValidation.Validate(obj["metadata"], "metadata", requireName, namespaced, errors);
        var ctx = new Context(errors);
        ctx.ValidateNode(obj, root, string.Empty, isResourceRoot: true);
        return errors;
    }

    /// <summary>Validates an arbitrary value against a schema node, with <paramref name="path"/> as the value's field path.</summary>
    public static IReadOnlyList<FieldError> Validate(JsonNode? value, SchemaNode schema, string path)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<FieldError>();
        new Context(errors).ValidateNode(value, schema, path, isResourceRoot: false);
        return errors;
    }

    /// <summary>
    /// Applies <c>default:</c> values structurally (absent properties get a copy of their default; null values of
    /// non-nullable fields are dropped, or replaced by the default when one exists), as the API server does on write.
    /// </summary>
    public static void ApplyDefaults(JsonNode? value, SchemaNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, child) in schema.Properties)
                {
                    if (obj.TryGetPropertyValue(name, out var current))
                    {
                        if (current is null && !child.Nullable)
                        {
                            if (child.HasDefault && child.Default is not null)
                            {
                                obj[name] = child.Default.DeepClone();
                            }
                            else
                            {
                                obj.Remove(name);
                            }
                        }
                    }
                    else if (child.HasDefault && child.Default is not null)
                    {
                        obj[name] = child.Default.DeepClone();
                    }

                    if (obj[name] is JsonNode present)
                    {
                        ApplyDefaults(present, child);
                    }
                }

                if (schema.AdditionalProperties is { } additional)
                {
                    foreach (var key in obj.Select(p => p.Key).Where(k => !schema.Properties.ContainsKey(k)).ToList())
                    {
                        if (obj[key] is null && !additional.Nullable)
                        {
                            continue;
                        }

                        ApplyDefaults(obj[key], additional);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && items.HasDefault && items.Default is not null && !items.Nullable)
                    {
                        array[i] = items.Default.DeepClone();
                    }

                    ApplyDefaults(array[i], items);
                }

                break;
        }
    }

    /// <summary>
    /// Removes fields unknown to the schema (respecting x-kubernetes-preserve-unknown-fields, additionalProperties,
    /// embedded resources and ObjectMeta) and returns the removed field paths, e.g. <c>spec.foo</c>.
    /// </summary>
    public static IReadOnlyList<string> Prune(JsonObject obj, SchemaNode root)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(root);
        var removed = new List<string>();
        PruneNode(obj, root, string.Empty, removed, isResourceRoot: true);
        return removed;
    }

    private static void PruneNode(JsonNode? value, SchemaNode schema, string path, List<string> removed, bool isResourceRoot)
    {
        switch (value)
        {
            case JsonObject obj:
                var embedded = isResourceRoot || schema.EmbeddedResource;
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var childPath = Join(path, key);
                    if (embedded && key is "apiVersion" or "kind" && !schema.Properties.ContainsKey(key))
                    {
                        continue;
                    }

                    if (embedded && key == "metadata")
                    {
                        PruneMetadata(obj[key], childPath, removed);
                        continue;
                    }

                    if (schema.Properties.TryGetValue(key, out var child))
                    {
                        PruneNode(obj[key], child, childPath, removed, false);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        PruneNode(obj[key], additional, childPath, removed, false);
                    }
                    else if (!schema.AdditionalPropertiesAllowed && !schema.PreserveUnknownFields)
                    {
                        obj.Remove(key);
                        removed.Add(childPath);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    PruneNode(array[i], items, $"{path}[{i}]", removed, false);
                }

                break;
        }
    }

    private static void PruneMetadata(JsonNode? metadata, string path, List<string> removed)
    {
        if (metadata is not JsonObject meta)
        {
            return;
        }

        foreach (var key in meta.Select(p => p.Key).Where(k => !ObjectMetaValidation.KnownFields.Contains(k)).ToList())
        {
            meta.Remove(key);
            removed.Add(Join(path, key));
        }
    }

    internal static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static CelSubset? Compile(string rule)
    {
        return CompiledRules.GetOrAdd(rule, r =>
        {
            var compiled = CelSubset.TryCompile(r, out var error);
            if (compiled is null)
            {
                UnsupportedRules[r] = error ?? "unsupported";
            }

            return compiled;
        });
    }

    private sealed class Context(List<FieldError> errors)
    {
        public void ValidateNode(JsonNode? value, SchemaNode schema, string path, bool isResourceRoot)
        {
            if (value is null)
            {
                if (!schema.Nullable && (schema.Type.Length > 0 || schema.IntOrString))
                {
                    errors.Add(ObjectMetaValidation.TypeError(PathOrRoot(path), schema.IntOrString ? "integer,string" : schema.Type, null));
                }

                return;
            }

            if (!CheckType(value, schema, path))
            {
                return;
            }

            var before = errors.Count;
            ValidateByKind(value, schema, path, isResourceRoot);

            foreach (var sub in schema.AllOf)
            {
                ValidateValueOnly(value, sub, path);
            }

            if (schema.AnyOf.Count > 0 && !schema.IntOrString && !schema.AnyOf.Any(s => Matches(value, s, path)))
            {
                errors.Add(new FieldError(path, FieldErrorType.Invalid, value, $"{path} in body must validate at least one schema (anyOf)"));
            }

            if (schema.OneOf.Count > 0 && schema.OneOf.Count(s => Matches(value, s, path)) != 1)
            {
                errors.Add(new FieldError(path, FieldErrorType.Invalid, value, $"{path} in body must validate one and only one schema (oneOf)"));
            }

            if (schema.Not is { } not && Matches(value, not, path))
            {
                errors.Add(new FieldError(path, FieldErrorType.Invalid, value, $"{path} in body must not validate the schema (not)"));
            }

            // CEL rules run once the node itself has the right type; evaluation errors are only reported when the
            // subtree is otherwise valid (they are usually a consequence of the structural error already reported).
            EvaluateRules(value, schema, path, subtreeValid: errors.Count == before);
        }

        private bool Matches(JsonNode? value, SchemaNode schema, string path)
        {
            var scratch = new List<FieldError>();
            new Context(scratch).ValidateValueOnly(value, schema, path);
            return scratch.Count == 0;
        }

        private void ValidateValueOnly(JsonNode? value, SchemaNode schema, string path)
        {
            if (value is null)
            {
                return;
            }

            if (schema.Type.Length > 0 || schema.Properties.Count > 0 || schema.Items is not null)
            {
                ValidateNode(value, schema, path, false);
                return;
            }

            ValidateByKind(value, schema, path, false);
        }

        /// <summary>The checks of the value's own kind: object (properties), array (items) or scalar.</summary>
        private void ValidateByKind(JsonNode value, SchemaNode schema, string path, bool isResourceRoot)
        {
            switch (value)
            {
                case JsonObject obj:
                    ValidateObject(obj, schema, path, isResourceRoot);
                    break;
                case JsonArray array:
                    ValidateArray(array, schema, path);
                    break;
                case JsonValue scalar:
                    ValidateScalar(scalar, schema, path);
                    break;
            }
        }

        private bool CheckType(JsonNode value, SchemaNode schema, string path)
        {
            var actual = JsonNumbers.TypeName(value);
            if (schema.IntOrString)
            {
                if (actual is "integer" or "string")
                {
                    return true;
                }

                errors.Add(ObjectMetaValidation.TypeError(PathOrRoot(path), "integer,string", value));
                return false;
            }

            var expected = schema.Type;
            var ok = expected switch
            {
                "" => true,
                "number" => actual is "number" or "integer",
                _ => actual == expected,
            };
            if (!ok)
            {
                errors.Add(ObjectMetaValidation.TypeError(PathOrRoot(path), expected, value));
            }

            return ok;
        }

        private static string PathOrRoot(string path) => path.Length == 0 ? "<root>" : path;

        private void ValidateObject(JsonObject obj, SchemaNode schema, string path, bool isResourceRoot)
        {
            foreach (var required in schema.Required)
            {
                if (!obj.TryGetPropertyValue(required, out var present) || (present is null && !(schema.ChildFor(required)?.Nullable ?? false)))
                {
                    errors.Add(new FieldError(Join(path, required), FieldErrorType.Required, null, string.Empty, false));
                }
            }

            if (schema.MaxProperties is { } maxProps && obj.Count > maxProps)
            {
                errors.Add(new FieldError(path, FieldErrorType.TooMany, obj.Count, $"must have at most {maxProps} items"));
            }

            if (schema.MinProperties is { } minProps && obj.Count < minProps)
            {
                errors.Add(new FieldError(path, FieldErrorType.Invalid, obj.Count, $"{path} in body should have at least {minProps} properties"));
            }

            var embedded = isResourceRoot || schema.EmbeddedResource;
            foreach (var (key, child) in obj)
            {
                if (embedded && key == "metadata")
                {
                    if (!isResourceRoot)
                    {
                        ObjectMetaValidation.Validate(child, Join(path, key), requireName: false, namespaced: true, errors);
                    }

                    continue;
                }

                if (embedded && key is "apiVersion" or "kind" && !schema.Properties.ContainsKey(key))
                {
                    if (child is not null && JsonNumbers.GetString(child) is null)
                    {
                        errors.Add(ObjectMetaValidation.TypeError(Join(path, key), "string", child));
                    }

                    continue;
                }

                var childSchema = schema.ChildFor(key);
                if (childSchema is not null)
                {
                    ValidateNode(child, childSchema, Join(path, key), false);
                }
            }

            if (schema.EmbeddedResource && !schema.PreserveUnknownFields)
            {
                foreach (var key in new[] { "apiVersion", "kind" })
                {
                    if (obj[key] is null)
                    {
                        errors.Add(new FieldError(Join(path, key), FieldErrorType.Required, null, "must not be empty", false));
                    }
                }
            }
        }

        private void ValidateArray(JsonArray array, SchemaNode schema, string path)
        {
            if (schema.MaxItems is { } max && array.Count > max)
            {
                errors.Add(new FieldError(path, FieldErrorType.TooMany, array.Count, $"must have at most {max} items"));
            }

            if (schema.MinItems is { } min && array.Count < min)
            {
                errors.Add(new FieldError(path, FieldErrorType.Invalid, array.Count, $"{path} in body should have at least {min} items"));
            }

            if (schema.Items is { } items)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    ValidateNode(array[i], items, $"{path}[{i}]", false);
                }
            }

            if (schema.ListType == "map" && schema.ListMapKeys.Count > 0)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonObject item)
                    {
                        continue;
                    }

                    var keyObj = new JsonObject();
                    foreach (var k in schema.ListMapKeys)
                    {
                        var kv = item[k];
                        if (kv is null && schema.Items?.Properties.TryGetValue(k, out var keySchema) == true && keySchema.HasDefault)
                        {
                            kv = keySchema.Default;
                        }

                        keyObj[k] = kv?.DeepClone();
                    }

                    if (!seen.Add(keyObj.ToJsonString()))
                    {
                        errors.Add(new FieldError($"{path}[{i}]", FieldErrorType.Duplicate, keyObj, string.Empty));
                    }
                }
            }
            else if (schema.ListType == "set" || schema.UniqueItems)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < array.Count; i++)
                {
                    var canonical = Canonical(array[i]);
                    if (!seen.Add(canonical))
                    {
                        errors.Add(new FieldError($"{path}[{i}]", FieldErrorType.Duplicate, array[i]?.DeepClone(), string.Empty));
                    }
                }
            }
        }

        private void ValidateScalar(JsonValue value, SchemaNode schema, string path)
        {
            if (schema.Enum is { } allowed && !allowed.Any(e => JsonNode.DeepEquals(e, value) || NumbersEqual(e, value)))
            {
                var list = string.Join(", ", allowed.Select(FieldError.FormatValue));
                errors.Add(new FieldError(path, FieldErrorType.NotSupported, value.DeepClone(), "supported values: " + list));
            }

            var kind = value.GetValueKind();
            if (kind == JsonValueKind.String)
            {
                var s = value.GetValue<string>();
                var length = s.EnumerateRunes().Count();
                if (schema.MaxLength is { } maxLen && length > maxLen)
                {
                    errors.Add(new FieldError(path, FieldErrorType.TooLong, s, $"may not be more than {maxLen} bytes", false));
                }

                if (schema.MinLength is { } minLen && length < minLen)
                {
                    errors.Add(new FieldError(path, FieldErrorType.Invalid, s, $"{path} in body should be at least {minLen} chars long"));
                }

                if (schema.PatternRegex is { } regex && !regex.IsMatch(s))
                {
                    errors.Add(new FieldError(path, FieldErrorType.Invalid, s, $"{path} in body should match '{schema.Pattern}'"));
                }

                if (schema.Format is { } format && !FormatChecks.IsValid(format, s))
                {
                    errors.Add(new FieldError(path, FieldErrorType.Invalid, s, $"{path} in body must be of type {format}: {FieldError.Quote(s)}"));
                }
            }
            else if (kind == JsonValueKind.Number && JsonNumbers.TryGetDouble(value, out var d))
            {
                if (schema.Maximum is { } maxV && (schema.ExclusiveMaximum ? d >= maxV : d > maxV))
                {
                    var op = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
                    errors.Add(new FieldError(path, FieldErrorType.Invalid, value.DeepClone(), $"{path} in body should be {op} {JsonNumbers.Format(maxV)}"));
                }

                if (schema.Minimum is { } minV && (schema.ExclusiveMinimum ? d <= minV : d < minV))
                {
                    var op = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
                    errors.Add(new FieldError(path, FieldErrorType.Invalid, value.DeepClone(), $"{path} in body should be {op} {JsonNumbers.Format(minV)}"));
                }

                if (schema.MultipleOf is { } m && m > 0 && Math.Abs(Math.IEEERemainder(d, m)) > 1e-9)
                {
                    errors.Add(new FieldError(path, FieldErrorType.Invalid, value.DeepClone(), $"{path} in body should be a multiple of {JsonNumbers.Format(m)}"));
                }

                if (schema.Format is "int32" or "int64")
                {
                    var inRange = schema.Format == "int32" ? d is >= int.MinValue and <= int.MaxValue : JsonNumbers.TryGetLong(value, out _);
                    if (!inRange)
                    {
                        errors.Add(new FieldError(path, FieldErrorType.Invalid, value.DeepClone(), $"{path} in body must be of type {schema.Format}: {FieldError.Quote(value.ToJsonString())}"));
                    }
                }
            }
        }

        private void EvaluateRules(JsonNode value, SchemaNode schema, string path, bool subtreeValid)
        {
            foreach (var rule in schema.Validations)
            {
                // Transition rules (those reading oldSelf) apply to updates only, where the API server binds the old
                // value; this validator sees one object, so it leaves them out (as the API server does on create).
                if (IsTransitionRule(rule.Rule))
                {
                    continue;
                }

                var compiled = Compile(rule.Rule);
                if (compiled is null)
                {
                    continue;
                }

                var target = path;
                if (!string.IsNullOrEmpty(rule.FieldPath))
                {
                    target = path + (rule.FieldPath.StartsWith('.') ? rule.FieldPath : "." + rule.FieldPath);
                }

                var typeName = JsonNumbers.TypeName(value);
                try
                {
                    if (!compiled.Evaluate(value))
                    {
                        var message = rule.Message ?? (rule.MessageExpression is null ? $"failed rule: {rule.Rule}" : $"failed rule: {rule.Rule}");
                        var type = rule.Reason switch
                        {
                            "FieldValueRequired" => FieldErrorType.Required,
                            "FieldValueForbidden" => FieldErrorType.Forbidden,
                            "FieldValueDuplicate" => FieldErrorType.Duplicate,
                            _ => FieldErrorType.Invalid,
                        };
                        errors.Add(new FieldError(target, type, typeName, message, type == FieldErrorType.Invalid || type == FieldErrorType.Duplicate));
                    }
                }
                catch (CelException ex) when (subtreeValid)
                {
                    errors.Add(new FieldError(target, FieldErrorType.Invalid, typeName, $"rule evaluation error: {rule.Rule}: {ex.Message}"));
                }
                catch (CelException)
                {
                    // A structural error in this subtree was already reported.
                }
            }
        }

        private static bool NumbersEqual(JsonNode? a, JsonNode? b) =>
            JsonNumbers.TryGetDouble(a, out var x) && JsonNumbers.TryGetDouble(b, out var y) && x == y;

        private static string Canonical(JsonNode? node) => node switch
        {
            null => "null",
            JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => FieldError.Quote(p.Key) + ":" + Canonical(p.Value))) + "}",
            JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
            JsonValue v when JsonNumbers.TryGetDouble(v, out var d) => d.ToString("R", CultureInfo.InvariantCulture),
            _ => node.ToJsonString(),
        };
    }
}
