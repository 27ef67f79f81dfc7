using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Server;

/// <summary>Schema-driven traversals of object values: validation, write-only handling, result checks.</summary>
internal static class ValueWalk
{
    /// <summary>The attribute of an object value; null/unknown objects yield null/unknown attributes.</summary>
    public static CtyValue Attr(CtyValue obj, string name, CtyType type)
    {
        if (!obj.IsKnown) return CtyValue.Unknown(type);
        if (obj.IsNull) return CtyValue.Null(type);
        return obj.Entries.TryGetValue(name, out var v) ? v : CtyValue.Null(type);
    }

    /// <summary>Runs kind checks, deprecation warnings and validators over a configuration value.</summary>
    public static void Validate(IAttributeContainer container, CtyValue config, AttributePath path, DiagnosticBag diagnostics)
    {
        if (!config.IsKnown || config.IsNull) return;
        foreach (var (name, attribute) in container.Attributes)
        {
            var value = Attr(config, name, attribute.Type);
            var p = path.Attribute(name);
            if (!value.IsKnown || value.IsNull) continue;
            if (attribute.DeprecationMessage is not null)
            {
                diagnostics.AddAttributeWarning(p, "Attribute deprecated", attribute.DeprecationMessage);
            }

            attribute.ValidateKind(p, value, diagnostics);
            foreach (var validator in attribute.Validators) validator.Validate(new ValidatorRequest(p, value), diagnostics);
            if (attribute is NestedAttribute nested)
            {
                ForEachElement(value, nested.Nesting == NestingMode.Single, p, (element, ep) => Validate(nested, element, ep, diagnostics));
            }
        }

        foreach (var (name, block) in container.Blocks)
        {
            var value = Attr(config, name, block.Type);
            var p = path.Attribute(name);
            if (!value.IsKnown || value.IsNull) continue;
            if (block.DeprecationMessage is not null)
            {
                diagnostics.AddAttributeWarning(p, "Block deprecated", block.DeprecationMessage);
            }

            ForEachElement(value, block.Nesting is BlockNesting.Single or BlockNesting.Group, p, (element, ep) => Validate(block, element, ep, diagnostics));
        }
    }

    /// <summary>Paths of write-only attributes that have a non-null value.</summary>
    public static void FindWriteOnlyValues(IAttributeContainer container, CtyValue obj, AttributePath path, List<AttributePath> found)
    {
        if (!obj.IsKnown || obj.IsNull) return;
        foreach (var (name, attribute) in container.Attributes)
        {
            var value = Attr(obj, name, attribute.Type);
            var p = path.Attribute(name);
            if (attribute.WriteOnly)
            {
                if (!value.IsNull) found.Add(p);
            }
            else if (attribute is NestedAttribute nested && value.IsKnown && !value.IsNull)
            {
                ForEachElement(value, nested.Nesting == NestingMode.Single, p, (e, ep) => FindWriteOnlyValues(nested, e, ep, found));
            }
        }

        foreach (var (name, block) in container.Blocks)
        {
            var value = Attr(obj, name, block.Type);
            if (!value.IsKnown || value.IsNull) continue;
            ForEachElement(value, block.Nesting is BlockNesting.Single or BlockNesting.Group, path.Attribute(name),
                (e, ep) => FindWriteOnlyValues(block, e, ep, found));
        }
    }

    /// <summary>Returns the object with every write-only attribute (at any depth) set to null.</summary>
    public static CtyValue NullWriteOnly(IAttributeContainer container, CtyValue obj)
    {
        if (!obj.IsKnown || obj.IsNull) return obj;
        var result = obj;
        foreach (var (name, attribute) in container.Attributes)
        {
            var value = Attr(obj, name, attribute.Type);
            if (attribute.WriteOnly)
            {
                if (!value.IsNull) result = result.WithAttribute(name, CtyValue.Null(attribute.Type));
            }
            else if (attribute is NestedAttribute nested && value.IsKnown && !value.IsNull)
            {
                result = result.WithAttribute(name, MapElements(value, nested.Nesting switch
                {
                    NestingMode.Single => ElementShape.Single,
                    NestingMode.List => ElementShape.List,
                    NestingMode.Set => ElementShape.Set,
                    _ => ElementShape.Map,
                }, nested.ObjectType, e => NullWriteOnly(nested, e)));
            }
        }

        foreach (var (name, block) in container.Blocks)
        {
            var value = Attr(obj, name, block.Type);
            if (!value.IsKnown || value.IsNull) continue;
            result = result.WithAttribute(name, MapElements(value, Shape(block.Nesting), block.ObjectType, e => NullWriteOnly(block, e)));
        }

        return result;
    }

    /// <summary>First path holding an unknown value, or null when the value is wholly known.</summary>
    public static AttributePath? FindUnknown(CtyValue value, AttributePath path)
    {
        if (!value.IsKnown) return path;
        if (value.IsNull || value.IsWhollyKnown) return null;
        switch (value.Type.Kind)
        {
            case CtyTypeKind.Object:
            case CtyTypeKind.Map:
                foreach (var (key, v) in value.Entries)
                {
                    var found = FindUnknown(v, value.Type.Kind == CtyTypeKind.Object ? path.Attribute(key) : path.ElementKey(key));
                    if (found is not null) return found;
                }

                break;
            case CtyTypeKind.List:
            case CtyTypeKind.Tuple:
            case CtyTypeKind.Set:
                for (var i = 0; i < value.Elements.Count; i++)
                {
                    var found = FindUnknown(value.Elements[i], value.Type.Kind == CtyTypeKind.Set ? path : path.ElementKey(i));
                    if (found is not null) return found;
                }

                break;
        }

        return path;
    }

    /// <summary>
    /// Reports every place where a value known in the plan differs in the result (Terraform would reject the
    /// result as inconsistent; we say which attribute and why).
    /// </summary>
    public static void CheckPlannedPreserved(CtyValue planned, CtyValue actual, AttributePath path, DiagnosticBag diagnostics)
    {
        if (!planned.IsKnown) return;
        if (planned.IsWhollyKnown)
        {
            if (!planned.Equals(actual))
            {
                diagnostics.AddAttributeError(path, "Provider produced inconsistent result after apply",
                    $"The value of {(path.IsEmpty ? "the resource" : path.ToString())} was known in the plan but the provider returned a different value. This is a bug in the provider.");
            }

            return;
        }

        if (actual.IsNull || !actual.IsKnown || planned.IsNull) return;
        switch (planned.Type.Kind)
        {
            case CtyTypeKind.Object:
                foreach (var (key, v) in planned.Entries)
                {
                    if (actual.Entries.TryGetValue(key, out var a)) CheckPlannedPreserved(v, a, path.Attribute(key), diagnostics);
                }

                break;
            case CtyTypeKind.Map:
                foreach (var (key, v) in planned.Entries)
                {
                    if (actual.Entries.TryGetValue(key, out var a)) CheckPlannedPreserved(v, a, path.ElementKey(key), diagnostics);
                }

                break;
            case CtyTypeKind.List:
            case CtyTypeKind.Tuple:
                for (var i = 0; i < Math.Min(planned.Elements.Count, actual.Elements.Count); i++)
                {
                    CheckPlannedPreserved(planned.Elements[i], actual.Elements[i], path.ElementKey(i), diagnostics);
                }

                break;
        }
    }

    internal enum ElementShape
    {
        Single,
        List,
        Set,
        Map,
    }

    internal static ElementShape Shape(BlockNesting nesting) => nesting switch
    {
        BlockNesting.Single or BlockNesting.Group => ElementShape.Single,
        BlockNesting.List => ElementShape.List,
        BlockNesting.Set => ElementShape.Set,
        _ => ElementShape.Map,
    };

    /// <summary>Applies <paramref name="map"/> to the object(s) in a nested attribute/block value.</summary>
    internal static CtyValue MapElements(CtyValue value, ElementShape shape, ObjectType objectType, Func<CtyValue, CtyValue> map)
    {
        if (!value.IsKnown || value.IsNull) return value;
        return shape switch
        {
            ElementShape.Single => map(value),
            ElementShape.List => CtyValue.List(objectType, value.Elements.Select(map).ToList()),
            ElementShape.Set => CtyValue.Set(objectType, value.Elements.Select(map).ToList()),
            _ => CtyValue.Map(objectType, value.Entries.Select(e => new KeyValuePair<string, CtyValue>(e.Key, map(e.Value))).ToList()),
        };
    }

    private static void ForEachElement(CtyValue value, bool single, AttributePath path, Action<CtyValue, AttributePath> action)
    {
        if (single)
        {
            action(value, path);
            return;
        }

        switch (value.Type.Kind)
        {
            case CtyTypeKind.Map:
            case CtyTypeKind.Object:
                foreach (var (key, element) in value.Entries) action(element, path.ElementKey(key));
                break;
            case CtyTypeKind.Set:
                foreach (var element in value.Elements) action(element, path);
                break;
            default:
                for (var i = 0; i < value.Elements.Count; i++) action(value.Elements[i], path.ElementKey(i));
                break;
        }
    }
}
