namespace Terraform.Plugin.Values;

/// <summary>cty JSON codec as used in state files and RawState.json.</summary>
public static class CtyJson
{
    public static byte[] Encode(CtyValue value, CtyType type) => throw new NotImplementedException();

    public static CtyValue Decode(ReadOnlySpan<byte> json, CtyType type) => Decode(json, type, ignoreUnknownAttributes: false);

    public static CtyValue Decode(ReadOnlySpan<byte> json, CtyType type, bool ignoreUnknownAttributes) => throw new NotImplementedException();
}
