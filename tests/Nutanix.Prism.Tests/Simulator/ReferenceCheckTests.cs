using System.Net;
using Nutanix.Prism.Models;
using Nutanix.Prism.Tests.Fakes;
using TestSupport.Simulator;

namespace Nutanix.Prism.Tests.Simulator;

/// <summary>
/// nutanix-sim with real Prism Central shapes CAPX meets in the field: an overlay (VPC) subnet with no cluster, names in
/// mixed case, two images differing only by case, and a Prism Element too old for CAPX v1.10.
/// </summary>
public sealed class ReferenceCheckFixture : IAsyncLifetime
{
    public const string Inventory = """
        {
          "prism_central": { "name": "sim-pc" },
          "clusters": [ { "name": "PE-Alpha", "aos_version": "7.5" }, { "name": "pe-old", "aos_version": "6.10.1.6" } ],
          "vpcs": [ { "name": "VPC-A" } ],
          "subnets": [
            { "name": "vlan-10", "cluster": "PE-Alpha", "vlan_id": 10, "subnet_ip": "10.10.10.0", "prefix_length": 24, "pool": [ "10.10.10.50 10.10.10.99" ] },
            { "name": "vlan-20", "cluster": "pe-old", "vlan_id": 20, "subnet_ip": "10.10.20.0", "prefix_length": 24, "pool": [ "10.10.20.50 10.10.20.99" ] },
            { "name": "Overlay-Net", "vpc": "VPC-A", "subnet_ip": "192.168.10.0", "prefix_length": 24, "pool": [ "192.168.10.10 192.168.10.99" ] }
          ],
          "images": [
            { "name": "Ubuntu-K8s", "source_uri": "https://images.example.invalid/u.qcow2" },
            { "name": "Flatcar", "source_uri": "https://images.example.invalid/F.qcow2" },
            { "name": "flatcar", "source_uri": "https://images.example.invalid/f.qcow2" }
          ]
        }
        """;

    private SimulatorProcess? _sim;

    public SimulatorProcess Sim => _sim ?? throw new InvalidOperationException("simulator not started");

    public async Task InitializeAsync() =>
        _sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { InventoryJson = Inventory, PrismCentralVersion = "pc.7.5" });

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }
    }
}

public sealed class ReferenceCheckTests(ReferenceCheckFixture fixture) : IClassFixture<ReferenceCheckFixture>
{
    private const string Capx = "v1.10.3";

    [Fact]
    public async Task An_overlay_subnet_has_no_cluster_and_is_accepted_whatever_the_prism_element()
    {
        using var client = new PrismCentralClient(SimOptions.For(fixture.Sim));

        var overlay = Assert.Single(await client.FindSubnetsByNameAsync("Overlay-Net", cancellationToken: TestTimeout.Token));
        Assert.Equal("OVERLAY", overlay.Resources!.SubnetType);
        Assert.Null(overlay.ClusterReference);
        Assert.Equal("VPC-A", overlay.Resources.VpcReference!.Name);
        Assert.Equal("vpc", overlay.Resources.VpcReference.Kind);

        Assert.Empty(await Check(client, new("PE-Alpha", ["Overlay-Net", "vlan-10"], "Ubuntu-K8s")));
        Assert.Empty(await Check(client, new("PE-Alpha", [overlay.Uuid], "Ubuntu-K8s")));
        // A VLAN subnet of another Prism Element is still refused.
        var problem = Assert.Single(await Check(client, new("PE-Alpha", ["Overlay-Net", "vlan-20"], "Ubuntu-K8s")));
        Assert.Equal((PrismReferenceKind.Subnet, 1, "Subnet not found"), (problem.Kind, problem.Index, problem.Summary));
        Assert.Contains("an overlay/VPC subnet", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prism_element_and_image_names_match_ignoring_case_as_CAPX_does_subnet_names_exactly()
    {
        using var client = new PrismCentralClient(SimOptions.For(fixture.Sim));

        Assert.Empty(await Check(client, new("pe-alpha", ["vlan-10"], "UBUNTU-K8S")));
        Assert.Equal("PE-Alpha", Assert.Single(await client.FindPrismElementClustersByNameAsync("pE-aLPHA", TestTimeout.Token)).Name);

        var subnet = Assert.Single(await Check(client, new("PE-Alpha", ["overlay-net"], "Ubuntu-K8s")));
        Assert.Equal("Subnet not found", subnet.Summary);
    }

    [Fact]
    public async Task Two_images_differing_only_by_case_are_ambiguous()
    {
        using var client = new PrismCentralClient(SimOptions.For(fixture.Sim));

        var problem = Assert.Single(await Check(client, new("PE-Alpha", ["vlan-10"], "flatcar")));

        Assert.Equal(PrismReferenceKind.Image, problem.Kind);
        Assert.Equal("Ambiguous image", problem.Summary);
        Assert.Contains("2 images are named \"flatcar\" ignoring case, as CAPX compares names (\"Flatcar\", \"flatcar\")", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("use the UUID", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prism_element_older_than_CAPX_needs_is_refused_naming_both_versions()
    {
        using var client = new PrismCentralClient(SimOptions.For(fixture.Sim));

        var problem = Assert.Single(await Check(client, new("pe-old", ["vlan-20"], "Ubuntu-K8s")));

        Assert.Equal((PrismReferenceKind.PrismElementCluster, "Prism Element too old for CAPX"), (problem.Kind, problem.Summary));
        Assert.Contains("\"pe-old\" runs AOS 6.10.1.6, but CAPX v1.10.3", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("needs Prism Element 7.5 or later", problem.Detail, StringComparison.Ordinal);
        // Without a known CAPX version nothing is checked against the table.
        Assert.Empty(await PrismReferenceChecker.CheckAsync(client, new("pe-old", ["vlan-20"], "Ubuntu-K8s"), null, TestTimeout.Token));
    }

    private static Task<IReadOnlyList<PrismReferenceProblem>> Check(PrismCentralClient client, PrismReferences references) =>
        PrismReferenceChecker.CheckAsync(client, references, Capx, TestTimeout.Token);
}

/// <summary>The Prism Central version against CAPX's table, and how the version is found.</summary>
public sealed class PrismCentralVersionCheckTests(PrismSimulatorFixture fixture) : IClassFixture<PrismSimulatorFixture>
{
    [Fact]
    public async Task A_prism_central_older_than_CAPX_needs_is_refused_naming_both_versions()
    {
        using var client = new PrismCentralClient(fixture.Options());

        var problems = await PrismReferenceChecker.CheckAsync(client, new("pe-b", ["shared-infra"], "ubuntu-2204-kube-v1.33.2"), "v1.10.3", TestTimeout.Token);

        var pc = Assert.Single(problems, p => p.Kind == PrismReferenceKind.PrismCentral);
        Assert.Equal("Prism Central too old for CAPX", pc.Summary);
        Assert.Contains($"runs {PrismSimulatorFixture.PcVersion}, but CAPX v1.10.3", pc.Detail, StringComparison.Ordinal);
        Assert.Contains("needs Prism Central 7.5 or later", pc.Detail, StringComparison.Ordinal);
        var pe = Assert.Single(problems, p => p.Kind == PrismReferenceKind.PrismElementCluster);
        Assert.Contains("runs AOS 7.0.1", pe.Detail, StringComparison.Ordinal);

        // CAPX 1.7 ran on calendar-versioned Prism Central 2024.3 and Prism Element 6.5: nothing to refuse.
        Assert.Empty(await PrismReferenceChecker.CheckAsync(client, new("pe-b", ["shared-infra"], "ubuntu-2204-kube-v1.33.2"), "v1.7.0", TestTimeout.Token));
    }

    [Theory]
    [InlineData("v1.10.3", "1.10", "7.5", "7.5")]
    [InlineData("1.9.0", "1.9", "7.5", "7.5")]
    [InlineData("v1.8.1", "1.8", "7.3", "7.3")]
    [InlineData("v1.5.4", "1.5", "pc.2024.1", "6.5")]
    [InlineData("v1.12.0-beta.1", "1.10", "7.5", "7.5")]
    public void The_compatibility_table_gives_the_minimums(string capx, string row, string pc, string pe)
    {
        var requirement = CapxCompatibility.For(capx);
        Assert.Equal(new CapxRequirement(row, pc, pe), requirement);
    }

    [Theory]
    [InlineData("v1.4.2")]
    [InlineData("main")]
    [InlineData("")]
    [InlineData(null)]
    public void Versions_outside_the_table_have_no_requirement(string? capx) => Assert.Null(CapxCompatibility.For(capx));

    [Fact]
    public async Task A_role_denied_prism_central_falls_back_to_the_version_header_of_users_me()
    {
        using var handler = new FakePrismHandler((r, _) =>
        {
            if (r.Path.EndsWith("/prism_central", StringComparison.Ordinal))
            {
                return FakePrismHandler.Json(HttpStatusCode.Forbidden, PrismJson.Error(403, "ACCESS_DENIED", "User does not have access to this resource"));
            }

            var me = FakePrismHandler.Json("""{"metadata":{"kind":"user","uuid":"u-1"},"status":{"name":"viewer","resources":{}}}""");
            me.Headers.Add(PrismCentralClient.ProductHeader, "pc.7.5");
            return me;
        });
        using var client = FakeClient.Create(handler);

        Assert.Equal("pc.7.5", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
        Assert.Equal(["/api/nutanix/v3/prism_central", "/api/nutanix/v3/users/me"], handler.Requests.Select(r => r.Path));
    }
}
