using System.Text;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Values;

public sealed class CtyJsonTests
{
    private static readonly ObjectType Resource = CtyType.Object([
        new("id", CtyType.String),
        new("count", CtyType.Number),
        new("enabled", CtyType.Bool),
        new("tags", CtyType.Map(CtyType.String)),
        new("zones", CtyType.List(CtyType.String)),
        new("ports", CtyType.Set(CtyType.Number)),
        new("pair", CtyType.Tuple(CtyType.String, CtyType.Number)),
        new("extra", CtyType.Dynamic),
    ]);

    private static string Encode(CtyValue v, CtyType t) => Encoding.UTF8.GetString(CtyJson.Encode(v, t));

    private static CtyValue Decode(string json, CtyType t) => CtyJson.Decode(Encoding.UTF8.GetBytes(json), t);

    private static CtyValue Sample(CtyValue extra) => CtyValue.Object(Resource, [
        new("id", CtyValue.String("vm-1")),
        new("count", CtyValue.Number(CtyNumber.Parse("18446744073709551616.5"))),
        new("enabled", CtyValue.Bool(true)),
        new("tags", CtyValue.Map(CtyType.String, [new("z", CtyValue.String("1")), new("a", CtyValue.String("2"))])),
        new("zones", CtyValue.List(CtyType.String, [CtyValue.String("b"), CtyValue.String("a")])),
        new("ports", CtyValue.Set(CtyType.Number, [CtyValue.Number(443), CtyValue.Number(80)])),
        new("pair", CtyValue.Tuple((TupleType)CtyType.Tuple(CtyType.String, CtyType.Number), [CtyValue.String("p"), CtyValue.Number(CtyNumber.Parse("0.1"))])),
        new("extra", extra),
    ]);

    [Fact]
    public void GoldenObject()
    {
        const string expected =
            "{\"count\":18446744073709551616.5,\"enabled\":true,\"extra\":{\"value\":[\"x\"],\"type\":[\"list\",\"string\"]}," +
            "\"id\":\"vm-1\",\"pair\":[\"p\",0.1],\"ports\":[80,443],\"tags\":{\"a\":\"2\",\"z\":\"1\"},\"zones\":[\"b\",\"a\"]}";
        var value = Sample(CtyValue.List(CtyType.String, [CtyValue.String("x")]));
        Assert.Equal(expected, Encode(value, Resource));
        Assert.Equal(value, Decode(expected, Resource));
    }

    [Fact]
    public void NullsAndDynamicNull()
    {
        var type = CtyType.Object([new("a", CtyType.String), new("d", CtyType.Dynamic), new("l", CtyType.List(CtyType.Bool))]);
        var value = CtyValue.Object(type, [new("a", CtyValue.Null(CtyType.String)), new("d", CtyValue.Null(CtyType.Dynamic)), new("l", CtyValue.Null(CtyType.List(CtyType.Bool)))]);
        Assert.Equal("{\"a\":null,\"d\":null,\"l\":null}", Encode(value, type));
        Assert.Equal(value, Decode("{\"a\":null,\"d\":null,\"l\":null}", type));
        Assert.Equal("{\"value\":null,\"type\":\"string\"}", Encode(CtyValue.Null(CtyType.String), CtyType.Dynamic));
        Assert.Equal("null", Encode(CtyValue.Null(CtyType.Dynamic), CtyType.Dynamic));
    }

    [Fact]
    public void AbsentAttributesDecodeAsNull()
    {
        var value = Decode("{\"id\":\"x\"}", Resource);
        Assert.Equal("x", value["id"].AsString());
        Assert.True(value["count"].IsNull);
        Assert.True(value["extra"].IsNull);
        Assert.Equal(CtyType.Map(CtyType.String), value["tags"].Type);
    }

    [Fact]
    public void UnknownAttributesAreAnErrorUnlessIgnored()
    {
        var nested = CtyType.Object([new("inner", CtyType.Object([new("a", CtyType.String)]))]);
        const string json = "{\"inner\":{\"a\":\"x\",\"old\":{\"deep\":[1,2]}},\"gone\":true}";
        var ex = Assert.Throws<CtyDecodeException>(() => Decode(json, nested));
        Assert.Equal(".inner: unsupported attribute \"old\"", ex.Message);
        var value = CtyJson.Decode(Encoding.UTF8.GetBytes(json), nested, ignoreUnknownAttributes: true);
        Assert.Equal("x", value["inner"]["a"].AsString());
    }

    [Fact]
    public void StringEscapingMatchesGo()
    {
        var s = "<a&b>\"\\\n\r\t\b\f\u0001\u001f\u007f\u2028\u2029é😀";
        const string expected = "\"\\u003ca\\u0026b\\u003e\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f\u007f\\u2028\\u2029é😀\"";
        Assert.Equal(expected, Encode(CtyValue.String(s), CtyType.String));
        Assert.Equal(s, Decode(expected, CtyType.String).AsString());
    }

    [Fact]
    public void NumbersKeepFullPrecision()
    {
        foreach (var text in new[] { "0", "-1", "0.1", "123456789012345678901234567890.000000000000000000001", "-9223372036854775808" })
        {
            var v = CtyValue.Number(CtyNumber.Parse(text));
            Assert.Equal(text, Encode(v, CtyType.Number));
            Assert.Equal(v, Decode(text, CtyType.Number));
        }

        Assert.Equal(CtyValue.Number(1000), Decode("1e3", CtyType.Number));
        Assert.Equal(CtyValue.Number(12), Decode("\"12\"", CtyType.Number));
        Assert.Throws<ArgumentException>(() => CtyJson.Encode(CtyValue.Number(CtyNumber.PositiveInfinity), CtyType.Number));
    }

    [Fact]
    public void DynamicAcceptsTypeBeforeValue()
    {
        var v = Decode("{ \"type\" : [\"map\",\"number\"], \"value\" : {\"a\": 1} }", CtyType.Dynamic);
        Assert.Equal(CtyType.Map(CtyType.Number), v.Type);
        Assert.Equal(CtyValue.Number(1), v["a"]);
    }

    [Fact]
    public void UnknownCannotBeEncoded()
    {
        var ex = Assert.Throws<ArgumentException>(() => CtyJson.Encode(Sample(CtyValue.Unknown(CtyType.Dynamic)), Resource));
        Assert.StartsWith(".extra: value is not known", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeErrorsNamePath()
    {
        Assert.Equal(".zones[1]: string required", Assert.Throws<CtyDecodeException>(() => Decode("{\"zones\":[\"a\",[]]}", Resource)).Message);
        Assert.Equal(".tags[\"k\"]: string required", Assert.Throws<CtyDecodeException>(() => Decode("{\"tags\":{\"k\":{}}}", Resource)).Message);
        Assert.Equal(".count: number required", Assert.Throws<CtyDecodeException>(() => Decode("{\"count\":\"many\"}", Resource)).Message);
        Assert.Equal(".pair: a tuple of length 2 is required (1 given)", Assert.Throws<CtyDecodeException>(() => Decode("{\"pair\":[\"a\"]}", Resource)).Message);
        Assert.StartsWith(".extra: dynamic value type", Assert.Throws<CtyDecodeException>(() => Decode("{\"extra\":{\"value\":1,\"type\":\"nope\"}}", Resource)).Message, StringComparison.Ordinal);
        Assert.StartsWith("malformed JSON", Assert.Throws<CtyDecodeException>(() => Decode("{\"id\":", Resource)).Message, StringComparison.Ordinal);
        Assert.StartsWith("malformed JSON", Assert.Throws<CtyDecodeException>(() => Decode("1 2", CtyType.Number)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StringAcceptsScalarsLikeGoCty()
    {
        Assert.Equal("12.5", Decode("12.5", CtyType.String).AsString());
        Assert.Equal("true", Decode("true", CtyType.String).AsString());
    }
}
