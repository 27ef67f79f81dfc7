using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;

namespace Nutanix.Capi.Tests;

public sealed class YamlJsonTests
{
    [Fact]
    public void ResolvesScalarsLikeKubernetes()
    {
        var node = YamlJson.ReadDocument("""
            a: true
            b: "true"
            c: 42
            d: '42'
            e: 1.5
            f: null
            g: ~
            h:
            i: yes
            j: off
            k: 0x1F
            l: 0755
            m: 123456789012345678901234567890
            nn: 18446744073709551615
            o: hello world
            p: 1e3
            q: !!str 12
            r: -7
            s: 2024-01-02
            """)!.AsObject();
        Assert.Equal(JsonValueKind.True, node["a"]!.GetValueKind());
        Assert.Equal("true", node["b"]!.GetValue<string>());
        Assert.Equal(42L, node["c"]!.GetValue<long>());
        Assert.Equal("42", node["d"]!.GetValue<string>());
        Assert.Equal(1.5, node["e"]!.GetValue<double>());
        Assert.True(node.ContainsKey("f") && node["f"] is null);
        Assert.Null(node["g"]);
        Assert.True(node.ContainsKey("h") && node["h"] is null);
        Assert.Equal(JsonValueKind.True, node["i"]!.GetValueKind());
        Assert.Equal(JsonValueKind.False, node["j"]!.GetValueKind());
        Assert.Equal(31L, node["k"]!.GetValue<long>());
        Assert.Equal(493L, node["l"]!.GetValue<long>());
        Assert.Equal("123456789012345678901234567890", node["m"]!.ToJsonString());
        Assert.Equal("18446744073709551615", node["nn"]!.ToJsonString());
        Assert.Equal("hello world", node["o"]!.GetValue<string>());
        Assert.Equal(1000.0, node["p"]!.GetValue<double>());
        Assert.Equal("12", node["q"]!.GetValue<string>());
        Assert.Equal(-7L, node["r"]!.GetValue<long>());
        Assert.Equal("2024-01-02", node["s"]!.GetValue<string>());
    }

    [Fact]
    public void ReadsMultipleDocumentsSkippingEmptyOnes()
    {
        var docs = YamlJson.ReadDocuments("---\na: 1\n---\n---\n- x\n- y\n---\nnull\n---\n");
        Assert.Equal(3, docs.Count);
        Assert.Equal(1L, docs[0]!["a"]!.GetValue<long>());
        Assert.Equal("[\"x\",true]", docs[1]!.ToJsonString()); // go-yaml v2 reads y as a bool
        Assert.Null(docs[2]);
        Assert.Empty(YamlJson.ReadDocuments(""));
    }

    [Fact]
    public void ResolvesAnchorsAliasesAndMergeKeys()
    {
        var node = YamlJson.ReadDocument("""
            base: &b
              cpu: 2
              mem: 4Gi
            copy: *b
            merged:
              <<: *b
              cpu: 4
            list: [&x foo, *x]
            """)!;
        Assert.Equal("{\"cpu\":2,\"mem\":\"4Gi\"}", node["copy"]!.ToJsonString());
        Assert.Equal("{\"cpu\":4,\"mem\":\"4Gi\"}", node["merged"]!.ToJsonString());
        Assert.Equal("[\"foo\",\"foo\"]", node["list"]!.ToJsonString());
        // aliases are independent copies
        node["copy"]!["cpu"] = 9;
        Assert.Equal(2L, node["base"]!["cpu"]!.GetValue<long>());
    }

    [Fact]
    public void RejectsDuplicateKeysAndSyntaxErrorsWithPosition()
    {
        var dup = Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocument("a: 1\nb: 2\na: 3\n"));
        Assert.Contains("mapping key \"a\" already defined", dup.Message, StringComparison.Ordinal);
        Assert.Equal(3, dup.Line);
        Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocuments("a: [1, 2\nb: 3\n"));
        var syntax = Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocuments("x: 1\na: b: c\n"));
        Assert.Equal(2, syntax.Line);
        Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocument("a: 1\n---\nb: 2\n"));
        Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocument("a: .inf\n"));
    }

    [Fact]
    public void WritesKubectlStyleBlockYaml()
    {
        var doc = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "x", ["labels"] = new JsonObject() },
            ["data"] = new JsonObject
            {
                ["num"] = "42",
                ["bool"] = "true",
                ["on"] = "on",
                ["empty"] = "",
                ["colon"] = "a: b",
                ["script"] = "line1\nline2\n",
                ["plain"] = "hello",
                ["date"] = "2024-01-02",
            },
            ["list"] = new JsonArray(1, 2.5, true, null, new JsonObject { ["k"] = "v" }),
            ["none"] = new JsonArray(),
        };
        var text = YamlJson.Write([doc, new JsonObject { ["b"] = 1 }]);
        const string expected = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: x
              labels: {}
            data:
              num: "42"
              bool: "true"
              "on": "on"
              empty: ""
              colon: "a: b"
              script: |
                line1
                line2
              plain: hello
              date: "2024-01-02"
            list:
            - 1
            - 2.5
            - true
            - null
            - k: v
            none: []
            ---
            b: 1

            """;
        Assert.Equal(expected.Replace("\r\n", "\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public void RoundTripsPreservingValues()
    {
        var doc = new JsonObject
        {
            ["s"] = "  leading space",
            ["t"] = "tab\tinside",
            ["multi"] = "no trailing newline\nsecond",
            ["trail"] = "trailing space \nx",
            ["unicode"] = "héllo ✓",
            ["big"] = JsonNode.Parse("123456789012345678901234567890"),
            ["neg"] = -3,
            ["y"] = "y",
            ["hash"] = "#comment",
            ["star"] = "*alias",
            ["nested"] = new JsonObject { ["a"] = new JsonArray(new JsonArray("x")) },
        };
        var back = YamlJson.ReadDocument(YamlJson.Write(doc))!;
        Assert.True(JsonNode.DeepEquals(doc, back), back.ToJsonString());
    }

    [Fact]
    public void SortKeysOrdersOrdinally()
    {
        var text = YamlJson.Write(new JsonObject { ["b"] = 1, ["a"] = 2 }, sortKeys: true);
        Assert.Equal("a: 2\nb: 1\n", text);
    }

    [Fact]
    public void ReadsJsonAndBlockScalars()
    {
        var json = YamlJson.ReadDocument("{\"apiVersion\":\"v1\",\"n\":1.0e+3,\"s\":\"caf\\u00e9\",\"t\":\"true\",\"a\":[null,false],\"o\":{}}")!;
        Assert.Equal("v1", json["apiVersion"]!.GetValue<string>());
        Assert.Equal(1000.0, json["n"]!.GetValue<double>());
        Assert.Equal("café", json["s"]!.GetValue<string>());
        Assert.Equal("true", json["t"]!.GetValue<string>());
        Assert.Equal("[null,false]", json["a"]!.ToJsonString());
        Assert.Equal("{}", json["o"]!.ToJsonString());

        var blocks = YamlJson.ReadDocument("keep: |\n  a\n  b\nstrip: |-\n  a\n  b\nfold: >\n  a\n  b\n# comment\nplain: x # trailing comment\n")!;
        Assert.Equal("a\nb\n", blocks["keep"]!.GetValue<string>());
        Assert.Equal("a\nb", blocks["strip"]!.GetValue<string>());
        Assert.Equal("a b\n", blocks["fold"]!.GetValue<string>());
        Assert.Equal("x", blocks["plain"]!.GetValue<string>());
    }
}
