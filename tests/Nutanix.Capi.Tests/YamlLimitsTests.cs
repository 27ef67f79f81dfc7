using System.Text;
using Kubernetes.Machinery.Yaml;

namespace Nutanix.Capi.Tests;

/// <summary>Hostile YAML is an error with a position, never memory exhaustion or a stack overflow.</summary>
public sealed class YamlLimitsTests
{
    /// <summary>The classic "billion laughs": nine levels of ten aliases each, 10^9 strings once expanded.</summary>
    private static string BillionLaughs()
    {
        var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            sb.Append(level).Append(": &").Append(level).Append(" [");
            sb.Append(string.Join(",", Enumerable.Repeat("*" + previous, 9)));
            sb.Append("]\n");
        }

        return sb.ToString();
    }

    [Fact]
    public void BillionLaughsIsRefusedWithTheAliasBudget()
    {
        var ex = Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocuments(BillionLaughs()));
        Assert.Contains("aliases expand to more than 100000 nodes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("aliases expand", ex.Detail, StringComparison.Ordinal);
        Assert.True(ex.Line > 1, ex.Message);
    }

    [Fact]
    public void OrdinaryAliasesAndMergeKeysStillWork()
    {
        var doc = YamlJson.ReadDocument("""
            base: &base {image: nginx, replicas: 2}
            web:
              <<: *base
              replicas: 3
            copy: *base
            """)!;
        Assert.Equal(3L, (long)doc["web"]!["replicas"]!);
        Assert.Equal("nginx", (string?)doc["copy"]!["image"]);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void HundredThousandNestedFlowCollectionsAreRefused(string open, string close)
    {
        const int depth = 100_000;
        var text = string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth));
        var ex = Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocuments(text));
        Assert.Contains("nesting deeper than 128 levels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepBlockNestingIsRefused()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 2_000; i++) sb.Append(' ', i).Append("k:\n");
        sb.Append(' ', 2_000).Append("v\n");
        var ex = Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocuments(sb.ToString()));
        Assert.Contains("nesting deeper than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingUpToTheLimitIsAccepted()
    {
        const int depth = YamlReadLimits.DefaultMaxDepth;
        var text = string.Concat(Enumerable.Repeat("[", depth)) + "1" + string.Concat(Enumerable.Repeat("]", depth));
        var node = YamlJson.ReadDocument(text);
        for (var i = 0; i < depth; i++) node = node![0];
        Assert.Equal(1L, (long)node!);
    }

    [Fact]
    public void TheDetailNeverQuotesTheDocument()
    {
        var ex = Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocuments("password: hunter2\npassword: hunter3\n"));
        Assert.Contains("password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("password", ex.Detail, StringComparison.Ordinal);
        Assert.Equal("duplicate mapping key", ex.Detail);
        var bad = Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocuments("flag: !!bool s3cret-value\n"));
        Assert.DoesNotContain("s3cret", bad.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomLimitsApply()
    {
        Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocument("a: [[1]]", new YamlReadLimits(MaxDepth: 2)));
        Assert.Throws<YamlJsonException>(() => YamlJson.ReadDocument("a: &x [1, 2, 3]\nb: *x\n", new YamlReadLimits(MaxAliasNodes: 3)));
        Assert.NotNull(YamlJson.ReadDocument("a: &x [1, 2, 3]\nb: *x\n", new YamlReadLimits(MaxAliasNodes: 4)));
    }
}
