using System.Text.Json.Nodes;
using Kubernetes.Machinery.Schema;

namespace Nutanix.Capi.Tests;

public sealed class CelSubsetTests
{
    private static bool Eval(string rule, string selfJson)
    {
        var compiled = CelSubset.TryCompile(rule, out var error) ?? throw new InvalidOperationException(error);
        return compiled.Evaluate(JsonNode.Parse(selfJson));
    }

    [Theory]
    [InlineData("!(self in ['Ready','Available'])", "\"Ready\"", false)]
    [InlineData("!(self in ['Ready','Available'])", "\"Custom\"", true)]
    [InlineData("self.matches('^(Linux|[0-9A-Fa-f]{8})$')", "\"Linux\"", true)]
    [InlineData("self.matches('^(Linux|[0-9A-Fa-f]{8})$')", "\"NTFSX\"", false)]
    [InlineData("[has(self.layout),has(self.diskLayout)].filter(x,x==true).size() == 1", "{\"layout\":\"a\"}", true)]
    [InlineData("[has(self.layout),has(self.diskLayout)].filter(x,x==true).size() == 1", "{\"layout\":\"a\",\"diskLayout\":{}}", false)]
    [InlineData("!(has(self.failureDomains) && has(self.controlPlaneFailureDomains))", "{\"failureDomains\":[]}", true)]
    [InlineData("self.all(x, self.exists_one(y, x.name == y.name))", "[{\"name\":\"a\"},{\"name\":\"b\"}]", true)]
    [InlineData("self.all(x, self.exists_one(y, x.name == y.name))", "[{\"name\":\"a\"},{\"name\":\"a\"}]", false)]
    [InlineData("size(self.a) > 1 && self.a[0] + 1 == 2 && self.s.startsWith('ab')", "{\"a\":[1,2],\"s\":\"abc\"}", true)]
    [InlineData("self.type == 'uuid' ? has(self.uuid) && self.uuid.contains('-') : !has(self.uuid)", "{\"type\":\"uuid\",\"uuid\":\"a-b\"}", true)]
    [InlineData("self.type == 'uuid' ? has(self.uuid) && self.uuid.contains('-') : !has(self.uuid)", "{\"type\":\"name\",\"uuid\":\"a-b\"}", false)]
    public void EvaluatesSupportedShapes(string rule, string self, bool expected)
    {
        Assert.Equal(expected, Eval(rule, self));
    }

    [Theory]
    [InlineData("self.x.y.z()")]
    [InlineData("oldSelf == self ? 1 : ")]
    [InlineData("self * 2 == 4")]
    public void UnsupportedSyntaxIsNotCompiled(string rule)
    {
        Assert.Null(CelSubset.TryCompile(rule, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void EvaluationErrorsSurface()
    {
        var compiled = CelSubset.TryCompile("self.missing == 1", out _)!;
        Assert.Throws<CelException>(() => compiled.Evaluate(new JsonObject()));
    }

    [Fact]
    public void MissingCrdDirectoryFailsClearly()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => CrdRegistry.LoadDirectory(Path.Combine(Path.GetTempPath(), "no-such-crds-" + Guid.NewGuid())));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }
}
