using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Values;

public sealed class CtyDecodeErrorTests
{
    private static readonly ObjectType Cluster = CtyType.Object([
        new("name", CtyType.String),
        new("control_plane", CtyType.Object([new("replicas", CtyType.Number)])),
        new("nodes", CtyType.List(CtyType.Object([new("name", CtyType.String)]))),
        new("labels", CtyType.Map(CtyType.String)),
    ]);

    private static string Body(string controlPlane, string nodes = "90", string labels = "80") =>
        $"84 {Hex.Str("control_plane")} {controlPlane} {Hex.Str("labels")} {labels} {Hex.Str("name")} a1 78 {Hex.Str("nodes")} {nodes}";

    private static string DecodeError(string hex, CtyType type) =>
        Assert.Throws<CtyDecodeException>(() => CtyMsgPack.Decode(Hex.Parse(hex), type)).Message;

    [Fact]
    public void ValidBodyDecodes()
    {
        var value = CtyMsgPack.Decode(Hex.Parse(Body($"81 {Hex.Str("replicas")} 03")), Cluster);
        Assert.True(value["control_plane"]["replicas"].AsNumber().TryGetInt64(out long replicas));
        Assert.Equal(3, replicas);
    }

    [Fact]
    public void WrongPrimitiveNamesNestedAttributePath()
    {
        Assert.Equal(
            ".control_plane.replicas: number required",
            DecodeError(Body($"81 {Hex.Str("replicas")} a1 78"), Cluster));
    }

    [Fact]
    public void StructuredPathAndReason()
    {
        var ex = Assert.Throws<CtyDecodeException>(() => CtyMsgPack.Decode(
            Hex.Parse(Body($"81 {Hex.Str("replicas")} 03", nodes: $"92 81 {Hex.Str("name")} a1 61 81 {Hex.Str("name")} c3")), Cluster));
        Assert.Equal([CtyPathStep.Attribute("nodes"), CtyPathStep.ElementIndex(1), CtyPathStep.Attribute("name")], ex.Path);
        Assert.Equal("string required", ex.Reason);
    }

    [Fact]
    public void DynamicValuePrefersMsgPackThenJsonThenNull()
    {
        var type = CtyType.Object([new("a", CtyType.Number)]);
        Assert.Equal(1, CtyDynamicValue.Decode(Hex.Parse("81 a1 61 01"), "{\"a\":2}"u8, type)["a"].AsInt64());
        Assert.Equal(2, CtyDynamicValue.Decode(ReadOnlyMemory<byte>.Empty, "{\"a\":2}"u8, type)["a"].AsInt64());
        Assert.Equal(CtyValue.Null(type), CtyDynamicValue.Decode(ReadOnlyMemory<byte>.Empty, default, type));
    }

    [Fact]
    public void ListIndexAndMapKeyInPath()
    {
        Assert.Equal(
            ".nodes[1].name: string required",
            DecodeError(Body($"81 {Hex.Str("replicas")} 03", nodes: $"92 81 {Hex.Str("name")} a1 61 81 {Hex.Str("name")} c3"), Cluster));
        Assert.Equal(
            ".labels[\"env\"]: string required",
            DecodeError(Body($"81 {Hex.Str("replicas")} 03", labels: $"81 {Hex.Str("env")} 05"), Cluster));
    }

    [Fact]
    public void WrongAttributeCount()
    {
        Assert.Equal(
            ".control_plane: an object with 1 attributes is required (2 given)",
            DecodeError(Body($"82 {Hex.Str("replicas")} 03 {Hex.Str("extra")} 03"), Cluster));
        Assert.Equal("an object with 4 attributes is required (0 given)", DecodeError("80", Cluster));
    }

    [Fact]
    public void UnsupportedAttribute()
    {
        Assert.Equal(
            ".control_plane: unsupported attribute \"replica\"",
            DecodeError(Body($"81 {Hex.Str("replica")} 03"), Cluster));
    }

    [Fact]
    public void DuplicateAttribute()
    {
        var type = CtyType.Object([new("a", CtyType.Number), new("b", CtyType.Number)]);
        Assert.Equal("duplicate attribute \"a\"", DecodeError("82 a1 61 01 a1 61 02", type));
    }

    [Fact]
    public void KindMismatches()
    {
        Assert.Equal("list required", DecodeError("81 a1 61 01", CtyType.List(CtyType.Number)));
        Assert.Equal("set required", DecodeError("01", CtyType.Set(CtyType.Number)));
        Assert.Equal("map required", DecodeError("91 01", CtyType.Map(CtyType.Number)));
        Assert.Equal("object required", DecodeError("91 01", Cluster));
        Assert.Equal("tuple required", DecodeError("01", CtyType.Tuple(CtyType.Number)));
        Assert.Equal("bool required", DecodeError("01", CtyType.Bool));
        Assert.Equal("string required", DecodeError("c3", CtyType.String));
        Assert.Equal("number required", DecodeError("a3 61 62 63", CtyType.Number));
        Assert.Equal("number required", DecodeError("c3", CtyType.Number));
        Assert.Equal("a tuple of length 2 is required (1 given)", DecodeError("91 01", CtyType.Tuple(CtyType.Number, CtyType.Number)));
    }

    [Fact]
    public void DynamicWrapperErrors()
    {
        Assert.Equal("dynamic value array must have exactly two elements", DecodeError("93 a0 a0 a0", CtyType.Dynamic));
        Assert.Equal("dynamic value array must have exactly two elements", DecodeError("a1 61", CtyType.Dynamic));
        Assert.StartsWith("dynamic value type: invalid type JSON", DecodeError("92 c4 03 22 78 22 01", CtyType.Dynamic), StringComparison.Ordinal);
        Assert.Equal("number required", DecodeError("92 c4 08 22 6e 75 6d 62 65 72 22 c3", CtyType.Dynamic));
    }

    [Fact]
    public void MalformedAndTrailingData()
    {
        Assert.StartsWith("malformed msgpack", DecodeError("a5 61", CtyType.String), StringComparison.Ordinal);
        Assert.StartsWith(".name: ", DecodeError($"81 {Hex.Str("name")} a5 61", CtyType.Object([new("name", CtyType.String)])), StringComparison.Ordinal);
        Assert.Equal("unexpected data after the value", DecodeError("01 02", CtyType.Number));
        Assert.Equal("unexpected end of data", DecodeError(string.Empty, CtyType.Number));
        Assert.Equal("number required", DecodeError("c1", CtyType.Number));
    }

    [Fact]
    public void DuplicateMapKey()
    {
        Assert.Equal("duplicate map key \"a\"", DecodeError("82 a1 61 01 a1 61 02", CtyType.Map(CtyType.Number)));
    }

    [Fact]
    public void UnsortedMapKeysAreAccepted()
    {
        var value = CtyMsgPack.Decode(Hex.Parse("82 a1 62 02 a1 61 01"), CtyType.Map(CtyType.Number));
        Assert.Equal(["a", "b"], value.Entries.Keys);
    }

    [Fact]
    public void DeeplyNestedDynamicIsRejectedNotOverflowed()
    {
        var prefix = Hex.Parse("92 c4 09 22 64 79 6e 61 6d 69 63 22");
        var bytes = Enumerable.Repeat(prefix, 5000).SelectMany(b => b).Concat(new byte[] { 0xc0 }).ToArray();
        var ex = Assert.Throws<CtyDecodeException>(() => CtyMsgPack.Decode(bytes, CtyType.Dynamic));
        Assert.Contains("nested too deeply", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeMismatchNamesPath()
    {
        var type = CtyType.Object([new("a", CtyType.Object([new("b", CtyType.Number)]))]);
        var wrongInner = CtyType.Object([new("b", CtyType.String)]);
        var looseType = CtyType.Object([new("a", CtyType.Dynamic)]);
        var value = CtyValue.Object(looseType, [new("a", CtyValue.Object(wrongInner, [new("b", CtyValue.String("x"))]))]);
        var ex = Assert.Throws<ArgumentException>(() => CtyMsgPack.Encode(value, type));
        Assert.Equal(".a.b: number required, got string", ex.Message);
    }
}
