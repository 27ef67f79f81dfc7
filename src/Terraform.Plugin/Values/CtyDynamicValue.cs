namespace Terraform.Plugin.Values;

/// <summary>Reads and writes tfplugin6 <c>DynamicValue</c> payloads the way Terraform does.</summary>
public static class CtyDynamicValue
{
    /// <summary>
    /// Decodes a DynamicValue: msgpack when present, else JSON when present, else null of <paramref name="type"/>
    /// (Terraform treats an empty DynamicValue as null).
    /// </summary>
    /// <exception cref="CtyDecodeException">The payload does not decode against the type.</exception>
    public static CtyValue Decode(ReadOnlyMemory<byte> msgpack, ReadOnlySpan<byte> json, CtyType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!msgpack.IsEmpty)
        {
            return CtyMsgPack.Decode(msgpack, type);
        }

        if (!json.IsEmpty)
        {
            return CtyJson.Decode(json, type);
        }

        return CtyValue.Null(type);
    }
}
