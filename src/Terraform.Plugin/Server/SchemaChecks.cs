using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Server;

/// <summary>
/// Catches schema mistakes Terraform would reject (or panic on) before any RPC uses the schema; the findings are
/// returned as error diagnostics from GetProviderSchema, naming the schema and attribute.
/// </summary>
internal static class SchemaChecks
{
    public static void Check(string owner, Schema schema, DiagnosticBag diagnostics)
    {
        if (schema.Version < 0) diagnostics.AddError("Invalid provider schema", $"{owner}: schema version must not be negative.");
        CheckContainer(owner, "", schema, insideSet: false, diagnostics);
    }

    /// <summary>
    /// What an ephemeral resource's schema may not use: a version (nothing is stored, so nothing is upgraded),
    /// write-only attributes (the whole value is already never stored), defaults and plan modifiers (there is no
    /// plan: Open gets the configuration as written).
    /// </summary>
    public static void CheckEphemeral(string owner, Schema schema, DiagnosticBag diagnostics)
    {
        if (schema.Version != 0) diagnostics.AddError("Invalid provider schema", $"{owner}: ephemeral resource schemas have no version (it must be 0).");
        CheckEphemeralContainer(owner, "", schema, diagnostics);
    }

    private static void CheckEphemeralContainer(string owner, string prefix, IAttributeContainer container, DiagnosticBag diagnostics)
    {
        foreach (var (name, attribute) in container.Attributes)
        {
            var where = $"{owner}: attribute {prefix}{name}";
            if (attribute.WriteOnly) diagnostics.AddError("Invalid provider schema", $"{where}: ephemeral resources cannot have write-only attributes (their values are never stored anyway).");
            if (attribute.Default is not null) diagnostics.AddError("Invalid provider schema", $"{where}: ephemeral resources cannot have defaults (there is no plan to apply them); let Open use a fallback.");
            if (attribute.PlanModifiers.Count > 0) diagnostics.AddError("Invalid provider schema", $"{where}: ephemeral resources cannot have plan modifiers (they are never planned).");
            if (attribute is NestedAttribute nested) CheckEphemeralContainer(owner, $"{prefix}{name}.", nested, diagnostics);
        }

        foreach (var (name, block) in container.Blocks) CheckEphemeralContainer(owner, $"{prefix}{name}.", block, diagnostics);
    }

    private static void CheckContainer(string owner, string prefix, IAttributeContainer container, bool insideSet, DiagnosticBag diagnostics)
    {
        foreach (var (name, attribute) in container.Attributes)
        {
            var where = $"{owner}: attribute {prefix}{name}";
            void Error(string detail) => diagnostics.AddError("Invalid provider schema", $"{where}: {detail}");

            CheckName(name, Error);
            if (container.Blocks.ContainsKey(name)) Error("a block has the same name.");
            if (!attribute.Required && !attribute.Optional && !attribute.Computed) Error("must be Required, Optional or Computed.");
            if (attribute.Required && (attribute.Optional || attribute.Computed)) Error("Required cannot be combined with Optional or Computed.");
            if (attribute.Default is not null && !attribute.Computed) Error("a Default needs Computed (the provider sets the value when configuration leaves it null).");
            if (attribute.Default is { } d && !d.IsNull && !d.Type.Equals(attribute.Type) && attribute.Type.Kind != CtyTypeKind.Dynamic)
            {
                Error($"Default has type {d.Type}, the attribute has type {attribute.Type}.");
            }

            if (attribute.WriteOnly && attribute.Computed) Error("write-only attributes cannot be Computed.");
            if (attribute.WriteOnly && insideSet) Error("write-only attributes cannot be inside a set.");
            if (attribute is SetAttribute or SetNestedAttribute && ContainsDynamic(attribute.Type)) Error("sets cannot contain dynamic values.");
            if (attribute is NestedAttribute nested)
            {
                CheckContainer(owner, $"{prefix}{name}.", nested, insideSet || nested.Nesting == NestingMode.Set, diagnostics);
            }
        }

        foreach (var (name, block) in container.Blocks)
        {
            var where = $"{owner}: block {prefix}{name}";
            void Error(string detail) => diagnostics.AddError("Invalid provider schema", $"{where}: {detail}");

            CheckName(name, Error);
            if (block.Nesting is BlockNesting.List or BlockNesting.Set)
            {
                if (block.MinItems < 0 || block.MaxItems < 0) Error("MinItems/MaxItems must not be negative.");
                if (block.MaxItems > 0 && block.MinItems > block.MaxItems) Error("MinItems is greater than MaxItems.");
            }
            else if (block.MinItems != 0 || block.MaxItems != 0)
            {
                Error("MinItems/MaxItems apply to List and Set blocks only.");
            }

            if (block.Nesting is BlockNesting.List or BlockNesting.Map && ContainsDynamic(block.ObjectType))
            {
                Error("List and Map blocks cannot contain dynamic attributes (Terraform would change their type).");
            }

            if (block.Nesting == BlockNesting.Set && ContainsDynamic(block.ObjectType)) Error("sets cannot contain dynamic values.");
            CheckContainer(owner, $"{prefix}{name}.", block, insideSet || block.Nesting == BlockNesting.Set, diagnostics);
        }
    }

    private static void CheckName(string name, Action<string> error)
    {
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            error("names may contain only lower-case letters, digits and underscores.");
        }
    }

    private static bool ContainsDynamic(CtyType type) => type.Kind switch
    {
        CtyTypeKind.Dynamic => true,
        CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Map => ContainsDynamic(type.ElementType),
        CtyTypeKind.Object => ((ObjectType)type).AttributeTypes.Values.Any(ContainsDynamic),
        CtyTypeKind.Tuple => ((TupleType)type).ElementTypes.Any(ContainsDynamic),
        _ => false,
    };
}
