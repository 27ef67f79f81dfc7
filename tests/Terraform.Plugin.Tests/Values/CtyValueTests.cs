using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Values;

public sealed class CtyValueTests
{
    private static readonly ObjectType Pair = CtyType.Object([new("a", CtyType.String), new("b", CtyType.Number)]);

    [Fact]
    public void Primitives()
    {
        Assert.Equal("x", CtyValue.String("x").AsString());
        Assert.Equal(CtyNumber.FromInt64(3), CtyValue.Number(3).AsNumber());
        Assert.True(CtyValue.Bool(true).AsBool());
        Assert.Equal(42, CtyValue.Number(42).AsInt64());
        Assert.Throws<InvalidOperationException>(() => CtyValue.Number(CtyNumber.Parse("0.5")).AsInt64());
        Assert.Equal(CtyType.String, CtyValue.String("x").Type);
        Assert.Throws<InvalidOperationException>(() => CtyValue.Null(CtyType.String).AsString());
        Assert.Throws<InvalidOperationException>(() => CtyValue.Unknown(CtyType.String).AsString());
        Assert.Throws<InvalidOperationException>(() => CtyValue.Number(1).AsString());
    }

    [Fact]
    public void NullUnknownAndKnownness()
    {
        var u = CtyValue.Unknown(CtyType.String);
        Assert.False(u.IsKnown);
        Assert.False(u.IsNull);
        Assert.False(u.IsWhollyKnown);
        var n = CtyValue.Null(CtyType.String);
        Assert.True(n.IsKnown);
        Assert.True(n.IsNull);
        Assert.True(n.IsWhollyKnown);
        var list = CtyValue.List(CtyType.String, [CtyValue.String("a"), u]);
        Assert.True(list.IsKnown);
        Assert.False(list.IsWhollyKnown);
        Assert.Equal(CtyType.Dynamic, CtyValue.Unknown(CtyType.Dynamic).Type);
        Assert.True(CtyValue.Null(CtyType.Dynamic).IsNull);
    }

    [Fact]
    public void ObjectRequiresExactlyTheTypesAttributes()
    {
        var v = CtyValue.Object(Pair, [new("b", CtyValue.Number(1)), new("a", CtyValue.String("x"))]);
        Assert.Equal("x", v["a"].AsString());
        Assert.Equal(["a", "b"], v.Entries.Keys);
        Assert.Throws<ArgumentException>(() => CtyValue.Object(Pair, [new("a", CtyValue.String("x"))]));
        Assert.Throws<ArgumentException>(() => CtyValue.Object(Pair, [new("a", CtyValue.String("x")), new("b", CtyValue.Number(1)), new("c", CtyValue.Number(1))]));
        Assert.Throws<ArgumentException>(() => CtyValue.Object(Pair, [new("a", CtyValue.Number(1)), new("b", CtyValue.Number(1))]));
        Assert.Throws<ArgumentException>(() => CtyValue.Object(Pair, [new("a", CtyValue.String("x")), new("a", CtyValue.String("y")), new("b", CtyValue.Number(1))]));
        Assert.Throws<KeyNotFoundException>(() => v["zzz"]);
    }

    [Fact]
    public void OptionalAttributesMayBeOmitted()
    {
        var type = CtyType.Object([new("a", CtyType.String), new("b", CtyType.Number)], ["b"]);
        var v = CtyValue.Object(type, [new("a", CtyValue.String("x"))]);
        Assert.True(v["b"].IsNull);
        Assert.Equal(CtyType.Number, v["b"].Type);
    }

    [Fact]
    public void DynamicNullAndUnknownAreRetypedInTypedPositions()
    {
        var v = CtyValue.Object(Pair, [new("a", CtyValue.Null(CtyType.Dynamic)), new("b", CtyValue.Unknown(CtyType.Dynamic))]);
        Assert.Equal(CtyType.String, v["a"].Type);
        Assert.Equal(CtyType.Number, v["b"].Type);
        Assert.False(v["b"].IsKnown);
    }

    [Fact]
    public void CollectionsCheckElementTypes()
    {
        Assert.Throws<ArgumentException>(() => CtyValue.List(CtyType.String, [CtyValue.Number(1)]));
        Assert.Throws<ArgumentException>(() => CtyValue.Map(CtyType.String, [new("k", CtyValue.Bool(true))]));
        Assert.Throws<ArgumentException>(() => CtyValue.Map(CtyType.String, [new("k", CtyValue.String("a")), new("k", CtyValue.String("b"))]));
        var anyList = CtyValue.List(CtyType.Dynamic, [CtyValue.Number(1), CtyValue.String("x")]);
        Assert.Equal(CtyType.List(CtyType.Dynamic), anyList.Type);
        Assert.Equal(2, anyList.Count);
    }

    [Fact]
    public void SetsDeduplicateAndCompareUnordered()
    {
        var a = CtyValue.Set(CtyType.String, [CtyValue.String("x"), CtyValue.String("y"), CtyValue.String("x")]);
        var b = CtyValue.Set(CtyType.String, [CtyValue.String("y"), CtyValue.String("x")]);
        Assert.Equal(2, a.Elements.Count);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());

        var inner = CtyType.List(CtyType.Number);
        var s1 = CtyValue.Set(inner, [CtyValue.List(CtyType.Number, [CtyValue.Number(1)]), CtyValue.List(CtyType.Number, [CtyValue.Number(2)])]);
        var s2 = CtyValue.Set(inner, [CtyValue.List(CtyType.Number, [CtyValue.Number(2)]), CtyValue.List(CtyType.Number, [CtyValue.Number(1)])]);
        Assert.Equal(s1, s2);
        Assert.Equal(s1.GetHashCode(), s2.GetHashCode());

        // Unknown elements are never collapsed (cty: two unknowns are not known to be equal).
        var withUnknowns = CtyValue.Set(CtyType.String, [CtyValue.Unknown(CtyType.String), CtyValue.Unknown(CtyType.String), CtyValue.String("a")]);
        Assert.Equal(3, withUnknowns.Elements.Count);
        Assert.Equal("a", withUnknowns.Elements[0].AsString());
    }

    [Fact]
    public void EqualityIsStructuralAndIgnoresSensitivity()
    {
        var x = CtyValue.Object(Pair, [new("a", CtyValue.String("x")), new("b", CtyValue.Number(1))]);
        var y = CtyValue.Object(CtyType.Object([new("b", CtyType.Number), new("a", CtyType.String)]), [new("a", CtyValue.String("x")), new("b", CtyValue.Number(CtyNumber.Parse("1.0")))]);
        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.Equal(x, y.WithSensitive());
        Assert.NotEqual(x, x.WithAttribute("b", CtyValue.Number(2)));
        Assert.NotEqual(CtyValue.Null(CtyType.String), CtyValue.Unknown(CtyType.String));
        Assert.NotEqual(CtyValue.Null(CtyType.String), CtyValue.Null(CtyType.Number));
        Assert.Equal(CtyValue.Unknown(CtyType.String), CtyValue.Unknown(CtyType.String));
        Assert.NotEqual(CtyValue.List(CtyType.String, []), CtyValue.Set(CtyType.String, []));
        Assert.NotEqual(CtyValue.List(CtyType.Number, [CtyValue.Number(1), CtyValue.Number(2)]), CtyValue.List(CtyType.Number, [CtyValue.Number(2), CtyValue.Number(1)]));
    }

    [Fact]
    public void SensitiveMark()
    {
        var s = CtyValue.String("secret").WithSensitive();
        Assert.True(s.IsSensitive);
        Assert.False(s.WithSensitive(false).IsSensitive);
        Assert.Equal("(sensitive)", s.ToString());
        Assert.Equal("a1 78", Hex.Format(CtyMsgPack.Encode(CtyValue.String("x").WithSensitive(), CtyType.String)));
    }

    [Fact]
    public void WithAttributeReplacesOne()
    {
        var x = CtyValue.Object(Pair, [new("a", CtyValue.String("x")), new("b", CtyValue.Number(1))]);
        var y = x.WithAttribute("a", CtyValue.String("z"));
        Assert.Equal("z", y["a"].AsString());
        Assert.Equal("x", x["a"].AsString());
        Assert.Equal(x["b"], y["b"]);
        Assert.Throws<ArgumentException>(() => x.WithAttribute("c", CtyValue.String("z")));
        Assert.Throws<ArgumentException>(() => x.WithAttribute("a", CtyValue.Bool(true)));
        Assert.Throws<InvalidOperationException>(() => CtyValue.String("x").WithAttribute("a", CtyValue.String("z")));
    }

    [Fact]
    public void MapsAndTuples()
    {
        var m = CtyValue.Map(CtyType.Number, [new("b", CtyValue.Number(2)), new("a", CtyValue.Number(1))]);
        Assert.Equal(["a", "b"], m.Entries.Keys);
        Assert.True(m.TryGetValue("b", out var b));
        Assert.Equal(CtyValue.Number(2), b);
        Assert.False(m.TryGetValue("c", out _));
        var t = CtyValue.Tuple([CtyValue.String("a"), CtyValue.Bool(false)]);
        Assert.Equal(CtyType.Tuple(CtyType.String, CtyType.Bool), t.Type);
        Assert.Throws<ArgumentException>(() => CtyValue.Tuple((TupleType)CtyType.Tuple(CtyType.String), []));
        Assert.Throws<InvalidOperationException>(() => t.Entries);
        Assert.Throws<InvalidOperationException>(() => m.Elements);
    }

    [Fact]
    public void InferredObject()
    {
        var v = CtyValue.Object([new("n", CtyValue.Number(1)), new("s", CtyValue.String("x"))]);
        Assert.Equal(CtyType.Object([new("n", CtyType.Number), new("s", CtyType.String)]), v.Type);
    }

    [Fact]
    public void ToStringIsReadable()
    {
        var x = CtyValue.Object(Pair, [new("a", CtyValue.String("x")), new("b", CtyValue.Unknown(CtyType.Number))]);
        Assert.Equal("{a = \"x\", b = (unknown number)}", x.ToString());
    }
}
