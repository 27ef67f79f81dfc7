using Nutanix.Simulator.Inventory;

namespace Nutanix.Simulator.Tests;

/// <summary>The inventory service the Prism API and the emulated controllers share.</summary>
public sealed class PrismInventoryTests : IDisposable
{
    private const string Json = """
        {"clusters":[{"name":"pe-a"},{"name":"pe-b"}],
         "subnets":[{"name":"tiny","cluster":"pe-a","subnet_ip":"10.1.0.0","prefix_length":29,"default_gateway_ip":"10.1.0.1","pool":["10.1.0.1 10.1.0.3"]},
                    {"name":"tiny","cluster":"pe-b","subnet_ip":"10.2.0.0","prefix_length":24,"pool":["10.2.0.10 10.2.0.20"]}],
         "images":[{"name":"img","size_bytes":1048576}],
         "projects":[{"name":"proj"}],
         "categories":[{"key":"AppType","values":["Kubernetes"]}]}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("prism-inventory-test-").FullName;
    private string StatePath => Path.Combine(_dir, "prism-state.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PrismInventory NewInventory(TimeSpan? taskDuration = null, TimeProvider? time = null) =>
        new(InventorySeed.Parse(Json, "test.json"), StatePath, taskDuration ?? TimeSpan.Zero, time);

    private static VmCreateRequest Vm(PrismInventory inv, string name, string cluster = "pe-a", string? ip = null) => new()
    {
        Name = name,
        ClusterUuid = inv.FindClusters(cluster).Single().Uuid,
        Nics = [new VmNicRequest(inv.FindSubnets("tiny", inv.FindClusters(cluster).Single().Uuid).Single().Uuid, ip)],
        Disks = [new VmDiskRequest(inv.FindImages("img").Single().Uuid, 0)],
        Categories = new Dictionary<string, string> { ["AppType"] = "Kubernetes" },
    };

    [Fact]
    public void Find_matches_uuid_or_name_and_subnets_can_be_narrowed_to_a_cluster()
    {
        var inv = NewInventory();
        Assert.Equal(3, inv.ListClusters().Count);
        Assert.Equal(2, inv.ListPrismElements().Count);
        Assert.Equal(2, inv.FindSubnets("tiny").Count);
        var peB = inv.FindClusters("pe-b").Single();
        var onB = inv.FindSubnets("tiny", peB.Uuid).Single();
        Assert.Equal("pe-b", onB.ClusterName);
        Assert.Same(onB, inv.FindSubnets(onB.Uuid).Single());
        Assert.Same(onB, inv.GetSubnet(onB.Uuid.ToUpperInvariant()));
        Assert.Empty(inv.FindImages("missing"));
        Assert.NotNull(inv.FindProjects("proj").SingleOrDefault());
        Assert.Null(inv.GetVm(Guid.NewGuid().ToString()));
    }

    [Fact]
    public void Addresses_come_from_the_pool_skip_the_gateway_and_run_out()
    {
        var inv = NewInventory();
        var a = inv.CreateVm(Vm(inv, "a")).Vm;
        var b = inv.CreateVm(Vm(inv, "b")).Vm;
        Assert.Equal("10.1.0.2", a.Nics[0].IpAddress);
        Assert.Equal("10.1.0.3", b.Nics[0].IpAddress);
        var e = Assert.Throws<PrismApiException>(() => inv.CreateVm(Vm(inv, "c")));
        Assert.Equal(422, e.StatusCode);
        Assert.Contains("no free address", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, inv.ListVms().Count);

        inv.DeleteVm(a.Uuid);
        Assert.Equal("10.1.0.2", inv.CreateVm(Vm(inv, "c")).Vm.Nics[0].IpAddress);
    }

    [Fact]
    public void Requested_addresses_must_be_inside_the_subnet_and_free()
    {
        var inv = NewInventory();
        Assert.Equal("10.2.0.99", inv.CreateVm(Vm(inv, "a", "pe-b", "10.2.0.99")).Vm.Nics[0].IpAddress);
        Assert.Throws<PrismApiException>(() => inv.CreateVm(Vm(inv, "b", "pe-b", "10.2.0.99")));
        Assert.Throws<PrismApiException>(() => inv.CreateVm(Vm(inv, "c", "pe-b", "10.9.0.1")));
        Assert.Equal(["10.2.0.99"], inv.AllocatedAddresses(inv.FindSubnets("tiny", inv.FindClusters("pe-b")[0].Uuid)[0].Uuid));
    }

    [Fact]
    public void Vm_on_prism_central_or_with_unknown_category_is_refused_and_keeps_no_address()
    {
        var inv = NewInventory();
        var onPc = Vm(inv, "x") with { ClusterUuid = inv.PrismCentral.Uuid };
        Assert.Contains("Prism Element", Assert.Throws<PrismApiException>(() => inv.CreateVm(onPc)).Message, StringComparison.Ordinal);
        var badCategory = Vm(inv, "y") with { Categories = new Dictionary<string, string> { ["AppType"] = "Nope" } };
        Assert.Throws<PrismApiException>(() => inv.CreateVm(badCategory));
        inv.EnsureCategoryValue("AppType", "Nope");
        Assert.Equal("10.1.0.2", inv.CreateVm(badCategory).Vm.Nics[0].IpAddress);
    }

    [Fact]
    public void Tasks_progress_with_time_and_vm_is_pending_until_its_task_succeeds()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var inv = NewInventory(TimeSpan.FromSeconds(4), time);
        var (vm, task) = inv.CreateVm(Vm(inv, "slow"));
        Assert.Equal("QUEUED", task.StatusAt(time.GetUtcNow()));
        Assert.Equal("PENDING", inv.VmState(vm));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("RUNNING", inv.GetTask(task.Uuid)!.StatusAt(time.GetUtcNow()));
        Assert.Equal(50, task.PercentageAt(time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("SUCCEEDED", task.StatusAt(time.GetUtcNow()));
        Assert.Equal("COMPLETE", inv.VmState(vm));
    }

    [Fact]
    public void Update_checks_spec_version_and_bumps_it()
    {
        var inv = NewInventory();
        var vm = inv.CreateVm(Vm(inv, "u")).Vm;
        var (updated, _) = inv.UpdateVm(vm.Uuid, 0, v => v with { PowerState = "OFF" });
        Assert.Equal(1, updated.SpecVersion);
        Assert.Equal("OFF", inv.GetVm(vm.Uuid)!.PowerState);
        Assert.Equal(409, Assert.Throws<PrismApiException>(() => inv.UpdateVm(vm.Uuid, 0, v => v)).StatusCode);
    }

    [Fact]
    public void State_survives_a_reload_including_allocations_and_categories()
    {
        var first = NewInventory();
        var vm = first.CreateVm(Vm(first, "keep")).Vm;
        first.EnsureCategoryValue("kubernetes-io-cluster-demo", "owned");

        var second = NewInventory();
        var reloaded = second.GetVm(vm.Uuid);
        Assert.NotNull(reloaded);
        Assert.Equal(vm.Nics[0].IpAddress, reloaded!.Nics[0].IpAddress);
        Assert.Equal("Kubernetes", reloaded.Categories["AppType"]);
        Assert.Contains("owned", second.GetCategory("kubernetes-io-cluster-demo")!.Values);
        Assert.NotNull(second.GetTask(vm.CreateTaskUuid));
        Assert.Equal("10.1.0.3", second.CreateVm(Vm(second, "next")).Vm.Nics[0].IpAddress);
    }

    [Fact]
    public void Category_in_use_cannot_be_deleted()
    {
        var inv = NewInventory();
        inv.CreateVm(Vm(inv, "c"));
        Assert.Throws<PrismApiException>(() => inv.DeleteCategory("AppType", "Kubernetes"));
        inv.EnsureCategoryValue("Temp", "x");
        inv.DeleteCategory("Temp", "x");
        inv.DeleteCategory("Temp", null);
        Assert.Null(inv.GetCategory("Temp"));
    }

    [Fact]
    public async Task Concurrent_creates_never_hand_out_the_same_address()
    {
        var json = """{"clusters":[{"name":"pe-a"}],"subnets":[{"name":"big","cluster":"pe-a","subnet_ip":"10.8.0.0","prefix_length":22,"pool":["10.8.0.10 10.8.3.250"]}]}""";
        var inv = new PrismInventory(InventorySeed.Parse(json, "t.json"), null, TimeSpan.Zero);
        var cluster = inv.ListPrismElements()[0].Uuid;
        var subnet = inv.ListSubnets()[0].Uuid;
        var vms = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            inv.CreateVm(new VmCreateRequest { Name = $"vm-{i}", ClusterUuid = cluster, Nics = [new VmNicRequest(subnet)] }).Vm)));
        Assert.Equal(200, vms.Select(v => v.Nics[0].IpAddress).Distinct().Count());
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
