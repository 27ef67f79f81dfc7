using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Server;

/// <summary>
/// Turns Terraform's proposed new state into the planned state, in this order: write-only attributes → null;
/// computed attributes left null in configuration → static default, else unknown when the resource is created or
/// changes (unchanged resources keep their prior values); then each attribute's plan modifiers
/// (UseStateForUnknown, RequiresReplace …). Set-nested elements are planned as proposed (no per-element
/// correspondence exists for sets).
/// </summary>
internal sealed class ResourcePlanner
{
    private readonly bool _isCreate;
    private readonly bool _markUnknown;

    private ResourcePlanner(bool isCreate, bool markUnknown)
    {
        _isCreate = isCreate;
        _markUnknown = markUnknown;
    }

    public List<AttributePath> RequiresReplace { get; } = [];

    public DiagnosticBag Diagnostics { get; } = new();

    public static (CtyValue Planned, ResourcePlanner Planner) Plan(Schema schema, CtyValue config, CtyValue prior, CtyValue proposed)
    {
        var isCreate = prior.IsNull;
        var proposedClean = ValueWalk.NullWriteOnly(schema, proposed);
        var changed = isCreate || !proposedClean.Equals(ValueWalk.NullWriteOnly(schema, prior));
        var planner = new ResourcePlanner(isCreate, changed);
        var planned = planner.PlanObject(schema, config, prior, proposedClean, AttributePath.Empty);
        return (planned, planner);
    }

    private CtyValue PlanObject(IAttributeContainer container, CtyValue config, CtyValue prior, CtyValue planned, AttributePath path)
    {
        if (!planned.IsKnown || planned.IsNull) return planned;
        var result = planned;
        foreach (var (name, attribute) in container.Attributes)
        {
            var p = path.Attribute(name);
            var cfg = ValueWalk.Attr(config, name, attribute.Type);
            var pri = ValueWalk.Attr(prior, name, attribute.Type);
            var pl = ValueWalk.Attr(planned, name, attribute.Type);
            if (attribute.WriteOnly)
            {
                pl = CtyValue.Null(attribute.Type);
            }
            else if (attribute.Computed && cfg.IsKnown && cfg.IsNull)
            {
                if (attribute.Default is { } defaultValue)
                {
                    pl = defaultValue;
                }
                else if (_markUnknown)
                {
                    pl = CtyValue.Unknown(attribute.Type);
                }
            }
            else if (attribute is NestedAttribute nested && pl.IsKnown && !pl.IsNull)
            {
                pl = PlanElements(nested, nested.Nesting switch
                {
                    NestingMode.Single => ValueWalk.ElementShape.Single,
                    NestingMode.List => ValueWalk.ElementShape.List,
                    NestingMode.Set => ValueWalk.ElementShape.Set,
                    _ => ValueWalk.ElementShape.Map,
                }, nested.ObjectType, cfg, pri, pl, p);
            }

            if (attribute.PlanModifiers.Count > 0 && !attribute.WriteOnly)
            {
                var response = new PlanModifierResponse(pl);
                foreach (var modifier in attribute.PlanModifiers)
                {
                    modifier.PlanModify(new PlanModifierRequest(p, cfg, pri, response.PlanValue, _isCreate), response);
                }

                pl = response.PlanValue;
                if (response.RequiresReplace) RequiresReplace.Add(p);
                Diagnostics.AddRange(response.Diagnostics);
            }

            result = result.WithAttribute(name, pl);
        }

        foreach (var (name, block) in container.Blocks)
        {
            var p = path.Attribute(name);
            var pl = ValueWalk.Attr(planned, name, block.Type);
            if (!pl.IsKnown || pl.IsNull) continue;
            var cfg = ValueWalk.Attr(config, name, block.Type);
            var pri = ValueWalk.Attr(prior, name, block.Type);
            result = result.WithAttribute(name, PlanElements(block, ValueWalk.Shape(block.Nesting), block.ObjectType, cfg, pri, pl, p));
        }

        return result;
    }

    private CtyValue PlanElements(
        IAttributeContainer container, ValueWalk.ElementShape shape, ObjectType objectType,
        CtyValue config, CtyValue prior, CtyValue planned, AttributePath path)
    {
        switch (shape)
        {
            case ValueWalk.ElementShape.Single:
                return PlanObject(container, config, prior, planned, path);
            case ValueWalk.ElementShape.List:
            {
                var items = new List<CtyValue>(planned.Elements.Count);
                for (var i = 0; i < planned.Elements.Count; i++)
                {
                    items.Add(PlanObject(container, Element(config, i, objectType), Element(prior, i, objectType), planned.Elements[i], path.ElementKey(i)));
                }

                return CtyValue.List(objectType, items);
            }

            case ValueWalk.ElementShape.Map:
            {
                var entries = new List<KeyValuePair<string, CtyValue>>(planned.Entries.Count);
                foreach (var (key, element) in planned.Entries)
                {
                    entries.Add(new(key, PlanObject(container, Entry(config, key, objectType), Entry(prior, key, objectType), element, path.ElementKey(key))));
                }

                return CtyValue.Map(objectType, entries);
            }

            default:
                return planned;
        }
    }

    private static CtyValue Element(CtyValue list, int index, ObjectType type)
    {
        if (!list.IsKnown) return CtyValue.Unknown(type);
        if (list.IsNull || index >= list.Elements.Count) return CtyValue.Null(type);
        return list.Elements[index];
    }

    private static CtyValue Entry(CtyValue map, string key, ObjectType type)
    {
        if (!map.IsKnown) return CtyValue.Unknown(type);
        if (map.IsNull) return CtyValue.Null(type);
        return map.Entries.TryGetValue(key, out var v) ? v : CtyValue.Null(type);
    }
}
