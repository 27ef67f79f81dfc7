using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Values;

public sealed class CtyMsgPackGoldenTests
{
    private static readonly ObjectType IdName = CtyType.Object([new("id", CtyType.String), new("name", CtyType.String)]);

    private static void AssertEncodes(string expectedHex, CtyValue value, CtyType type)
    {
        var bytes = CtyMsgPack.Encode(value, type);
        Assert.Equal(Hex.Format(Hex.Parse(expectedHex)), Hex.Format(bytes));
        var decoded = CtyMsgPack.Decode(bytes, type);
        Assert.Equal(value, decoded);
    }

    [Fact]
    public void WorkedExample_ObjectWithUnknownAttribute()
    {
        var value = CtyValue.Object(IdName, [new("name", CtyValue.String("x")), new("id", CtyValue.Unknown(CtyType.String))]);
        AssertEncodes("82 a2 69 64 d4 00 00 a4 6e 61 6d 65 a1 78", value, IdName);
    }

    [Fact]
    public void WorkedExample_DynamicString()
    {
        AssertEncodes("92 c4 08 22 73 74 72 69 6e 67 22 a2 68 69", CtyValue.String("hi"), CtyType.Dynamic);
    }

    [Fact]
    public void WorkedExample_EmptyObject()
    {
        var empty = CtyType.Object([]);
        AssertEncodes("80", CtyValue.Object(empty, []), empty);
    }

    [Theory]
    [InlineData("0", "00")]
    [InlineData("1", "01")]
    [InlineData("127", "7f")]
    [InlineData("128", "cc 80")]
    [InlineData("255", "cc ff")]
    [InlineData("256", "cd 01 00")]
    [InlineData("65535", "cd ff ff")]
    [InlineData("65536", "ce 00 01 00 00")]
    [InlineData("4294967295", "ce ff ff ff ff")]
    [InlineData("4294967296", "cf 00 00 00 01 00 00 00 00")]
    [InlineData("9007199254740993", "cf 00 20 00 00 00 00 00 01")]
    [InlineData("9223372036854775807", "cf 7f ff ff ff ff ff ff ff")]
    [InlineData("-1", "ff")]
    [InlineData("-32", "e0")]
    [InlineData("-33", "d0 df")]
    [InlineData("-128", "d0 80")]
    [InlineData("-129", "d1 ff 7f")]
    [InlineData("-32768", "d1 80 00")]
    [InlineData("-32769", "d2 ff ff 7f ff")]
    [InlineData("-2147483648", "d2 80 00 00 00")]
    [InlineData("-2147483649", "d3 ff ff ff ff 7f ff ff ff")]
    [InlineData("-9223372036854775808", "d3 80 00 00 00 00 00 00 00")]
    [InlineData("0.5", "cb 3f e0 00 00 00 00 00 00")]
    [InlineData("-0.5", "cb bf e0 00 00 00 00 00 00")]
    [InlineData("1.25", "cb 3f f4 00 00 00 00 00 00")]
    // Not exactly a double: go-cty falls back to the decimal string.
    [InlineData("0.1", "a3 30 2e 31")]
    [InlineData("-3.3", "a4 2d 33 2e 33")]
    // Beyond int64 but exactly a double: go-cty's Float64() is exact, so float64 (not a string).
    [InlineData("18446744073709551616", "cb 43 f0 00 00 00 00 00 00")]
    [InlineData("9223372036854775808", "cb 43 e0 00 00 00 00 00 00")]
    // Beyond int64 and not a double: string.
    [InlineData("18446744073709551617", "b4 31 38 34 34 36 37 34 34 30 37 33 37 30 39 35 35 31 36 31 37")]
    [InlineData("18446744073709551615", "b4 31 38 34 34 36 37 34 34 30 37 33 37 30 39 35 35 31 36 31 35")]
    public void Numbers(string number, string hex)
    {
        AssertEncodes(hex, CtyValue.Number(CtyNumber.Parse(number)), CtyType.Number);
    }

    [Fact]
    public void HugeNumberIsDecimalString()
    {
        var n = CtyNumber.Parse("1e400");
        string text = "1" + new string('0', 400);
        Assert.Equal(text, n.ToString());
        AssertEncodes("da 01 91 " + Hex.Format(System.Text.Encoding.ASCII.GetBytes(text)), CtyValue.Number(n), CtyType.Number);
    }

    [Fact]
    public void InfinityIsFloat64()
    {
        AssertEncodes("cb 7f f0 00 00 00 00 00 00", CtyValue.Number(CtyNumber.PositiveInfinity), CtyType.Number);
        AssertEncodes("cb ff f0 00 00 00 00 00 00", CtyValue.Number(CtyNumber.NegativeInfinity), CtyType.Number);
    }

    [Theory]
    [InlineData("d0 05", "5")]
    [InlineData("d1 00 05", "5")]
    [InlineData("d2 00 00 00 05", "5")]
    [InlineData("d3 00 00 00 00 00 00 00 05", "5")]
    [InlineData("cc 05", "5")]
    [InlineData("cd 00 05", "5")]
    [InlineData("ce 00 00 00 05", "5")]
    [InlineData("cf 00 00 00 00 00 00 00 05", "5")]
    [InlineData("cf ff ff ff ff ff ff ff ff", "18446744073709551615")]
    [InlineData("ca 3f 00 00 00", "0.5")]
    [InlineData("ca 3d cc cc cd", "0.100000001490116119384765625")]
    [InlineData("cb 3f b9 99 99 99 99 99 9a", "0.1000000000000000055511151231257827021181583404541015625")]
    [InlineData("a3 31 65 33", "1000")]
    [InlineData("a5 2d 30 2e 32 35", "-0.25")]
    [InlineData("c4 02 34 32", "42")]
    [InlineData("b4 31 38 34 34 36 37 34 34 30 37 33 37 30 39 35 35 31 36 31 36", "18446744073709551616")]
    [InlineData("cb 43 f0 00 00 00 00 00 00", "18446744073709551616")]
    [InlineData("a7 31 65 2b 34 30 30 30", "1e+4000")]
    public void NumberDecodeAcceptsEveryForm(string hex, string expected)
    {
        var value = CtyMsgPack.Decode(Hex.Parse(hex), CtyType.Number);
        Assert.Equal(CtyNumber.Parse(expected), value.AsNumber());
    }

    [Theory]
    [InlineData("", "a0")]
    [InlineData("x", "a1 78")]
    [InlineData("é", "a2 c3 a9")]
    [InlineData("😀", "a4 f0 9f 98 80")]
    public void Strings(string s, string hex) => AssertEncodes(hex, CtyValue.String(s), CtyType.String);

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(70000)]
    public void StringLengthHeaders(int length)
    {
        var s = new string('a', length);
        var bytes = CtyMsgPack.Encode(CtyValue.String(s), CtyType.String);
        string expectedHeader = length < 32 ? "bf" : length < 256 ? $"d9 {length:x2}" : length < 65536 ? $"da {length >> 8:x2} {length & 0xff:x2}" : "db 00 01 11 70";
        Assert.StartsWith(expectedHeader, Hex.Format(bytes), StringComparison.Ordinal);
        Assert.Equal(s, CtyMsgPack.Decode(bytes, CtyType.String).AsString());
    }

    [Fact]
    public void StringDecodeAcceptsBin()
    {
        Assert.Equal("hi", CtyMsgPack.Decode(Hex.Parse("c4 02 68 69"), CtyType.String).AsString());
    }

    [Fact]
    public void Bools()
    {
        AssertEncodes("c3", CtyValue.Bool(true), CtyType.Bool);
        AssertEncodes("c2", CtyValue.Bool(false), CtyType.Bool);
    }

    [Fact]
    public void NullOfEveryType()
    {
        CtyType[] types =
        [
            CtyType.String, CtyType.Number, CtyType.Bool, CtyType.List(CtyType.String), CtyType.Set(CtyType.Number),
            CtyType.Map(CtyType.Bool), IdName, CtyType.Tuple(CtyType.String, CtyType.Bool), CtyType.Dynamic,
        ];
        foreach (var type in types)
        {
            AssertEncodes("c0", CtyValue.Null(type), type);
        }
    }

    [Fact]
    public void UnknownOfEveryTypeIsFixext1()
    {
        CtyType[] types =
        [
            CtyType.String, CtyType.Number, CtyType.Bool, CtyType.List(CtyType.String), CtyType.Set(CtyType.Number),
            CtyType.Map(CtyType.Bool), IdName, CtyType.Tuple(CtyType.String, CtyType.Bool), CtyType.Dynamic,
        ];
        foreach (var type in types)
        {
            AssertEncodes("d4 00 00", CtyValue.Unknown(type), type);
        }
    }

    [Theory]
    [InlineData("d4 00 00")]
    [InlineData("d4 05 01")]
    [InlineData("d5 00 00 00")]
    [InlineData("d6 00 00 00 00 00")]
    [InlineData("d7 00 00 00 00 00 00 00 00 00")]
    [InlineData("d8 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("c7 00 00")]
    [InlineData("c7 01 00 00")]
    [InlineData("c8 00 00 00")]
    [InlineData("c8 00 02 07 00 00")]
    [InlineData("c9 00 00 00 00 00")]
    [InlineData("c9 00 00 00 01 00 00")]
    [InlineData("c7 03 0c 81 02 a0")]
    public void AnyExtensionDecodesAsUnknown(string hex)
    {
        foreach (var type in new[] { CtyType.String, CtyType.Number, CtyType.List(CtyType.Bool), IdName, CtyType.Dynamic })
        {
            var value = CtyMsgPack.Decode(Hex.Parse(hex), type);
            Assert.False(value.IsKnown);
            Assert.False(value.IsNull);
            Assert.False(value.IsRefinedNotNull);
            Assert.Equal(type, value.Type);
        }
    }

    [Fact]
    public void RefinedUnknownNotNull()
    {
        var value = CtyMsgPack.Decode(Hex.Parse("c7 03 0c 81 01 c2"), CtyType.String);
        Assert.False(value.IsKnown);
        Assert.True(value.IsRefinedNotNull);
        Assert.Equal(CtyValue.Unknown(CtyType.String), value);
        // Written back as a plain unknown.
        Assert.Equal("d4 00 00", Hex.Format(CtyMsgPack.Encode(value, CtyType.String)));
    }

    [Fact]
    public void RefinedUnknownWithSeveralRefinementsInsideObject()
    {
        // {"id": unknown(not null, prefix "i-"), "name": "x"}
        var bytes = Hex.Parse("82 a2 69 64 c7 07 0c 82 01 c2 02 a2 69 2d a4 6e 61 6d 65 a1 78");
        var value = CtyMsgPack.Decode(bytes, IdName);
        Assert.False(value["id"].IsKnown);
        Assert.True(value["id"].IsRefinedNotNull);
        Assert.Equal("x", value["name"].AsString());
        Assert.False(value.IsWhollyKnown);
    }

    [Fact]
    public void ListSetMapTuple()
    {
        AssertEncodes("92 c3 c2", CtyValue.List(CtyType.Bool, [CtyValue.Bool(true), CtyValue.Bool(false)]), CtyType.List(CtyType.Bool));
        AssertEncodes("90", CtyValue.List(CtyType.String, []), CtyType.List(CtyType.String));
        AssertEncodes("92 a1 61 a1 62", CtyValue.Set(CtyType.String, [CtyValue.String("b"), CtyValue.String("a"), CtyValue.String("b")]), CtyType.Set(CtyType.String));
        AssertEncodes("93 ff 01 0a", CtyValue.Set(CtyType.Number, [CtyValue.Number(10), CtyValue.Number(-1), CtyValue.Number(1)]), CtyType.Set(CtyType.Number));
        AssertEncodes(
            "82 a1 61 a1 31 a1 62 a1 32",
            CtyValue.Map(CtyType.String, [new("b", CtyValue.String("2")), new("a", CtyValue.String("1"))]),
            CtyType.Map(CtyType.String));
        AssertEncodes("80", CtyValue.Map(CtyType.Number, []), CtyType.Map(CtyType.Number));
        var tuple = (TupleType)CtyType.Tuple(CtyType.String, CtyType.Number);
        AssertEncodes("92 a1 61 01", CtyValue.Tuple(tuple, [CtyValue.String("a"), CtyValue.Number(1)]), tuple);
    }

    [Fact]
    public void UnknownsNestedInCollections()
    {
        AssertEncodes(
            "92 a1 61 d4 00 00",
            CtyValue.List(CtyType.String, [CtyValue.String("a"), CtyValue.Unknown(CtyType.String)]),
            CtyType.List(CtyType.String));
        AssertEncodes(
            "81 a1 6b d4 00 00",
            CtyValue.Map(CtyType.Number, [new("k", CtyValue.Unknown(CtyType.Number))]),
            CtyType.Map(CtyType.Number));
    }

    [Fact]
    public void ObjectKeysSortedBytewise()
    {
        // "B" (0x42) < "_" (0x5f) < "a" (0x61) < "é" (c3 a9)
        var type = CtyType.Object([new("é", CtyType.Bool), new("a", CtyType.Bool), new("_", CtyType.Bool), new("B", CtyType.Bool)]);
        var value = CtyValue.Object(type, type.AttributeTypes.Keys.Select(k => new KeyValuePair<string, CtyValue>(k, CtyValue.Bool(true))));
        AssertEncodes("84 a1 42 c3 a1 5f c3 a1 61 c3 a2 c3 a9 c3", value, type);
    }

    [Fact]
    public void MapKeysSortedByUtf8BytesNotUtf16()
    {
        // U+E000 is EE 80 80 in UTF-8 and sorts before U+1F600 (F0 9F 98 80), although its UTF-16 unit is larger than the surrogate D83D.
        var value = CtyValue.Map(CtyType.Bool, [new("\U0001F600", CtyValue.Bool(true)), new("\uE000", CtyValue.Bool(false)), new("z", CtyValue.Bool(true))]);
        AssertEncodes("83 a1 7a c3 a3 ee 80 80 c2 a4 f0 9f 98 80 c3", value, CtyType.Map(CtyType.Bool));
        Assert.Equal(["z", "\uE000", "\U0001F600"], value.Entries.Keys);
    }

    [Fact]
    public void NestedObjectWithNullsAndBlocks()
    {
        var node = CtyType.Object([new("name", CtyType.String), new("cpus", CtyType.Number)]);
        var type = CtyType.Object([
            new("nodes", CtyType.List(node)),
            new("labels", CtyType.Map(CtyType.String)),
            new("enabled", CtyType.Bool),
        ]);
        var value = CtyValue.Object(type, [
            new("nodes", CtyValue.List(node, [CtyValue.Object(node, [new("name", CtyValue.String("n")), new("cpus", CtyValue.Number(4))])])),
            new("labels", CtyValue.Null(CtyType.Map(CtyType.String))),
            new("enabled", CtyValue.Bool(true)),
        ]);
        AssertEncodes(
            "83 a7 65 6e 61 62 6c 65 64 c3 a6 6c 61 62 65 6c 73 c0 a5 6e 6f 64 65 73 91 82 a4 63 70 75 73 04 a4 6e 61 6d 65 a1 6e",
            value,
            type);
    }

    [Fact]
    public void DynamicInsideObjectAndList()
    {
        var type = CtyType.Object([new("v", CtyType.Dynamic)]);
        AssertEncodes(
            "81 a1 76 92 c4 08 22 6e 75 6d 62 65 72 22 05",
            CtyValue.Object(type, [new("v", CtyValue.Number(5))]),
            type);
        AssertEncodes("81 a1 76 c0", CtyValue.Object(type, [new("v", CtyValue.Null(CtyType.Dynamic))]), type);
        AssertEncodes("81 a1 76 d4 00 00", CtyValue.Object(type, [new("v", CtyValue.Unknown(CtyType.Dynamic))]), type);

        var listType = CtyType.List(CtyType.Dynamic);
        AssertEncodes(
            "92 92 c4 08 22 73 74 72 69 6e 67 22 a1 61 92 c4 06 22 62 6f 6f 6c 22 c3",
            CtyValue.List(CtyType.Dynamic, [CtyValue.String("a"), CtyValue.Bool(true)]),
            listType);
    }

    [Fact]
    public void DynamicHoldingTypedNullOrUnknownKeepsWrapper()
    {
        AssertEncodes("92 c4 08 22 73 74 72 69 6e 67 22 c0", CtyValue.Null(CtyType.String), CtyType.Dynamic);
        AssertEncodes("92 c4 08 22 73 74 72 69 6e 67 22 d4 00 00", CtyValue.Unknown(CtyType.String), CtyType.Dynamic);
    }

    [Fact]
    public void DynamicHoldingCollection()
    {
        var value = CtyValue.List(CtyType.String, [CtyValue.String("a")]);
        // ["list","string"] is 17 bytes.
        AssertEncodes("92 c4 11 5b 22 6c 69 73 74 22 2c 22 73 74 72 69 6e 67 22 5d 91 a1 61", value, CtyType.Dynamic);
    }

    [Fact]
    public void DynamicDecodeAcceptsStrTypeJson()
    {
        var value = CtyMsgPack.Decode(Hex.Parse("92 a8 22 73 74 72 69 6e 67 22 a2 68 69"), CtyType.Dynamic);
        Assert.Equal(CtyValue.String("hi"), value);
        Assert.Equal(CtyType.String, value.Type);
    }

    [Fact]
    public void DynamicDecodeToleratesWhitespaceInTypeJson()
    {
        var json = System.Text.Encoding.ASCII.GetBytes("[ \"list\" , \"number\" ]");
        var bytes = new byte[] { 0x92, 0xc4, (byte)json.Length }.Concat(json).Concat(new byte[] { 0x91, 0x07 }).ToArray();
        var value = CtyMsgPack.Decode(bytes, CtyType.Dynamic);
        Assert.Equal(CtyType.List(CtyType.Number), value.Type);
        Assert.Equal(7, value.Elements[0].AsNumber().TryGetInt64(out long n) ? n : -1);
    }
}
