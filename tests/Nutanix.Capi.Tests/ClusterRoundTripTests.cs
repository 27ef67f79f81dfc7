using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Tests;

/// <summary>
/// The renderer and the reader are inverses: for seeded random specs (<see cref="SpecGenerator"/>), rendering, passing
/// the objects through YAML as an API server would return them, and reading them back gives the spec again, field by
/// field (credentials excepted: they are never read back). Plus the validator's paths.
/// </summary>
public sealed class ClusterRoundTripTests
{
    /// <summary>The rendered objects as a read of the management cluster bundles them.</summary>
    internal static LiveCluster LiveOf(RenderedCluster rendered) =>
        TestSupport.Capi.LiveClusters.Bundle(YamlJson.ReadDocuments(rendered.ToYaml()).Cast<JsonObject>().ToList());

    [Fact]
    public void RenderThenRead_GivesTheSpecBack_ForGeneratedSpecs()
    {
        var checkedSpecs = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            var spec = new SpecGenerator(seed).Next();
            Assert.True(ClusterSpecValidator.Validate(spec).Count == 0, $"seed {seed}: the generator made an invalid spec: {string.Join("; ", ClusterSpecValidator.Validate(spec))}");
            var read = ClusterReader.Read(LiveOf(ClusterRenderer.Render(spec)));

            Assert.Empty(read.MissingMachines);
            var differences = new List<string>();
            Compare("spec", spec with { Credentials = PrismCredentials.NotRead }, read.Spec, differences);
            Assert.True(differences.Count == 0, $"seed {seed}: read back differently:\n{string.Join("\n", differences)}");
            checkedSpecs++;
        }

        Assert.Equal(400, checkedSpecs);
    }

    [Fact]
    public void Generator_CoversEveryOptionalPart()
    {
        var specs = Enumerable.Range(0, 400).Select(seed => new SpecGenerator(seed).Next()).ToList();
        Assert.Contains(specs, s => s.WorkerPools.Any(p => p.Autoscaling is not null));
        Assert.Contains(specs, s => s.WorkerPools.Any(p => p.Replicas is not null));
        Assert.Contains(specs, s => s.MachineHealthCheck is null);
        Assert.Contains(specs, s => s.MachineHealthCheck == MachineHealthCheckSpec.Default);
        Assert.Contains(specs, s => s.MachineHealthCheck is { } m && m != MachineHealthCheckSpec.Default && m.NodeStartupTimeout is null);
        Assert.Contains(specs, s => s.WorkerPools.Any(p => p.NodeLabels.Keys.Any(NodeLabelPolicy.IsCapiSynced) && p.NodeLabels.Keys.Any(k => !NodeLabelPolicy.IsCapiSynced(k))));
        Assert.Contains(specs, s => s.ControlPlane.Machine.ImageLookup is { Format: null });
        Assert.Contains(specs, s => s.ControlPlane.Machine.DataDisks.Any(d => d.DeviceIndex is null));
        Assert.Contains(specs, s => s.Addons.Any(a => a.Reconcile) && s.PrismCentral.AdditionalTrustBundle is not null);
        Assert.Contains(specs, s => s.WorkerPools.Count == 0);
    }

    [Fact]
    public void Read_SaysWhichMachineShapesAreGone()
    {
        var spec = new SpecGenerator(7).Next() with { WorkerPools = [] };
        var rendered = ClusterRenderer.Render(spec with
        {
            WorkerPools = [new WorkerPoolSpec { Name = "workers", Replicas = 2, Machine = spec.ControlPlane.Machine }],
        });
        var live = LiveOf(rendered);
        live = new LiveCluster
        {
            Cluster = live.Cluster,
            NutanixCluster = live.NutanixCluster,
            ControlPlane = live.ControlPlane,
            MachineDeployments = live.MachineDeployments,
            BootstrapTemplates = live.BootstrapTemplates,
            MachineTemplates = new Dictionary<string, JsonObject>(),
        };

        var read = ClusterReader.Read(live);

        Assert.Equal([ReadCluster.ControlPlaneMachine, "workers"], read.MissingMachines.Order(StringComparer.Ordinal));
        Assert.Equal(2, Assert.Single(read.Spec.WorkerPools).Replicas);
    }

    [Fact]
    public void Validator_ReportsEveryErrorWithItsPath()
    {
        var spec = new SpecGenerator(3).Next();
        var pool = new WorkerPoolSpec
        {
            Name = "gpu",
            Replicas = 2,
            Autoscaling = new AutoscalingSpec(3, 1),
            Machine = spec.ControlPlane.Machine with { Memory = Quantity.Parse("1Gi") },
            Taints = [new NodeTaint("a", null, "Sometimes")],
            NodeLabels = new Dictionary<string, string> { ["example.kubernetes.io/x"] = "y" },
        };
        var bad = spec with
        {
            WorkerPools = [pool],
            MachineHealthCheck = new MachineHealthCheckSpec { MaxUnhealthy = "140%", UnhealthyNodeConditions = [new("Ready", "Maybe", "5 minutes")] },
        };

        var errors = ClusterSpecValidator.Validate(bad).Select(e => e.Path.ToString()).ToList();

        Assert.Equal(
        [
            "workerPools[\"gpu\"].autoscaling",
            "workerPools[\"gpu\"].replicas",
            "workerPools[\"gpu\"].taints[0].effect",
            "workerPools[\"gpu\"].nodeLabels[\"example.kubernetes.io/x\"]",
            "workerPools[\"gpu\"].machine.memory",
            "machineHealthCheck.maxUnhealthy",
            "machineHealthCheck.unhealthyNodeConditions[0].status",
            "machineHealthCheck.unhealthyNodeConditions[0].timeout",
        ], errors);
        Assert.Throws<ArgumentException>(() => ClusterRenderer.Render(bad));
    }

    [Fact]
    public void Autoscaling_IsRenderedAsTheNodeGroupSizeAnnotations_WithoutReplicas()
    {
        var spec = new SpecGenerator(11).Next() with { WorkerPools = [] };
        var rendered = ClusterRenderer.Render(spec with
        {
            WorkerPools = [new WorkerPoolSpec { Name = "auto", Autoscaling = new AutoscalingSpec(2, 7), Machine = spec.ControlPlane.Machine }],
        });

        var md = rendered.Find("MachineDeployment", spec.Name + "-auto")!;
        Assert.Null(md["spec"]!["replicas"]);
        Assert.Equal("2", (string?)md["metadata"]!["annotations"]!["cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size"]);
        Assert.Equal("7", (string?)md["metadata"]!["annotations"]!["cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"]);
    }

    [Fact]
    public void HealthCheck_CountIsAnInteger_PercentageAString()
    {
        var spec = new SpecGenerator(5).Next();
        var count = ClusterRenderer.Render(spec with { MachineHealthCheck = MachineHealthCheckSpec.Default with { MaxUnhealthy = "2", NodeStartupTimeout = null } })
            .Find("MachineHealthCheck", spec.Name + "-mhc")!;
        Assert.Equal(2, count["spec"]!["maxUnhealthy"]!.GetValue<int>());
        Assert.Null(count["spec"]!["nodeStartupTimeout"]);
        var percent = ClusterRenderer.Render(spec with { MachineHealthCheck = MachineHealthCheckSpec.Default }).Find("MachineHealthCheck", spec.Name + "-mhc")!;
        Assert.Equal("40%", percent["spec"]!["maxUnhealthy"]!.GetValue<string>());
        Assert.Equal("10m", percent["spec"]!["nodeStartupTimeout"]!.GetValue<string>());
    }

    /// <summary>Structural comparison of spec records: properties recursively, lists element-wise, dictionaries by key.</summary>
    private static void Compare(string path, object? expected, object? actual, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null) differences.Add($"{path}: expected {expected ?? "null"}, read {actual ?? "null"}");
            return;
        }

        switch (expected)
        {
            case string or int or long or bool or Enum or Quantity:
                if (!expected.Equals(actual)) differences.Add($"{path}: expected {expected}, read {actual}");
                return;
            case IDictionary dictionary:
            {
                var other = (IDictionary)actual;
                var keys = dictionary.Keys.Cast<object>().Select(k => k.ToString()!).Order(StringComparer.Ordinal).ToList();
                var otherKeys = other.Keys.Cast<object>().Select(k => k.ToString()!).Order(StringComparer.Ordinal).ToList();
                if (!keys.SequenceEqual(otherKeys)) differences.Add($"{path}: keys [{string.Join(",", keys)}] read as [{string.Join(",", otherKeys)}]");
                else foreach (var key in keys) Compare($"{path}[{key}]", dictionary[key], other[key], differences);
                return;
            }

            case IEnumerable list:
            {
                var a = list.Cast<object?>().ToList();
                var b = ((IEnumerable)actual).Cast<object?>().ToList();
                if (a.Count != b.Count) differences.Add($"{path}: {a.Count} elements read as {b.Count}");
                else for (var i = 0; i < a.Count; i++) Compare(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), a[i], b[i], differences);
                return;
            }
        }

        var type = expected.GetType();
        if (type != actual.GetType())
        {
            differences.Add($"{path}: {type.Name} read as {actual.GetType().Name}");
            return;
        }

        if (type == typeof(PrismCredentials))
        {
            if (!ReferenceEquals(expected, actual)) differences.Add($"{path}: credentials differ");
            return;
        }

        foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            Compare($"{path}.{property.Name}", property.GetValue(expected), property.GetValue(actual), differences);
        }
    }
}
