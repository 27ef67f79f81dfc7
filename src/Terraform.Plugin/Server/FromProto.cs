using Google.Protobuf;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Values;
using Proto = Tfplugin6;

namespace Terraform.Plugin.Server;

/// <summary>tfplugin6 messages → framework model.</summary>
internal static class FromProto
{
    /// <summary>Decodes msgpack (preferred) or JSON; an absent or empty DynamicValue is null.</summary>
    public static CtyValue DynamicValue(Proto.DynamicValue? value, CtyType type)
    {
        if (value is null) return CtyValue.Null(type);
        if (!value.Msgpack.IsEmpty) return CtyMsgPack.Decode(value.Msgpack.Memory, type);
        if (!value.Json.IsEmpty) return CtyJson.Decode(value.Json.Span, type);
        return CtyValue.Null(type);
    }

    public static AttributePath Path(Proto.AttributePath path) => AttributePath.FromSteps(path.Steps.Select(s => s.SelectorCase switch
    {
        Proto.AttributePath.Types.Step.SelectorOneofCase.AttributeName => PathStep.Attribute(s.AttributeName),
        Proto.AttributePath.Types.Step.SelectorOneofCase.ElementKeyString => PathStep.ElementKey(s.ElementKeyString),
        _ => PathStep.ElementKey(s.ElementKeyInt),
    }));

    public static byte[]? Private(ByteString bytes) => bytes.IsEmpty ? null : bytes.ToByteArray();
}
