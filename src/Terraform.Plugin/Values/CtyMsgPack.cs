namespace Terraform.Plugin.Values;

/// <summary>cty msgpack codec as used in tfplugin6 DynamicValue.msgpack.</summary>
public static class CtyMsgPack
{
    public static byte[] Encode(CtyValue value, CtyType type) => throw new NotImplementedException();

    public static CtyValue Decode(ReadOnlyMemory<byte> data, CtyType type) => throw new NotImplementedException();
}
