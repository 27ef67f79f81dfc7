using System.Net;
using System.Text.Json;
using Nutanix.Prism.Models;
using Nutanix.Prism.Tests.Fakes;

namespace Nutanix.Prism.Tests;

public sealed class ClientOperationTests
{
    [Fact]
    public async Task Prism_element_listing_drops_the_prism_central_entity()
    {
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(PrismJson.List("cluster", 3, 0,
        [
            PrismJson.Cluster("pc-uuid", "Unnamed", "PRISM_CENTRAL", "pc"),
            PrismJson.Cluster("pe-1", "pe-one", "AOS", "6.5.4.5"),
            PrismJson.Cluster("pe-2", "pe-two", "AOS", "6.8"),
        ])));
        using var client = FakeClient.Create(handler);

        var all = await client.ListAllClustersAsync(cancellationToken: TestTimeout.Token);
        var elements = await client.ListPrismElementClustersAsync(cancellationToken: TestTimeout.Token);

        Assert.Equal(3, all.Count);
        Assert.Equal(["pe-1", "pe-2"], elements.Select(c => c.Uuid));
        Assert.True(all[0].IsPrismCentral());
        Assert.Equal("6.5.4.5", elements[0].BuildVersion());
        Assert.Equal("10.0.0.4", elements[0].Resources!.Network!.ExternalIp);
        Assert.Equal("AHV", elements[0].Resources!.Nodes!.HypervisorServerList![0].Type);
    }

    [Fact]
    public async Task Version_comes_from_prism_central_resources()
    {
        using var handler = new FakePrismHandler((r, _) =>
            FakePrismHandler.Json("""{"resources":{"type":"PC","version":"pc.2024.1.0.1","virtual_ip":"10.0.0.9","pc_vm_list":[{}]}}"""));
        using var client = FakeClient.Create(handler);

        Assert.Equal("pc.2024.1.0.1", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
        Assert.Equal("/api/nutanix/v3/prism_central", Assert.Single(handler.Requests).Path);
    }

    [Fact]
    public async Task Version_falls_back_to_the_product_header()
    {
        using var handler = new FakePrismHandler((r, _) =>
        {
            var response = FakePrismHandler.Json("""{"resources":{"type":"PC"}}""");
            response.Headers.TryAddWithoutValidation("X-Ntnx-Product", "pc.7.3");
            return response;
        });
        using var client = FakeClient.Create(handler);

        Assert.Equal("pc.7.3", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
    }

    [Fact]
    public async Task Version_uses_users_me_header_when_prism_central_endpoint_is_missing()
    {
        using var handler = new FakePrismHandler((r, _) =>
        {
            if (r.Path.EndsWith("/prism_central", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            var response = FakePrismHandler.Json("""{"metadata":{"uuid":"u"},"status":{"name":"admin"}}""");
            response.Headers.TryAddWithoutValidation("X-Ntnx-Product", "pc.2022.6");
            return response;
        });
        using var client = FakeClient.Create(handler);

        Assert.Equal("pc.2022.6", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
        Assert.Equal(["/api/nutanix/v3/prism_central", "/api/nutanix/v3/users/me"], handler.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Find_subnets_by_name_filters_server_side_then_exactly_and_by_cluster()
    {
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(PrismJson.List("subnet", 3, 0,
        [
            PrismJson.Subnet("s1", "vlan0", "pe-1"),
            PrismJson.Subnet("s2", "vlan0", "pe-2"),
            PrismJson.Subnet("s3", "vlan0-extra", "pe-1"),
        ])));
        using var client = FakeClient.Create(handler);

        var both = await client.FindSubnetsByNameAsync("vlan0", cancellationToken: TestTimeout.Token);
        var onPe2 = await client.FindSubnetsByNameAsync("vlan0", "pe-2", TestTimeout.Token);

        Assert.Equal(["s1", "s2"], both.Select(s => s.Uuid));
        Assert.Equal("s2", Assert.Single(onPe2).Uuid);
        var body = JsonDocument.Parse(handler.Requests.First().Body!).RootElement;
        Assert.Equal("name==vlan0", body.GetProperty("filter").GetString());
        var subnet = both[0];
        Assert.Equal("VLAN", subnet.Resources!.SubnetType);
        Assert.Equal(24, subnet.Resources.IpConfig!.PrefixLength);
        Assert.Equal("10.0.0.10 10.0.0.99", Assert.Single(subnet.Resources.IpConfig.PoolList!).Range);
        Assert.Equal("pe-1", subnet.ClusterReference!.Uuid);
        Assert.Equal("dev", subnet.Metadata.Categories!["env"]);
    }

    [Theory]
    [InlineData("plain-name_1.2", "name==plain-name_1.2")]
    [InlineData("with space", "name==with space")]
    [InlineData("a,b", null)]
    [InlineData("a;b", null)]
    [InlineData("x(1)", null)]
    [InlineData("a+b", null)]
    public void Name_filter_is_only_sent_for_self_matching_names(string name, string? expected)
    {
        Assert.Equal(expected, PrismCentralClient.NameFilter(name));
    }

    [Fact]
    public async Task Vm_categories_ips_power_and_cluster_are_read()
    {
        const string vm = """
            {"metadata":{"kind":"vm","uuid":"vm-1","categories":{"KubernetesClusterName":"demo"},"project_reference":{"kind":"project","uuid":"p-1"}},
             "spec":{"name":"demo-cp-0"},
             "status":{"name":"demo-cp-0","state":"COMPLETE","cluster_reference":{"kind":"cluster","uuid":"pe-1","name":"pe-one"},
               "resources":{"power_state":"ON","num_sockets":2,"memory_size_mib":4096,
                 "nic_list":[{"mac_address":"50:6b:8d:00:00:01","subnet_reference":{"kind":"subnet","uuid":"s1"},
                   "ip_endpoint_list":[{"ip":"10.0.0.21","type":"LEARNED"},{"ip":"10.0.0.22","type":"ASSIGNED"}]}]}}}
            """;
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(vm));
        using var client = FakeClient.Create(handler);

        var got = await client.GetVmAsync("vm-1", TestTimeout.Token);

        Assert.Equal("demo-cp-0", got.Name);
        Assert.Equal("ON", got.Resources!.PowerState);
        Assert.Equal(["10.0.0.21", "10.0.0.22"], got.IpAddresses());
        Assert.Equal("pe-1", got.ClusterReference!.Uuid);
        Assert.Equal("demo", got.Metadata.Categories!["KubernetesClusterName"]);
        Assert.Equal("p-1", got.Metadata.ProjectReference!.Uuid);
        Assert.Equal("/api/nutanix/v3/vms/vm-1", Assert.Single(handler.Requests).Path);
    }

    [Fact]
    public async Task Categories_and_values_are_listed()
    {
        using var handler = new FakePrismHandler((r, _) => FakePrismHandler.Json(r.Path.EndsWith("/categories/list", StringComparison.Ordinal)
            ? PrismJson.List("category", 1, 0, ["""{"name":"AppType","description":"apps","system_defined":true}"""])
            : PrismJson.List("category", 2, 0, ["""{"name":"AppType","value":"Kubernetes"}""", """{"name":"AppType","value":"Default"}"""])));
        using var client = FakeClient.Create(handler);

        var keys = await client.ListAllCategoriesAsync("name==AppType", TestTimeout.Token);
        var values = await client.ListCategoryValuesAsync("AppType", cancellationToken: TestTimeout.Token);

        Assert.Equal("AppType", Assert.Single(keys).Name);
        Assert.True(keys[0].SystemDefined);
        Assert.Equal(["Kubernetes", "Default"], values.Select(v => v.Value));
        Assert.Equal(["/api/nutanix/v3/categories/list", "/api/nutanix/v3/categories/AppType/list"], handler.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Wait_for_task_polls_until_succeeded_and_reports_progress()
    {
        using var handler = new FakePrismHandler((_, i) => FakePrismHandler.Json(
            i < 2 ? PrismJson.Task("t-1", i == 0 ? "QUEUED" : "RUNNING", i * 40) : PrismJson.Task("t-1", "SUCCEEDED", 100)));
        using var client = FakeClient.Create(handler);
        var seen = new List<string?>();

        var task = await client.WaitForTaskAsync(
            "t-1",
            new TaskWaitOptions { InitialPollInterval = TimeSpan.FromMilliseconds(5), Progress = new SyncProgress(t => seen.Add(t.Status)) },
            TestTimeout.Token);

        Assert.True(task.IsSucceeded);
        Assert.Equal("vm-1", Assert.Single(task.EntityReferenceList!).Uuid);
        Assert.Equal(["QUEUED", "RUNNING", "SUCCEEDED"], seen);
        Assert.All(handler.Requests, r => Assert.Equal("/api/nutanix/v3/tasks/t-1", r.Path));
    }

    [Fact]
    public async Task Failed_task_raises_with_error_detail()
    {
        using var handler = new FakePrismHandler((_, i) => FakePrismHandler.Json(i == 0
            ? PrismJson.Task("t-2", "RUNNING", 10)
            : PrismJson.Task("t-2", "FAILED", 100, errorDetail: "Image 'ubuntu' not found on cluster pe-1", progress: "creating vm")));
        using var client = FakeClient.Create(handler);

        var ex = await Assert.ThrowsAsync<PrismTaskFailedException>(() =>
            client.WaitForTaskAsync("t-2", new TaskWaitOptions { InitialPollInterval = TimeSpan.FromMilliseconds(5) }, TestTimeout.Token));

        Assert.Equal(PrismErrorKind.TaskFailed, ex.Kind);
        Assert.Equal("FAILED", ex.Task.Status);
        Assert.Equal("Prism Central task t-2 (VmCreate) ended FAILED: Image 'ubuntu' not found on cluster pe-1", ex.Message);
    }

    [Fact]
    public async Task Failed_task_without_error_detail_uses_progress_message()
    {
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(PrismJson.Task("t-3", "ABORTED", 50, progress: "aborted by user")));
        using var client = FakeClient.Create(handler);

        var ex = await Assert.ThrowsAsync<PrismTaskFailedException>(() => client.WaitForTaskAsync("t-3", cancellationToken: TestTimeout.Token));

        Assert.EndsWith("ended ABORTED: aborted by user", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_for_task_times_out_with_last_state()
    {
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(PrismJson.Task("t-4", "RUNNING", 42, progress: "copying disk")));
        using var client = FakeClient.Create(handler);

        var ex = await Assert.ThrowsAsync<PrismTaskTimeoutException>(() => client.WaitForTaskAsync(
            "t-4",
            new TaskWaitOptions { InitialPollInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMilliseconds(1500) },
            TestTimeout.Token));

        Assert.Equal(PrismErrorKind.Timeout, ex.Kind);
        Assert.Equal("RUNNING", ex.LastSeen!.Status);
        Assert.Contains("42%", ex.Message, StringComparison.Ordinal);
        Assert.Contains("copying disk", ex.Message, StringComparison.Ordinal);
        Assert.True(handler.Count >= 2);
    }

    [Fact]
    public async Task Wait_for_task_honours_caller_cancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(PrismJson.Task("t-5", "RUNNING", 1)));
        using var client = FakeClient.Create(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitForTaskAsync(
            "t-5", new TaskWaitOptions { InitialPollInterval = TimeSpan.FromMilliseconds(20) }, cts.Token));
    }

    [Fact]
    public async Task Disposed_client_refuses_calls_but_leaves_a_borrowed_transport_usable()
    {
        using var transport = new FakePrismHandler((_, _) => FakePrismHandler.Json("""{"resources":{"version":"pc.7.3"}}"""));
        var client = new PrismCentralClient(FakeClient.Options(), transport, disposeTransport: false);
        Assert.Equal("pc.7.3", await client.GetPrismCentralVersionAsync(TestTimeout.Token));
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetCurrentUserAsync(TestTimeout.Token));
        using var second = new PrismCentralClient(FakeClient.Options(), transport, disposeTransport: false);
        Assert.Equal("pc.7.3", await second.GetPrismCentralVersionAsync(TestTimeout.Token));
    }

    private sealed class SyncProgress(Action<PrismTask> report) : IProgress<PrismTask>
    {
        public void Report(PrismTask value) => report(value);
    }
}
