using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nutanix.Prism.Models;
using Nutanix.Prism.Tests.Fakes;

namespace Nutanix.Prism.Tests.Simulator;

/// <summary>The client against a real nutanix-sim process (HTTPS, auth, paging, faults, tasks).</summary>
public sealed class SimulatorClientTests : IClassFixture<PrismSimulatorFixture>
{
    private readonly PrismSimulatorFixture _fixture;

    public SimulatorClientTests(PrismSimulatorFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Lists_more_than_500_subnets_across_pages()
    {
        using var client = new PrismCentralClient(_fixture.Options());

        var subnets = await client.ListAllSubnetsAsync(cancellationToken: TestTimeout.Token);

        Assert.Equal(PrismSimulatorFixture.GeneratedSubnets + PrismSimulatorFixture.NamedSubnets, subnets.Count);
        Assert.Equal(subnets.Count, subnets.Select(s => s.Uuid).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(subnets, s => s.Name == "gen-subnet-1200");
        Assert.Contains(subnets, s => s.Name == "gen-subnet-0001");
    }

    [Fact]
    public async Task Prism_central_is_filtered_from_prism_element_clusters()
    {
        using var client = new PrismCentralClient(_fixture.Options());

        var all = await client.ListAllClustersAsync(cancellationToken: TestTimeout.Token);
        var elements = await client.ListPrismElementClustersAsync(cancellationToken: TestTimeout.Token);

        Assert.Equal(3, all.Count);
        Assert.Single(all, c => c.IsPrismCentral());
        Assert.Equal(["pe-a", "pe-b"], elements.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("6.10.1.6", elements.Single(c => c.Name == "pe-a").BuildVersion());
        var byName = Assert.Single(await client.FindPrismElementClustersByNameAsync("pe-b", TestTimeout.Token));
        var byUuid = await client.GetClusterAsync(byName.Uuid, TestTimeout.Token);
        Assert.Equal("pe-b", byUuid.Name);
    }

    [Fact]
    public async Task Version_user_and_lookups()
    {
        using var client = new PrismCentralClient(_fixture.Options());

        Assert.Equal(PrismSimulatorFixture.PcVersion, await client.GetPrismCentralVersionAsync(TestTimeout.Token));
        var me = await client.GetCurrentUserAsync(TestTimeout.Token);
        Assert.Equal(_fixture.Sim.Connection.Username, me.Name);

        var shared = await client.FindSubnetsByNameAsync("shared-infra", cancellationToken: TestTimeout.Token);
        Assert.Equal(2, shared.Count);
        var peA = Assert.Single(await client.FindPrismElementClustersByNameAsync("pe-a", TestTimeout.Token));
        var onA = Assert.Single(await client.FindSubnetsByNameAsync("shared-infra", peA.Uuid, TestTimeout.Token));
        var subnet = await client.GetSubnetAsync(onA.Uuid, TestTimeout.Token);
        Assert.Equal("VLAN", subnet.Resources!.SubnetType);
        Assert.Equal(300, subnet.Resources.VlanId);
        Assert.Equal("10.10.30.1", subnet.Resources.IpConfig!.DefaultGatewayIp);
        Assert.Equal(24, subnet.Resources.IpConfig.PrefixLength);
        Assert.Equal("10.10.30.100 10.10.30.149", Assert.Single(subnet.Resources.IpConfig.PoolList!).Range);
        Assert.Equal(peA.Uuid, subnet.ClusterReference!.Uuid);

        var image = Assert.Single(await client.FindImagesByNameAsync("ubuntu-2204-kube-v1.33.2", TestTimeout.Token));
        Assert.Equal(5368709120L, image.Resources!.SizeBytes);
        Assert.Equal("DISK_IMAGE", image.Resources.ImageType);
        Assert.Equal("https://images.example.invalid/u.qcow2", image.Resources.SourceUri);
        Assert.Equal(image.Name, (await client.GetImageAsync(image.Uuid, TestTimeout.Token)).Name);

        var project = Assert.Single(await client.FindProjectsByNameAsync("default", TestTimeout.Token));
        Assert.Equal("default", (await client.GetProjectAsync(project.Uuid, TestTimeout.Token)).Name);

        Assert.Contains(await client.ListAllCategoriesAsync(cancellationToken: TestTimeout.Token), c => c.Name == "AppType");
        var values = await client.ListCategoryValuesAsync("AppType", cancellationToken: TestTimeout.Token);
        Assert.Contains(values, v => v.Value == "Kubernetes");
        Assert.Empty(await client.FindSubnetsByNameAsync("no-such-subnet", cancellationToken: TestTimeout.Token));
    }

    [Fact]
    public async Task Missing_entity_is_not_found_and_names_the_lookup()
    {
        using var client = new PrismCentralClient(_fixture.Options());
        const string missing = "00000000-0000-4000-8000-00000000dead";

        var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.GetSubnetAsync(missing, TestTimeout.Token));

        Assert.Equal(PrismErrorKind.NotFound, ex.Kind);
        Assert.Equal("ENTITY_NOT_FOUND", ex.Reason);
        Assert.Contains($"subnet with uuid '{missing}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Burst_of_503_is_retried_to_success()
    {
        using var client = new PrismCentralClient(_fixture.Options(maxRetries: 4));
        await _fixture.Sim.SetFaultsAsync("prism", """{"error_codes":[503],"error_count":3,"retry_after_seconds":0}""", TestTimeout.Token);
        try
        {
            var clusters = await client.ListPrismElementClustersAsync(cancellationToken: TestTimeout.Token);
            Assert.Equal(2, clusters.Count);
        }
        finally
        {
            await _fixture.Sim.ClearFaultsAsync("prism", TestTimeout.Token);
        }
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_is_waited_out()
    {
        using var client = new PrismCentralClient(_fixture.Options(maxRetries: 3));
        await _fixture.Sim.SetFaultsAsync("prism", """{"error_codes":[429],"error_count":1,"retry_after_seconds":1}""", TestTimeout.Token);
        var watch = Stopwatch.StartNew();
        try
        {
            var images = await client.ListAllImagesAsync(cancellationToken: TestTimeout.Token);
            Assert.Single(images);
        }
        finally
        {
            await _fixture.Sim.ClearFaultsAsync("prism", TestTimeout.Token);
        }

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"succeeded after {watch.Elapsed}, before Retry-After: 1");
    }

    [Fact]
    public async Task Sustained_503_fails_cleanly_within_bounded_time()
    {
        var options = _fixture.Options(maxRetries: 3);
        using var client = new PrismCentralClient(options);
        await _fixture.Sim.SetFaultsAsync("prism", """{"error_codes":[503],"error_rate":1.0,"retry_after_seconds":0}""", TestTimeout.Token);
        var watch = Stopwatch.StartNew();
        try
        {
            var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.ListAllProjectsAsync(cancellationToken: TestTimeout.Token));
            Assert.Equal(PrismErrorKind.ServerUnavailable, ex.Kind);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
            Assert.Equal(4, ex.Attempts);
            Assert.Contains("after 4 attempt(s)", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            await _fixture.Sim.ClearFaultsAsync("prism", TestTimeout.Token);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Api_unreachable_is_a_connection_failure()
    {
        using var client = new PrismCentralClient(_fixture.Options(maxRetries: 1));
        await _fixture.Sim.SetFaultsAsync("prism", """{"down":true}""", TestTimeout.Token);
        try
        {
            var ex = await Assert.ThrowsAsync<PrismConnectionException>(() => client.GetCurrentUserAsync(TestTimeout.Token));
            Assert.Equal(PrismErrorKind.ConnectionFailed, ex.Kind);
            Assert.Equal(2, ex.Attempts);
            Assert.Contains(_fixture.Options().Address, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            await _fixture.Sim.ClearFaultsAsync("prism", TestTimeout.Token);
        }
    }

    [Fact]
    public async Task Tls_with_bundle_ok_without_it_explained_with_insecure_ok()
    {
        var withBundle = _fixture.Options();
        using (var client = new PrismCentralClient(withBundle))
        {
            Assert.NotNull(await client.GetCurrentUserAsync(TestTimeout.Token));
        }

        using (var client = new PrismCentralClient(withBundle with { AdditionalTrustBundle = null }))
        {
            var ex = await Assert.ThrowsAsync<PrismConnectionException>(() => client.GetCurrentUserAsync(TestTimeout.Token));
            Assert.Equal(PrismErrorKind.TlsUntrusted, ex.Kind);
            Assert.Contains("additional_trust_bundle", ex.Message, StringComparison.Ordinal);
            Assert.Contains("insecure", ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, ex.Attempts);
        }

        using (var client = new PrismCentralClient(withBundle with { AdditionalTrustBundle = null, Insecure = true }))
        {
            Assert.NotNull(await client.GetCurrentUserAsync(TestTimeout.Token));
        }
    }

    [Fact]
    public async Task Api_key_authenticates_and_a_wrong_key_is_explained()
    {
        var key = SimOptions.ApiKey(_fixture.Sim);
        var options = _fixture.Options() with { Username = null, Password = null, ApiKey = key };
        using (var client = new PrismCentralClient(options))
        {
            Assert.Equal(PrismSimulatorFixture.PcVersion, await client.GetPrismCentralVersionAsync(TestTimeout.Token));
            Assert.Equal(3, (await client.ListAllClustersAsync(cancellationToken: TestTimeout.Token)).Count);
        }

        using (var client = new PrismCentralClient(options with { ApiKey = "wrong-" + key }))
        {
            var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.GetCurrentUserAsync(TestTimeout.Token));
            Assert.Equal(PrismErrorKind.Unauthorized, ex.Kind);
            Assert.Contains("rejected the API key", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Task_of_a_vm_create_is_polled_to_success()
    {
        using var client = new PrismCentralClient(_fixture.Options());
        var cluster = Assert.Single(await client.FindPrismElementClustersByNameAsync("pe-a", TestTimeout.Token));
        var subnet = Assert.Single(await client.FindSubnetsByNameAsync("vlan-100", cluster.Uuid, TestTimeout.Token));
        var vmName = $"task-test-{Guid.NewGuid():N}"[..20];

        var taskUuid = await CreateVmAsync(vmName, cluster.Uuid, subnet.Uuid);
        var task = await client.WaitForTaskAsync(taskUuid, new TaskWaitOptions { InitialPollInterval = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromSeconds(30) }, TestTimeout.Token);

        Assert.Equal(TaskStatuses.Succeeded, task.Status);
        var vmRef = Assert.Single(task.EntityReferenceList!, r => r.Kind == "vm");
        var vm = await client.GetVmAsync(vmRef.Uuid!, TestTimeout.Token);
        Assert.Equal(vmName, vm.Name);
        Assert.Equal(cluster.Uuid, vm.ClusterReference!.Uuid);
        Assert.Equal("ON", vm.Resources!.PowerState);
        var ip = Assert.Single(vm.IpAddresses());
        Assert.StartsWith("10.10.100.", ip, StringComparison.Ordinal);
        Assert.Equal("Kubernetes", vm.Metadata.Categories!["AppType"]);
        Assert.Single(await client.FindVmsByNameAsync(vmName, TestTimeout.Token));
    }

    private async Task<string> CreateVmAsync(string name, string clusterUuid, string subnetUuid)
    {
        // Raw HTTP (the client has no create calls); TLS policy from our own primary handler, trusting the sim CA.
        var options = _fixture.Options();
        using var http = new HttpClient(PrismCentralClient.CreatePrimaryHandler(options)) { BaseAddress = _fixture.Sim.Connection.PrismV3Uri };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        var body = $$"""
            {"metadata":{"kind":"vm","categories":{"AppType":"Kubernetes"} },
             "spec":{"name":"{{name}}","cluster_reference":{"kind":"cluster","uuid":"{{clusterUuid}}"},
               "resources":{"num_sockets":1,"memory_size_mib":1024,"nic_list":[{"subnet_reference":{"kind":"subnet","uuid":"{{subnetUuid}}"} }]} } }
            """;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("vms", content, TestTimeout.Token);
        var text = await response.Content.ReadAsStringAsync(TestTimeout.Token);
        Assert.True(response.IsSuccessStatusCode, $"POST /vms: {(int)response.StatusCode} {text}");
        var taskNode = JsonNode.Parse(text)!["status"]!["execution_context"]!["task_uuid"]!;
        return taskNode is JsonArray array ? (string)array[0]! : (string)taskNode!;
    }
}
