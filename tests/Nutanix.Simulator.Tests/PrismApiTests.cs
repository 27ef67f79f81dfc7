using System.Net;
using System.Text.Json.Nodes;
using static Nutanix.Simulator.Tests.PrismJson;

namespace Nutanix.Simulator.Tests;

/// <summary>Shape and behaviour of the simulated Prism Central v3 API, driven over HTTPS with the sim's CA.</summary>
public sealed class PrismApiTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private HttpClient Client() => fixture.Sim.CreatePrismClient();

    [Fact]
    public async Task Basic_auth_succeeds_and_users_me_names_the_user()
    {
        using var client = Client();
        var (response, body, text) = await GetAsync(client, "users/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("user", (string?)body!["metadata"]!["kind"]);
        Assert.Equal(fixture.Sim.Connection.Username, (string?)body["status"]!["name"]);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("NTNX_IGW_SESSION=", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Sim.Connection.Password, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-password")]
    public async Task Bad_or_missing_credentials_get_401_without_a_json_body(string? password)
    {
        using var client = fixture.Sim.CreatePrismClient(authenticate: false);
        if (password is not null) client.DefaultRequestHeaders.Authorization = Basic(fixture.Sim.Connection.Username, password);
        var response = await client.GetAsync("clusters/list");
        var post = await client.PostAsync("clusters/list", new StringContent("{}"));
        foreach (var r in new[] { response, post })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("", await r.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Api_key_header_authenticates_and_a_wrong_key_does_not()
    {
        using var client = fixture.Sim.CreatePrismClient(authenticate: false);
        client.DefaultRequestHeaders.Add("X-ntnx-api-key", fixture.Sim.ReadPrismApiKey());
        var (ok, body, _) = await GetAsync(client, "users/me");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("user", (string?)body!["metadata"]!["kind"]);

        using var wrong = fixture.Sim.CreatePrismClient(authenticate: false);
        wrong.DefaultRequestHeaders.Add("X-ntnx-api-key", "not-the-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("users/me")).StatusCode);
    }

    [Fact]
    public async Task Session_cookie_from_basic_auth_is_accepted_on_its_own()
    {
        using var client = Client();
        var first = await client.GetAsync("users/me");
        var cookie = first.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        using var cookieOnly = fixture.Sim.CreatePrismClient(authenticate: false);
        cookieOnly.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await cookieOnly.GetAsync("users/me")).StatusCode);
        using var forged = fixture.Sim.CreatePrismClient(authenticate: false);
        forged.DefaultRequestHeaders.Add("Cookie", "NTNX_IGW_SESSION=forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("users/me")).StatusCode);
    }

    [Fact]
    public async Task Prism_central_reports_type_version_and_product_headers()
    {
        using var client = Client();
        var (response, body, _) = await GetAsync(client, "prism_central");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PC", (string?)body!["resources"]!["type"]);
        Assert.Equal("pc.7.5", (string?)body["resources"]!["version"]);
        Assert.Equal("pc.7.5", response.Headers.GetValues("X-Ntnx-Product").Single());
        Assert.Equal("pc", response.Headers.GetValues("X-Ntnx-Env").Single());
    }

    [Fact]
    public async Task Clusters_list_contains_the_prism_central_and_the_prism_elements()
    {
        using var client = Client();
        var list = await ListAsync(client, "clusters", """{"kind":"cluster"}""");
        Assert.Equal(3, (int)list["metadata"]!["total_matches"]!);
        Assert.Equal("cluster", (string?)list["metadata"]!["kind"]);
        var entities = list["entities"]!.AsArray();
        var services = entities.Select(e => (string)e!["status"]!["resources"]!["config"]!["service_list"]![0]!).ToList();
        Assert.Equal(1, services.Count(s => s == "PRISM_CENTRAL"));
        Assert.Equal(2, services.Count(s => s == "AOS"));
        var pc = entities.Single(e => (string)e!["status"]!["resources"]!["config"]!["service_list"]![0]! == "PRISM_CENTRAL")!;
        Assert.Equal("pc", (string?)pc["status"]!["resources"]!["config"]!["build"]!["version"]);
        var pe = entities.Single(e => (string)e!["spec"]!["name"]! == "pe-cluster-a")!;
        Assert.Equal("7.5", (string?)pe["status"]!["resources"]!["config"]!["build"]!["version"]);
        Assert.Equal("7.5", (string?)pe["status"]!["resources"]!["config"]!["software_map"]!["NOS"]!["version"]);
        Assert.Equal("COMPLETE", (string?)pe["status"]!["state"]);
        Assert.NotNull(pe["metadata"]!["spec_version"]);
        Assert.NotNull(pe["metadata"]!["creation_time"]);
        Assert.IsType<JsonObject>(pe["metadata"]!["categories"]);
    }

    [Fact]
    public async Task Subnets_carry_cluster_reference_and_ip_pools_and_one_name_exists_on_two_clusters()
    {
        using var client = Client();
        var list = await ListAsync(client, "subnets", """{"kind":"subnet","filter":"name==shared-infra"}""");
        Assert.Equal(2, (int)list["metadata"]!["total_matches"]!);
        var clusters = list["entities"]!.AsArray().Select(e => (string)e!["status"]!["cluster_reference"]!["name"]!).Order().ToList();
        Assert.Equal(["pe-cluster-a", "pe-cluster-b"], clusters);
        var first = list["entities"]![0]!;
        Assert.Equal("cluster", (string?)first["status"]!["cluster_reference"]!["kind"]);
        Assert.Equal("VLAN", (string?)first["status"]!["resources"]!["subnet_type"]);
        Assert.Equal(300, (int)first["status"]!["resources"]!["vlan_id"]!);
        var ipConfig = first["status"]!["resources"]!["ip_config"]!;
        Assert.Equal(24, (int)ipConfig["prefix_length"]!);
        Assert.Contains(" ", (string)ipConfig["pool_list"]![0]!["range"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_defaults_to_20_and_caps_length_at_500_with_total_matches()
    {
        using var client = Client();
        var total = SimulatorFixture.GeneratedSubnets + 7;
        var defaultPage = await ListAsync(client, "subnets", """{"kind":"subnet"}""");
        Assert.Equal(20, defaultPage["entities"]!.AsArray().Count);
        Assert.Equal(20, (int)defaultPage["metadata"]!["length"]!);
        Assert.Equal(total, (int)defaultPage["metadata"]!["total_matches"]!);

        var capped = await ListAsync(client, "subnets", """{"kind":"subnet","length":1000}""");
        Assert.Equal(500, capped["entities"]!.AsArray().Count);
        Assert.Equal(total, (int)capped["metadata"]!["total_matches"]!);
    }

    [Fact]
    public async Task Paging_with_offset_visits_every_entity_exactly_once()
    {
        using var client = Client();
        var seen = new HashSet<string>();
        var offset = 0;
        int total;
        do
        {
            var page = await ListAsync(client, "subnets", $$"""{"kind":"subnet","length":500,"offset":{{offset}}}""");
            total = (int)page["metadata"]!["total_matches"]!;
            Assert.Equal(offset, (int)page["metadata"]!["offset"]!);
            foreach (var e in page["entities"]!.AsArray()) Assert.True(seen.Add((string)e!["metadata"]!["uuid"]!));
            offset += page["entities"]!.AsArray().Count;
            if (page["entities"]!.AsArray().Count == 0) break;
        }
        while (offset < total);
        Assert.Equal(SimulatorFixture.GeneratedSubnets + 7, seen.Count);

        var beyond = await ListAsync(client, "subnets", $$"""{"kind":"subnet","offset":{{total + 10}}}""");
        Assert.Empty(beyond["entities"]!.AsArray());
        Assert.Equal(total, (int)beyond["metadata"]!["total_matches"]!);
    }

    [Fact]
    public async Task Filter_supports_equality_and_or()
    {
        using var client = Client();
        var one = await ListAsync(client, "images", """{"kind":"image","filter":"name==ubuntu-2204-kube-v1.33.2"}""");
        Assert.Equal(1, (int)one["metadata"]!["total_matches"]!);
        var image = one["entities"]![0]!;
        Assert.Equal("DISK_IMAGE", (string?)image["status"]!["resources"]!["image_type"]);
        Assert.True((long)image["status"]!["resources"]!["size_bytes"]! > 0);
        Assert.StartsWith("https://", (string)image["status"]!["resources"]!["source_uri"]!, StringComparison.Ordinal);

        var two = await ListAsync(client, "images", """{"kind":"image","filter":"name==ubuntu-2204-kube-v1.33.2,name==rockylinux-9-kube-v1.32.6"}""");
        Assert.Equal(2, (int)two["metadata"]!["total_matches"]!);
        var none = await ListAsync(client, "images", """{"kind":"image","filter":"name==does-not-exist"}""");
        Assert.Equal(0, (int)none["metadata"]!["total_matches"]!);
        Assert.Empty(none["entities"]!.AsArray());
    }

    [Fact]
    public async Task Wrong_kind_or_bad_filter_is_an_invalid_request_in_v3_error_shape()
    {
        using var client = Client();
        var (response, body, _) = await PostAsync(client, "clusters/list", """{"kind":"subnet"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertV3Error(body, 400, "INVALID_REQUEST");
        var (bad, badBody, _) = await PostAsync(client, "clusters/list", """{"filter":"no_operator"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        AssertV3Error(badBody, 400, "INVALID_REQUEST");
        foreach (var request in new[] { """{"length":"ten"}""", """{"length":0}""", """{"offset":-1}""", "{not json", """{"filter":"colour==red"}""" })
        {
            var (r, b, t) = await PostAsync(client, "subnets/list", request);
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{request}: {t}");
            AssertV3Error(b, 400, "INVALID_REQUEST");
        }
        var whole = await ListAsync(client, "subnets", """{"length":5.0}""");
        Assert.Equal(5, whole["entities"]!.AsArray().Count);
    }

    [Fact]
    public async Task Get_by_uuid_returns_the_entity_and_unknown_uuid_is_entity_not_found()
    {
        using var client = Client();
        foreach (var (kind, name) in new[] { ("clusters", "pe-cluster-b"), ("subnets", "vlan-100-k8s"), ("images", "ubuntu-2204-kube-v1.33.2"), ("projects", "team-platform") })
        {
            var uuid = await UuidByNameAsync(client, kind, name);
            var (response, body, _) = await GetAsync(client, $"{kind}/{uuid}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(uuid, (string?)body!["metadata"]!["uuid"]);
            Assert.Equal(name, (string?)body["spec"]!["name"]);
            Assert.Equal(name, (string?)body["status"]!["name"]);
        }
        var (missing, missingBody, _) = await GetAsync(client, "vms/00000000-1111-2222-3333-444444444444");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertV3Error(missingBody, 404, "ENTITY_NOT_FOUND");
        Assert.Equal("vm", (string?)missingBody!["kind"]);
    }

    [Fact]
    public async Task Categories_list_values_and_create_value()
    {
        using var client = Client();
        var keys = await ListAsync(client, "categories", """{"kind":"category"}""");
        Assert.Contains(keys["entities"]!.AsArray(), e => (string?)e!["name"] == "AppType");
        var values = await ListAsync(client, "categories/AppType", """{"kind":"category"}""");
        Assert.Contains(values["entities"]!.AsArray(), e => (string?)e!["value"] == "Kubernetes");

        var put = await client.PutAsync("categories/AppType/test-value", new StringContent("""{"value":"test-value"}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var (get, body, _) = await GetAsync(client, "categories/AppType/test-value");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("test-value", (string?)body!["value"]);
        var (missing, missingBody, _) = await GetAsync(client, "categories/NoSuchKey");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertV3Error(missingBody, 404, "ENTITY_NOT_FOUND");
    }

    [Fact]
    public async Task Vm_create_allocates_an_ip_from_the_pool_runs_a_task_and_delete_releases_it()
    {
        using var client = Client();
        var cluster = await UuidByNameAsync(client, "clusters", "pe-cluster-a");
        var subnet = await UuidByNameAsync(client, "subnets", "vlan-400-small");
        var image = await UuidByNameAsync(client, "images", "ubuntu-2204-kube-v1.33.2");
        var request = """
            {"api_version":"3.1","metadata":{"kind":"vm","categories":{"AppType":"Kubernetes"}},
             "spec":{"name":"api-test-vm","cluster_reference":{"kind":"cluster","uuid":"@cluster"},
                     "resources":{"num_sockets":2,"num_vcpus_per_socket":1,"memory_size_mib":4096,"power_state":"ON",
                                  "disk_list":[{"data_source_reference":{"kind":"image","uuid":"@image"},"disk_size_mib":40960}],
                                  "nic_list":[{"subnet_reference":{"kind":"subnet","uuid":"@subnet"}}]}}}
            """.Replace("@cluster", cluster).Replace("@image", image).Replace("@subnet", subnet);
        var (created, body, text) = await PostAsync(client, "vms", request);
        Assert.True(created.StatusCode == HttpStatusCode.Accepted, text);
        var taskUuid = (string)body!["status"]!["execution_context"]!["task_uuid"]!;
        var vmUuid = (string)body["metadata"]!["uuid"]!;

        var (taskResponse, task, _) = await GetAsync(client, $"tasks/{taskUuid}");
        Assert.Equal(HttpStatusCode.OK, taskResponse.StatusCode);
        Assert.Equal("SUCCEEDED", (string?)task!["status"]);
        Assert.Equal(vmUuid, (string?)task["entity_reference_list"]![0]!["uuid"]);

        var (_, vm, _) = await GetAsync(client, $"vms/{vmUuid}");
        Assert.Equal("COMPLETE", (string?)vm!["status"]!["state"]);
        var ip = (string)vm["status"]!["resources"]!["nic_list"]![0]!["ip_endpoint_list"]![0]!["ip"]!;
        Assert.StartsWith("192.168.40.", ip, StringComparison.Ordinal);
        Assert.Equal("Kubernetes", (string?)vm["metadata"]!["categories"]!["AppType"]);

        var (subnetResponse, subnetBody, _) = await GetAsync(client, $"subnets/{subnet}");
        Assert.Equal(HttpStatusCode.OK, subnetResponse.StatusCode);
        Assert.True((int)subnetBody!["status"]!["resources"]!["ip_usage_stats"]!["num_assigned_ips"]! >= 1);

        var delete = await client.DeleteAsync($"vms/{vmUuid}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        var (gone, goneBody, _) = await GetAsync(client, $"vms/{vmUuid}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        AssertV3Error(goneBody, 404, "ENTITY_NOT_FOUND");
        var (_, missingTask, _) = await GetAsync(client, "tasks/00000000-0000-0000-0000-000000000001");
        AssertV3Error(missingTask, 404, "ENTITY_NOT_FOUND");
    }

    [Fact]
    public async Task Vm_create_refuses_a_subnet_of_another_cluster_and_unknown_categories()
    {
        using var client = Client();
        var cluster = await UuidByNameAsync(client, "clusters", "pe-cluster-a");
        var otherSubnet = await UuidByNameAsync(client, "subnets", "vlan-200-k8s");
        var wrongSubnet = """{"spec":{"name":"x","cluster_reference":{"kind":"cluster","uuid":"@cluster"},"resources":{"nic_list":[{"subnet_reference":{"kind":"subnet","uuid":"@other"}}]}},"metadata":{"kind":"vm"}}""".Replace("@cluster", cluster).Replace("@other", otherSubnet);
        var (r1, b1, _) = await PostAsync(client, "vms", wrongSubnet);
        Assert.Equal(422, (int)r1.StatusCode);
        AssertV3Error(b1, 422, "INVALID_REQUEST");
        var unknownCategory = """{"spec":{"name":"x","cluster_reference":{"kind":"cluster","uuid":"@cluster"},"resources":{}},"metadata":{"kind":"vm","categories":{"Nope":"nope"}}}""".Replace("@cluster", cluster);
        var (r2, b2, _) = await PostAsync(client, "vms", unknownCategory);
        Assert.Equal(422, (int)r2.StatusCode);
        AssertV3Error(b2, 422, "INVALID_REQUEST");
    }

    [Fact]
    public async Task Hosts_list_shows_the_nodes_of_each_prism_element()
    {
        using var client = Client();
        var hosts = await ListAsync(client, "hosts", """{"kind":"host","length":100}""");
        Assert.Equal(7, (int)hosts["metadata"]!["total_matches"]!);
        var first = hosts["entities"]![0]!;
        Assert.Equal("host", (string?)first["metadata"]!["kind"]);
        Assert.Equal("cluster", (string?)first["status"]!["cluster_reference"]!["kind"]);
        var (response, body, _) = await GetAsync(client, $"hosts/{(string)first["metadata"]!["uuid"]!}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((string?)first["spec"]!["name"], (string?)body!["spec"]!["name"]);
    }

    internal static void AssertV3Error(JsonNode? body, int code, string reason)
    {
        Assert.NotNull(body);
        Assert.Equal("3.1", (string?)body!["api_version"]);
        Assert.Equal(code, (int)body["code"]!);
        Assert.Equal("ERROR", (string?)body["state"]);
        Assert.False(string.IsNullOrEmpty((string?)body["kind"]));
        var message = body["message_list"]![0]!;
        Assert.Equal(reason, (string?)message["reason"]);
        Assert.False(string.IsNullOrEmpty((string?)message["message"]));
    }
}
