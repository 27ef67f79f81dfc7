using Google.Protobuf;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Functions;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

/// <summary>Framework model → tfplugin6 messages.</summary>
internal static class ToProto
{
    public static Proto.Schema Schema(Schemas.Schema schema) => new()
    {
        Version = schema.Version,
        Block = Block(schema, schema.Description, schema.MarkdownDescription, schema.DeprecationMessage is not null),
    };

    private static Proto.Schema.Types.Block Block(IAttributeContainer container, string? description, string? markdown, bool deprecated)
    {
        var block = new Proto.Schema.Types.Block { Deprecated = deprecated };
        SetDescription(description, markdown, d => block.Description = d, k => block.DescriptionKind = k);
        foreach (var (name, attribute) in container.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            block.Attributes.Add(Attribute(name, attribute));
        }

        foreach (var (name, nested) in container.Blocks.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            block.BlockTypes.Add(new Proto.Schema.Types.NestedBlock
            {
                TypeName = name,
                Block = Block(nested, nested.Description, nested.MarkdownDescription, nested.DeprecationMessage is not null),
                Nesting = nested.Nesting switch
                {
                    BlockNesting.Single => Proto.Schema.Types.NestedBlock.Types.NestingMode.Single,
                    BlockNesting.List => Proto.Schema.Types.NestedBlock.Types.NestingMode.List,
                    BlockNesting.Set => Proto.Schema.Types.NestedBlock.Types.NestingMode.Set,
                    BlockNesting.Map => Proto.Schema.Types.NestedBlock.Types.NestingMode.Map,
                    _ => Proto.Schema.Types.NestedBlock.Types.NestingMode.Group,
                },
                MinItems = nested.Nesting is BlockNesting.List or BlockNesting.Set ? nested.MinItems : 0,
                MaxItems = nested.Nesting is BlockNesting.List or BlockNesting.Set ? nested.MaxItems : 0,
            });
        }

        return block;
    }

    private static Proto.Schema.Types.Attribute Attribute(string name, Schemas.Attribute attribute)
    {
        var proto = new Proto.Schema.Types.Attribute
        {
            Name = name,
            Required = attribute.Required,
            Optional = attribute.Optional,
            Computed = attribute.Computed,
            Sensitive = attribute.Sensitive,
            WriteOnly = attribute.WriteOnly,
            Deprecated = attribute.DeprecationMessage is not null,
        };
        SetDescription(attribute.Description, attribute.MarkdownDescription, d => proto.Description = d, k => proto.DescriptionKind = k);
        if (attribute is NestedAttribute nested)
        {
            var obj = new Proto.Schema.Types.Object
            {
                Nesting = nested.Nesting switch
                {
                    NestingMode.Single => Proto.Schema.Types.Object.Types.NestingMode.Single,
                    NestingMode.List => Proto.Schema.Types.Object.Types.NestingMode.List,
                    NestingMode.Set => Proto.Schema.Types.Object.Types.NestingMode.Set,
                    _ => Proto.Schema.Types.Object.Types.NestingMode.Map,
                },
            };
            foreach (var (childName, child) in nested.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                obj.Attributes.Add(Attribute(childName, child));
            }

            proto.NestedType = obj;
        }
        else
        {
            proto.Type = ByteString.CopyFrom(attribute.Type.ToJson());
        }

        return proto;
    }

    private static void SetDescription(string? plain, string? markdown, Action<string> setText, Action<Proto.StringKind> setKind)
    {
        if (!string.IsNullOrEmpty(markdown))
        {
            setText(markdown);
            setKind(Proto.StringKind.Markdown);
        }
        else if (!string.IsNullOrEmpty(plain))
        {
            setText(plain);
            setKind(Proto.StringKind.Plain);
        }
    }

    public static Proto.Function Function(FunctionDefinition definition)
    {
        var proto = new Proto.Function
        {
            Return = new Proto.Function.Types.Return { Type = ByteString.CopyFrom(definition.ReturnType.ToJson()) },
            Summary = definition.Summary,
            Description = definition.MarkdownDescription,
            DescriptionKind = Proto.StringKind.Markdown,
            DeprecationMessage = definition.DeprecationMessage ?? "",
        };
        foreach (var p in definition.Parameters) proto.Parameters.Add(Parameter(p));
        if (definition.VariadicParameter is not null) proto.VariadicParameter = Parameter(definition.VariadicParameter);
        return proto;
    }

    private static Proto.Function.Types.Parameter Parameter(FunctionParameter p) => new()
    {
        Name = p.Name,
        Type = ByteString.CopyFrom(p.Type.ToJson()),
        AllowNullValue = p.AllowNullValue,
        AllowUnknownValues = p.AllowUnknownValues,
        Description = p.Description,
        DescriptionKind = Proto.StringKind.Markdown,
    };

    public static IEnumerable<Proto.Diagnostic> Diagnostics(IEnumerable<Diagnostic> diagnostics) => diagnostics.Select(Diagnostic);

    public static Proto.Diagnostic Diagnostic(Diagnostic d)
    {
        var proto = new Proto.Diagnostic
        {
            Severity = d.Severity == DiagnosticSeverity.Error ? Proto.Diagnostic.Types.Severity.Error : Proto.Diagnostic.Types.Severity.Warning,
            Summary = Logging.SecretRedactor.Scrub(d.Summary),
            Detail = Logging.SecretRedactor.Scrub(d.Detail),
        };
        if (d.Path is { IsEmpty: false }) proto.Attribute = Path(d.Path);
        return proto;
    }

    public static Proto.AttributePath Path(AttributePath path)
    {
        var proto = new Proto.AttributePath();
        foreach (var step in path.Steps)
        {
            proto.Steps.Add(step.Kind switch
            {
                PathStepKind.AttributeName => new Proto.AttributePath.Types.Step { AttributeName = step.Name },
                PathStepKind.ElementKeyString => new Proto.AttributePath.Types.Step { ElementKeyString = step.Name },
                _ => new Proto.AttributePath.Types.Step { ElementKeyInt = step.Index },
            });
        }

        return proto;
    }

    /// <summary>Always msgpack: JSON cannot carry unknown values.</summary>
    public static Proto.DynamicValue DynamicValue(CtyValue value, CtyType type) =>
        new() { Msgpack = ByteString.CopyFrom(CtyMsgPack.Encode(value, type)) };
}
