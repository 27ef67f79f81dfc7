using System.Text.Json.Nodes;
using Kubernetes.Machinery.Schema;

namespace Nutanix.Capi.Tests;

public sealed class SimpleJsonPathTests
{
    private static readonly JsonNode Obj = JsonNode.Parse("""
        {"metadata":{"name":"m","labels":{"cluster.x-k8s.io/cluster-name":"demo"},"creationTimestamp":"2026-01-01T00:00:00Z"},
         "spec":{"replicas":3,"clusterName":"demo"},
         "status":{"ready":true,"replicas":2,"conditions":[{"type":"Paused","status":"False"},{"type":"Available","status":"True"}],
                   "addresses":[{"type":"Hostname","address":"h"},{"type":"InternalIP","address":"10.0.0.5"}]}}
        """)!;

    [Theory]
    [InlineData(".spec.clusterName", "\"demo\"")]
    [InlineData(".metadata.labels['cluster\\.x-k8s\\.io/cluster-name']", "\"demo\"")]
    [InlineData(".status.conditions[?(@.type==\"Available\")].status", "\"True\"")]
    [InlineData(".status.addresses[?(@.type==\"InternalIP\")].address", "\"10.0.0.5\"")]
    [InlineData("{.status.conditions[0].type}", "\"Paused\"")]
    [InlineData(".status.conditions[-1].type", "\"Available\"")]
    [InlineData(".status.conditions[*].type", "\"Paused\",\"Available\"")]
    [InlineData(".status.conditions[?(@.type!=\"Paused\")].type", "\"Available\"")]
    [InlineData(".status.missing", "")]
    public void EvaluatesPrinterColumnPaths(string path, string expected)
    {
        Assert.Equal(expected, string.Join(",", SimpleJsonPath.Evaluate(Obj, path).Select(n => n?.ToJsonString())));
    }

    [Fact]
    public void PrinterCellsFollowColumnTypes()
    {
        Assert.Equal("3", SimpleJsonPath.PrinterCell(Obj, new CrdPrinterColumn("Desired", "integer", null, null, 0, ".spec.replicas"))!.ToJsonString());
        Assert.Equal("true", SimpleJsonPath.PrinterCell(Obj, new CrdPrinterColumn("Ready", "boolean", null, null, 0, ".status.ready"))!.ToJsonString());
        Assert.Equal("\"2026-01-01T00:00:00Z\"", SimpleJsonPath.PrinterCell(Obj, new CrdPrinterColumn("Age", "date", null, null, 0, ".metadata.creationTimestamp"))!.ToJsonString());
        Assert.Equal("\"2\"", SimpleJsonPath.PrinterCell(Obj, new CrdPrinterColumn("R", "string", null, null, 0, ".status.replicas"))!.ToJsonString());
        Assert.Null(SimpleJsonPath.PrinterCell(Obj, new CrdPrinterColumn("X", "integer", null, null, 0, ".spec.clusterName")));
        Assert.Null(SimpleJsonPath.PrinterCell(Obj, new CrdPrinterColumn("Y", "string", null, null, 0, ".status.nodeRef.name")));
    }

    [Fact]
    public void EveryPrinterColumnOfTheCrdsParses()
    {
        var columns = CrdFixture.Registry.Definitions.SelectMany(d => d.Versions).SelectMany(v => v.PrinterColumns).ToList();
        Assert.True(columns.Count > 50);
        foreach (var column in columns)
        {
            SimpleJsonPath.Evaluate(Obj, column.JsonPath);
        }
    }
}
