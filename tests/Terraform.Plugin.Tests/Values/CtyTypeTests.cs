using System.Text;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Values;

public sealed class CtyTypeTests
{
    [Theory]
    [InlineData("\"string\"", "string")]
    [InlineData("\"number\"", "number")]
    [InlineData("\"bool\"", "bool")]
    [InlineData("\"dynamic\"", "dynamic")]
    [InlineData("[\"list\",\"string\"]", "list(string)")]
    [InlineData("[\"set\",\"number\"]", "set(number)")]
    [InlineData("[\"map\",\"dynamic\"]", "map(dynamic)")]
    [InlineData("[\"list\",[\"map\",\"bool\"]]", "list(map(bool))")]
    [InlineData("[\"tuple\",[]]", "tuple([])")]
    [InlineData("[\"tuple\",[\"string\",\"bool\"]]", "tuple([string, bool])")]
    [InlineData("[\"object\",{}]", "object({})")]
    [InlineData("[\"object\",{\"a\":\"string\",\"b\":[\"set\",\"number\"]}]", "object({a=string, b=set(number)})")]
    [InlineData("[\"object\",{\"a\":\"string\",\"b\":\"number\",\"c\":\"bool\"},[\"a\",\"c\"]]", "object({a=optional(string), b=number, c=optional(bool)})")]
    [InlineData("[\"object\",{\"\\u003c\":\"bool\",\"B\":\"string\",\"a\":\"number\"}]", "object({<=bool, B=string, a=number})")]
    public void JsonRoundTripsExactly(string json, string friendly)
    {
        var type = CtyType.FromJson(Encoding.UTF8.GetBytes(json));
        Assert.Equal(friendly, type.ToString());
        Assert.Equal(json, Encoding.UTF8.GetString(type.ToJson()));
        Assert.Equal(type, CtyType.FromJson(type.ToJson()));
        Assert.Equal(type.GetHashCode(), CtyType.FromJson(type.ToJson()).GetHashCode());
    }

    [Fact]
    public void ObjectKeysAreSortedOnWrite()
    {
        var type = CtyType.Object([new("z", CtyType.String), new("a", CtyType.Number)], ["z"]);
        Assert.Equal("[\"object\",{\"a\":\"number\",\"z\":\"string\"},[\"z\"]]", Encoding.UTF8.GetString(type.ToJson()));
        Assert.Equal(["a", "z"], type.AttributeTypes.Keys);
        Assert.Contains("z", type.OptionalAttributes);
    }

    [Fact]
    public void WhitespaceIsTolerated()
    {
        var type = CtyType.FromJson(" [ \"object\" , {\n \"b\" : \"string\" ,\t\"a\":[\"list\" ,\"bool\"] } , [ \"a\" ] ] "u8);
        Assert.Equal(
            CtyType.Object([new("a", CtyType.List(CtyType.Bool)), new("b", CtyType.String)], ["a"]),
            type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("strin")]
    [InlineData("\"strin\"")]
    [InlineData("\"String\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("[\"list\"]")]
    [InlineData("[\"list\",\"string\",\"string\"]")]
    [InlineData("[\"capsule\",\"x\"]")]
    [InlineData("[\"tuple\",\"string\"]")]
    [InlineData("[\"object\",[]]")]
    [InlineData("[\"object\",{\"a\":\"string\"},[\"b\"]]")]
    [InlineData("[\"object\",{\"a\":\"string\"},[\"a\"],[]]")]
    [InlineData("[\"object\",{\"a\":\"string\",\"a\":\"bool\"}]")]
    [InlineData("\"string\" \"string\"")]
    [InlineData("[\"list\",\"string\",]")]
    [InlineData("[1,\"string\"]")]
    public void InvalidJsonIsRejected(string json)
    {
        Assert.Throws<FormatException>(() => CtyType.FromJson(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void StructuralEquality()
    {
        Assert.Equal(CtyType.List(CtyType.String), CtyType.List(CtyType.String));
        Assert.NotEqual(CtyType.List(CtyType.String), CtyType.Set(CtyType.String));
        Assert.NotEqual(CtyType.Map(CtyType.String), CtyType.Map(CtyType.Number));
        Assert.True(CtyType.Tuple(CtyType.String) == CtyType.Tuple(CtyType.String));
        Assert.True(CtyType.Tuple(CtyType.String) != CtyType.Tuple(CtyType.String, CtyType.String));
        var a = CtyType.Object([new("x", CtyType.String)]);
        var b = CtyType.Object([new("x", CtyType.String)]);
        var c = CtyType.Object([new("x", CtyType.String)], ["x"]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(CtyType.Dynamic, CtyType.String);
    }

    [Fact]
    public void ElementTypeOnlyForCollections()
    {
        Assert.Equal(CtyType.String, CtyType.List(CtyType.String).ElementType);
        Assert.Equal(CtyType.Bool, CtyType.Map(CtyType.Bool).ElementType);
        Assert.Throws<InvalidOperationException>(() => CtyType.String.ElementType);
        Assert.Throws<InvalidOperationException>(() => CtyType.Tuple(CtyType.String).ElementType);
    }

    [Fact]
    public void ObjectConstructionValidates()
    {
        Assert.Throws<ArgumentException>(() => CtyType.Object([new("a", CtyType.String), new("a", CtyType.Bool)]));
        Assert.Throws<ArgumentException>(() => CtyType.Object([new("a", CtyType.String)], ["b"]));
    }

    [Fact]
    public void Kinds()
    {
        Assert.Equal(CtyTypeKind.String, CtyType.String.Kind);
        Assert.Equal(CtyTypeKind.Dynamic, CtyType.Dynamic.Kind);
        Assert.Equal(CtyTypeKind.Set, CtyType.Set(CtyType.Bool).Kind);
        Assert.IsType<TupleType>(CtyType.Tuple(CtyType.Bool));
        Assert.True(CtyType.Object([new("a", CtyType.List(CtyType.Dynamic))]).HasDynamic);
        Assert.False(CtyType.Object([new("a", CtyType.List(CtyType.String))]).HasDynamic);
    }
}
