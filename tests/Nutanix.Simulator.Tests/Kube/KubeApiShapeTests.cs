using System.Net;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Tests.Kube;

public sealed class KubeApiShapeTests(KubeServerFixture fixture) : IClassFixture<KubeServerFixture>
{
    private KubeTestServer Server => fixture.Server;

    private async Task<string> NewNamespaceAsync()
    {
        var ns = "t-" + Guid.NewGuid().ToString("N")[..10];
        var (code, body) = await Server.SendAsync(HttpMethod.Post, "/api/v1/namespaces", Manifests.Namespace(ns));
        Assert.True(code == HttpStatusCode.Created, body.ToJsonString());
        return ns;
    }

    private static string Clusters(string ns) => $"/apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/clusters";

    private static string Mds(string ns) => $"/apis/cluster.x-k8s.io/v1beta2/namespaces/{ns}/machinedeployments";

    [Fact]
    public async Task Requests_without_or_with_wrong_token_get_401_status()
    {
        foreach (var token in new[] { null, "wrong" })
        {
            using var client = Server.CreateClient(token);
            using var response = await client.GetAsync("/api/v1/namespaces");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("Status", (string?)status["kind"]);
            Assert.Equal("Unauthorized", (string?)status["reason"]);
            Assert.Equal(401, (int?)status["code"]);
        }
    }

    [Fact]
    public async Task Discovery_lists_groups_resources_and_subresources()
    {
        var (_, version) = await Server.SendAsync(HttpMethod.Get, "/version");
        Assert.Equal("1", (string?)version["major"]);

        var (_, groups) = await Server.SendAsync(HttpMethod.Get, "/apis");
        Assert.Equal("APIGroupList", (string?)groups["kind"]);
        var capi = groups["groups"]!.AsArray().Single(g => (string?)g!["name"] == "cluster.x-k8s.io")!;
        Assert.Equal("v1beta2", (string?)capi["preferredVersion"]!["version"]);
        Assert.Contains(groups["groups"]!.AsArray(), g => (string?)g!["name"] == "clusterctl.cluster.x-k8s.io");

        var (_, resources) = await Server.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io/v1beta2");
        var list = resources["resources"]!.AsArray();
        var md = list.Single(r => (string?)r!["name"] == "machinedeployments")!;
        Assert.Equal("MachineDeployment", (string?)md["kind"]);
        Assert.True((bool)md["namespaced"]!);
        Assert.Contains("md", md["shortNames"]!.AsArray().Select(s => (string?)s));
        Assert.Contains("cluster-api", md["categories"]!.AsArray().Select(s => (string?)s));
        var scale = list.Single(r => (string?)r!["name"] == "machinedeployments/scale")!;
        Assert.Equal("autoscaling", (string?)scale["group"]);
        Assert.Equal("Scale", (string?)scale["kind"]);
        Assert.Contains(list, r => (string?)r!["name"] == "clusters/status");
        Assert.Contains(list, r => (string?)r!["name"] == "machinesets");

        var (_, core) = await Server.SendAsync(HttpMethod.Get, "/api/v1");
        Assert.Contains(core["resources"]!.AsArray(), r => (string?)r!["name"] == "secrets");

        var (_, openapi) = await Server.SendAsync(HttpMethod.Get, "/openapi/v3");
        Assert.NotNull(openapi["paths"]!["apis/cluster.x-k8s.io/v1beta2"]);
        var (code, missing) = await Server.SendAsync(HttpMethod.Get, "/apis/nope.example.com/v1");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("NotFound", (string?)missing["reason"]);
    }

    [Fact]
    public async Task Seeded_cluster_has_provider_inventory_and_available_controllers()
    {
        var (_, providers) = await Server.SendAsync(HttpMethod.Get, "/apis/clusterctl.cluster.x-k8s.io/v1alpha3/providers");
        var items = providers["items"]!.AsArray();
        Assert.Equal(4, items.Count);
        var capx = items.Single(p => (string?)p!["providerName"] == "nutanix")!;
        Assert.Equal("InfrastructureProvider", (string?)capx["type"]);
        Assert.Equal("v1.10.3", (string?)capx["version"]);
        Assert.Equal("capx-system", (string?)capx["metadata"]!["namespace"]);

        var (_, deployment) = await Server.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/capi-system/deployments/capi-controller-manager");
        Assert.Equal(1, (int?)deployment["status"]!["readyReplicas"]);
        var available = deployment["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Available")!;
        Assert.Equal("True", (string?)available["status"]);
        var (_, crds) = await Server.SendAsync(HttpMethod.Get, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
        Assert.Contains(crds["items"]!.AsArray(), c => (string?)c!["metadata"]!["name"] == "nutanixclusters.infrastructure.cluster.x-k8s.io");
    }

    [Fact]
    public async Task Create_get_update_and_stale_write_conflict()
    {
        var ns = await NewNamespaceAsync();
        var (code, created) = await Server.SendAsync(HttpMethod.Post, Clusters(ns), Manifests.Cluster("c1"));
        Assert.Equal(HttpStatusCode.Created, code);
        var meta = created["metadata"]!;
        Assert.False(string.IsNullOrEmpty((string?)meta["uid"]));
        Assert.False(string.IsNullOrEmpty((string?)meta["creationTimestamp"]));
        Assert.Equal(1, (int?)meta["generation"]);
        var rv1 = (string)meta["resourceVersion"]!;

        var (getCode, fetched) = await Server.SendAsync(HttpMethod.Get, Clusters(ns) + "/c1");
        Assert.Equal(HttpStatusCode.OK, getCode);
        Assert.Equal(rv1, (string?)fetched["metadata"]!["resourceVersion"]);

        // label-only change: generation stays
        fetched["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };
        var (c2, labelled) = await Server.SendAsync(HttpMethod.Put, Clusters(ns) + "/c1", fetched.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, c2);
        Assert.Equal(1, (int?)labelled["metadata"]!["generation"]);
        Assert.NotEqual(rv1, (string?)labelled["metadata"]!["resourceVersion"]);

        // spec change: generation bumps
        labelled["spec"]!["paused"] = true;
        var (c3, paused) = await Server.SendAsync(HttpMethod.Put, Clusters(ns) + "/c1", labelled.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, c3);
        Assert.Equal(2, (int?)paused["metadata"]!["generation"]);

        // stale resourceVersion
        var (c4, conflict) = await Server.SendAsync(HttpMethod.Put, Clusters(ns) + "/c1", fetched.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, c4);
        Assert.Equal("Conflict", (string?)conflict["reason"]);
        Assert.Equal(
            "Operation cannot be fulfilled on clusters.cluster.x-k8s.io \"c1\": the object has been modified; please apply your changes to the latest version and try again",
            (string?)conflict["message"]);

        var (c5, exists) = await Server.SendAsync(HttpMethod.Post, Clusters(ns), Manifests.Cluster("c1"));
        Assert.Equal(HttpStatusCode.Conflict, c5);
        Assert.Equal("AlreadyExists", (string?)exists["reason"]);
    }

    [Fact]
    public async Task GenerateName_missing_namespace_and_bad_name()
    {
        var ns = await NewNamespaceAsync();
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}""";
        var (code, created) = await Server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", body);
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Matches("^gen-[a-z0-9]{5}$", (string)created["metadata"]!["name"]!);

        var (missingCode, missing) = await Server.SendAsync(HttpMethod.Post, Clusters("does-not-exist"), Manifests.Cluster("c1"));
        Assert.Equal(HttpStatusCode.NotFound, missingCode);
        Assert.Equal("namespaces \"does-not-exist\" not found", (string?)missing["message"]);

        var (badCode, bad) = await Server.SendAsync(HttpMethod.Post, Clusters(ns), Manifests.Cluster("Bad_Name"));
        Assert.Equal((HttpStatusCode)422, badCode);
        Assert.StartsWith("Cluster.cluster.x-k8s.io \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", (string?)bad["message"]);
    }

    [Fact]
    public async Task Schema_violations_are_422_with_the_field_named()
    {
        var ns = await NewNamespaceAsync();
        var (code, status) = await Server.SendAsync(HttpMethod.Post, Mds(ns), Manifests.MachineDeployment("md1", replicas: "\"three\""));
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal(
            "MachineDeployment.cluster.x-k8s.io \"md1\" is invalid: spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
            (string?)status["message"]);
        var cause = status["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal("spec.replicas", (string?)cause["field"]);

        var missing = """{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"MachineDeployment","metadata":{"name":"md2"},"spec":{"clusterName":"c1","selector":{}}}""";
        var (code2, status2) = await Server.SendAsync(HttpMethod.Post, Mds(ns), missing);
        Assert.Equal((HttpStatusCode)422, code2);
        Assert.Contains("spec.template: Required value", (string?)status2["message"]);

        // unknown fields are pruned (default field validation), defaults applied
        var extra = Manifests.MachineDeployment("md3").Replace("\"clusterName\":\"c1\",\"replicas\"", "\"clusterName\":\"c1\",\"bogus\":1,\"replicas\"");
        var (code3, created) = await Server.SendAsync(HttpMethod.Post, Mds(ns), extra);
        Assert.Equal(HttpStatusCode.Created, code3);
        Assert.Null(created["spec"]!["bogus"]);
    }

    [Fact]
    public async Task Finalizers_keep_a_deleted_object_until_removed()
    {
        var ns = await NewNamespaceAsync();
        await Server.SendAsync(HttpMethod.Post, Clusters(ns), Manifests.Cluster("c1", ",\"finalizers\":[\"test.example.com/hold\"]"));
        var (code, deleting) = await Server.SendAsync(HttpMethod.Delete, Clusters(ns) + "/c1");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        var (stillCode, still) = await Server.SendAsync(HttpMethod.Get, Clusters(ns) + "/c1");
        Assert.Equal(HttpStatusCode.OK, stillCode);
        Assert.NotNull(still["metadata"]!["deletionTimestamp"]);

        var (patchCode, _) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patchCode);
        var (goneCode, gone) = await Server.SendAsync(HttpMethod.Get, Clusters(ns) + "/c1");
        Assert.Equal(HttpStatusCode.NotFound, goneCode);
        Assert.Equal("clusters.cluster.x-k8s.io \"c1\" not found", (string?)gone["message"]);
    }

    private async Task<(string OwnerUid, string OwnerRef)> OwnerAsync(string ns)
    {
        var (_, owner) = await Server.SendAsync(HttpMethod.Post, Clusters(ns), Manifests.Cluster("owner"));
        var uid = (string)owner["metadata"]!["uid"]!;
        var ownerRef = $$""","ownerReferences":[{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Cluster","name":"owner","uid":"{{uid}}","blockOwnerDeletion":true}]""";
        return (uid, ownerRef);
    }

    [Fact]
    public async Task Foreground_deletion_waits_for_blocking_dependents()
    {
        var ns = await NewNamespaceAsync();
        var (_, ownerRef) = await OwnerAsync(ns);
        await Server.SendAsync(HttpMethod.Post, Mds(ns), Manifests.MachineDeployment("dep", extraMetadata: ownerRef + ",\"finalizers\":[\"test.example.com/hold\"]"));

        var (code, owner) = await Server.SendAsync(HttpMethod.Delete, Clusters(ns) + "/owner", """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}""");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("foregroundDeletion", owner["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        var (_, dep) = await Server.SendAsync(HttpMethod.Get, Mds(ns) + "/dep");
        Assert.NotNull(dep["metadata"]!["deletionTimestamp"]);
        Assert.Equal(HttpStatusCode.OK, (await Server.SendAsync(HttpMethod.Get, Clusters(ns) + "/owner")).Code);

        await Server.SendAsync(HttpMethod.Patch, Mds(ns) + "/dep", """[{"op":"remove","path":"/metadata/finalizers"}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, Mds(ns) + "/dep")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, Clusters(ns) + "/owner")).Code);
    }

    [Fact]
    public async Task Background_deletion_collects_dependents_and_orphan_keeps_them()
    {
        var ns = await NewNamespaceAsync();
        var (_, ownerRef) = await OwnerAsync(ns);
        await Server.SendAsync(HttpMethod.Post, Mds(ns), Manifests.MachineDeployment("dep", extraMetadata: ownerRef));
        await Server.SendAsync(HttpMethod.Delete, Clusters(ns) + "/owner?propagationPolicy=Background");
        Assert.Equal(HttpStatusCode.NotFound, (await Server.SendAsync(HttpMethod.Get, Mds(ns) + "/dep")).Code);

        var (_, ownerRef2) = await OwnerAsync(ns);
        await Server.SendAsync(HttpMethod.Post, Mds(ns), Manifests.MachineDeployment("dep2", extraMetadata: ownerRef2));
        await Server.SendAsync(HttpMethod.Delete, Clusters(ns) + "/owner?propagationPolicy=Orphan");
        var (code, orphan) = await Server.SendAsync(HttpMethod.Get, Mds(ns) + "/dep2");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Null(orphan["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Merge_json_and_strategic_patches()
    {
        var ns = await NewNamespaceAsync();
        await Server.SendAsync(HttpMethod.Post, Clusters(ns), Manifests.Cluster("c1"));
        var (c1, merged) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=carol", """{"spec":{"paused":true}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, c1);
        Assert.True((bool)merged["spec"]!["paused"]!);
        Assert.Contains(merged["metadata"]!["managedFields"]!.AsArray(), e => (string?)e!["manager"] == "carol" && (string?)e["operation"] == "Update");

        var (c2, patched) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1", """[{"op":"replace","path":"/spec/paused","value":false},{"op":"add","path":"/metadata/labels","value":{"x":"y"}}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, c2);
        Assert.False((bool)patched["spec"]!["paused"]!);
        Assert.Equal("y", (string?)patched["metadata"]!["labels"]!["x"]);

        var (c3, unsupported) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1", """{"spec":{"paused":true}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, c3);
        Assert.Equal("UnsupportedMediaType", (string?)unsupported["reason"]);

        await Server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", Manifests.ConfigMap("cm"));
        var (c4, cm) = await Server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/cm", """{"data":{"k2":"v2"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, c4);
        Assert.Equal("v2", (string?)cm["data"]!["k2"]);
        Assert.Equal("v", (string?)cm["data"]!["k"]);
    }

    [Fact]
    public async Task Server_side_apply_creates_tracks_conflicts_and_forces()
    {
        var ns = await NewNamespaceAsync();
        const string apply = "application/apply-patch+yaml";
        var yaml = """
            apiVersion: cluster.x-k8s.io/v1beta2
            kind: Cluster
            metadata:
              name: c1
              labels: {team: a}
            spec:
              paused: true
            """;
        var (c1, created) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=alice", yaml, apply);
        Assert.Equal(HttpStatusCode.Created, c1);
        var entry = created["metadata"]!["managedFields"]!.AsArray().Single()!;
        Assert.Equal("alice", (string?)entry["manager"]);
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:team":{}}},"f:spec":{"f:paused":{}}}""", entry["fieldsV1"]!.ToJsonString());

        var (noManager, _) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1", yaml, apply);
        Assert.Equal(HttpStatusCode.BadRequest, noManager);

        var bobYaml = yaml.Replace("paused: true", "paused: false");
        var (c2, conflict) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=bob", bobYaml, apply);
        Assert.Equal(HttpStatusCode.Conflict, c2);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .spec.paused", (string?)conflict["message"]);
        var cause = conflict["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal("FieldManagerConflict", (string?)cause["reason"]);
        Assert.Equal(".spec.paused", (string?)cause["field"]);

        // re-applying the same configuration is a no-op
        var (_, same) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=alice", yaml, apply);
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)same["metadata"]!["resourceVersion"]);

        // same value: shared ownership, no conflict
        var (c3, _) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=carol", yaml, apply);
        Assert.Equal(HttpStatusCode.OK, c3);

        var (c4, forced) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=bob&force=true", bobYaml, apply);
        Assert.Equal(HttpStatusCode.OK, c4);
        Assert.False((bool)forced["spec"]!["paused"]!);
        var alice = forced["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "alice")!;
        Assert.Null(alice["fieldsV1"]!["f:spec"]);

        // an Update manager conflicts with "using <apiVersion>"
        await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=dave", """{"metadata":{"labels":{"team":"d"}}}""", "application/merge-patch+json");
        var (c5, conflict2) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=bob", bobYaml, apply);
        Assert.Equal(HttpStatusCode.Conflict, c5);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"dave\" using cluster.x-k8s.io/v1beta2: .metadata.labels.team", (string?)conflict2["message"]);

        // dropping a field from the applied configuration removes it when nobody else owns it
        var (c6, reapplied) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=erin", "apiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\nmetadata: {name: c1}\nspec:\n  controlPlaneEndpoint: {host: 10.0.0.1, port: 6443}\n", apply);
        Assert.Equal(HttpStatusCode.OK, c6);
        Assert.Equal("10.0.0.1", (string?)reapplied["spec"]!["controlPlaneEndpoint"]!["host"]);
        var (_, dropped) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/c1?fieldManager=erin", "apiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\nmetadata: {name: c1}\nspec:\n  controlPlaneEndpoint: {host: 10.0.0.1}\n", apply);
        Assert.Null(dropped["spec"]!["controlPlaneEndpoint"]!["port"]);
    }

    [Fact]
    public async Task Status_and_scale_subresources()
    {
        var ns = await NewNamespaceAsync();
        var (_, md) = await Server.SendAsync(HttpMethod.Post, Mds(ns), Manifests.MachineDeployment("md1", replicas: "2"));
        md["status"] = new JsonObject { ["replicas"] = 2, ["readyReplicas"] = 1, ["selector"] = "pool=md1" };
        md["spec"]!["replicas"] = 9;
        var (c1, afterStatus) = await Server.SendAsync(HttpMethod.Put, Mds(ns) + "/md1/status", md.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, c1);
        Assert.Equal(1, (int?)afterStatus["status"]!["readyReplicas"]);
        Assert.Equal(2, (int?)afterStatus["spec"]!["replicas"]);
        Assert.Equal(1, (int?)afterStatus["metadata"]!["generation"]);

        afterStatus["status"]!["readyReplicas"] = 7;
        var (c2, mainPut) = await Server.SendAsync(HttpMethod.Put, Mds(ns) + "/md1", afterStatus.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, c2);
        Assert.Equal(1, (int?)mainPut["status"]!["readyReplicas"]);

        var (c3, scale) = await Server.SendAsync(HttpMethod.Get, Mds(ns) + "/md1/scale");
        Assert.Equal(HttpStatusCode.OK, c3);
        Assert.Equal("Scale", (string?)scale["kind"]);
        Assert.Equal("autoscaling/v1", (string?)scale["apiVersion"]);
        Assert.Equal(2, (int?)scale["spec"]!["replicas"]);
        Assert.Equal(2, (int?)scale["status"]!["replicas"]);
        Assert.Equal("pool=md1", (string?)scale["status"]!["selector"]);

        var (c4, scaled) = await Server.SendAsync(HttpMethod.Patch, Mds(ns) + "/md1/scale", """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, c4);
        Assert.Equal(5, (int?)scaled["spec"]!["replicas"]);
        var (_, after) = await Server.SendAsync(HttpMethod.Get, Mds(ns) + "/md1");
        Assert.Equal(5, (int?)after["spec"]!["replicas"]);
        Assert.Equal(2, (int?)after["metadata"]!["generation"]);
    }

    [Fact]
    public async Task Label_and_field_selectors_filter_lists()
    {
        var ns = await NewNamespaceAsync();
        var cms = $"/api/v1/namespaces/{ns}/configmaps";
        await Server.SendAsync(HttpMethod.Post, cms, Manifests.ConfigMap("a", """{"env":"prod","tier":"web"}"""));
        await Server.SendAsync(HttpMethod.Post, cms, Manifests.ConfigMap("b", """{"env":"dev","tier":"web"}"""));
        await Server.SendAsync(HttpMethod.Post, cms, Manifests.ConfigMap("c", """{"env":"qa"}"""));

        async Task<string> Names(string query)
        {
            var (code, list) = await Server.SendAsync(HttpMethod.Get, cms + "?" + query);
            Assert.True(code == HttpStatusCode.OK, list.ToJsonString());
            return string.Join(",", list["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        }

        Assert.Equal("a", await Names("labelSelector=" + Uri.EscapeDataString("env=prod")));
        Assert.Equal("a", await Names("labelSelector=" + Uri.EscapeDataString("env==prod")));
        Assert.Equal("b,c", await Names("labelSelector=" + Uri.EscapeDataString("env!=prod")));
        Assert.Equal("a,c", await Names("labelSelector=" + Uri.EscapeDataString("env in (prod, qa)")));
        Assert.Equal("b", await Names("labelSelector=" + Uri.EscapeDataString("env notin (prod,qa)")));
        Assert.Equal("a,b", await Names("labelSelector=tier"));
        Assert.Equal("c", await Names("labelSelector=" + Uri.EscapeDataString("!tier")));
        Assert.Equal("b", await Names("labelSelector=" + Uri.EscapeDataString("tier,env=dev")));
        Assert.Equal("c", await Names("fieldSelector=" + Uri.EscapeDataString("metadata.name=c")));
        Assert.Equal("a,b", await Names("fieldSelector=" + Uri.EscapeDataString("metadata.name!=c")));
        var (bad, status) = await Server.SendAsync(HttpMethod.Get, cms + "?fieldSelector=spec.x%3D1");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("BadRequest", (string?)status["reason"]);
    }

    [Fact]
    public async Task Table_output_uses_crd_printer_columns()
    {
        var ns = await NewNamespaceAsync();
        await Server.SendAsync(HttpMethod.Post, Mds(ns), Manifests.MachineDeployment("md1", replicas: "3"));
        var (code, table) = await Server.SendAsync(HttpMethod.Get, Mds(ns), accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Table", (string?)table["kind"]);
        var columns = table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]).ToList();
        Assert.Equal("Name", columns[0]);
        Assert.Contains("Cluster", columns);
        Assert.Contains("Desired", columns);
        var row = table["rows"]!.AsArray().Single()!;
        Assert.Equal("md1", (string?)row["cells"]![0]);
        Assert.Equal(3, (int?)row["cells"]![columns.IndexOf("Desired")]);
        Assert.Equal("c1", (string?)row["cells"]![columns.IndexOf("Cluster")]);
    }

    [Fact]
    public async Task Watch_streams_events_with_resource_versions()
    {
        var ns = await NewNamespaceAsync();
        var (_, list) = await Server.SendAsync(HttpMethod.Get, Clusters(ns));
        var rv = (string)list["metadata"]!["resourceVersion"]!;
        using var request = new HttpRequestMessage(HttpMethod.Get, Clusters(ns) + $"?watch=1&resourceVersion={rv}&timeoutSeconds=5");
        using var response = await Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        await Server.SendAsync(HttpMethod.Post, Clusters(ns), Manifests.Cluster("w1"));
        await Server.SendAsync(HttpMethod.Delete, Clusters(ns) + "/w1");
        var added = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("ADDED", (string?)added["type"]);
        Assert.Equal("w1", (string?)added["object"]!["metadata"]!["name"]);
        Assert.Equal("cluster.x-k8s.io/v1beta2", (string?)added["object"]!["apiVersion"]);
        var deleted = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("DELETED", (string?)deleted["type"]);
        Assert.True(long.Parse((string)deleted["object"]!["metadata"]!["resourceVersion"]!) > long.Parse((string)added["object"]!["metadata"]!["resourceVersion"]!));
    }

    [Fact]
    public async Task Older_served_version_reads_and_writes_through_storage_version()
    {
        var ns = await NewNamespaceAsync();
        var v1beta1 = """{"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"NutanixCluster","metadata":{"name":"nc"},"spec":{"controlPlaneEndpoint":{"host":"10.0.0.5","port":6443}}}""";
        var (code, created) = await Server.SendAsync(HttpMethod.Post, $"/apis/infrastructure.cluster.x-k8s.io/v1beta1/namespaces/{ns}/nutanixclusters", v1beta1);
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("infrastructure.cluster.x-k8s.io/v1beta1", (string?)created["apiVersion"]);

        var v1beta1Cluster = $$$$"""
            {"apiVersion":"cluster.x-k8s.io/v1beta1","kind":"Cluster","metadata":{"name":"old"},
             "spec":{"infrastructureRef":{"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"NutanixCluster","name":"old","namespace":"{{{{ns}}}}"}}}
            """;
        var (c1, _) = await Server.SendAsync(HttpMethod.Post, $"/apis/cluster.x-k8s.io/v1beta1/namespaces/{ns}/clusters", v1beta1Cluster);
        Assert.Equal(HttpStatusCode.Created, c1);

        // in-process status write (as a controller does) keeps the v1beta1 layout and validates against it
        var type = Server.Store.Resource("cluster.x-k8s.io", "clusters");
        var stored = Server.Store.Get(type, ns, "old");
        Assert.Equal("cluster.x-k8s.io/v1beta1", (string?)stored["apiVersion"]);
        stored["status"] = new JsonObject { ["phase"] = "Provisioning" };
        Server.Store.UpdateStatus(type, stored);

        // a metadata patch through the preferred version keeps the layout too
        var (c2, patched) = await Server.SendAsync(HttpMethod.Patch, Clusters(ns) + "/old", """{"metadata":{"labels":{"l":"v"}}}""", "application/merge-patch+json");
        Assert.True(c2 == HttpStatusCode.OK, patched.ToJsonString());
        Assert.Equal("infrastructure.cluster.x-k8s.io/v1beta1", (string?)patched["spec"]!["infrastructureRef"]!["apiVersion"]);
        Assert.Equal("Provisioning", (string?)patched["status"]!["phase"]);
        var (_, asV2) = await Server.SendAsync(HttpMethod.Get, Clusters(ns) + "/old");
        Assert.Equal("cluster.x-k8s.io/v1beta2", (string?)asV2["apiVersion"]);
        var (_, asV1) = await Server.SendAsync(HttpMethod.Get, $"/apis/cluster.x-k8s.io/v1beta1/namespaces/{ns}/clusters/old");
        Assert.Equal("cluster.x-k8s.io/v1beta1", (string?)asV1["apiVersion"]);
    }
}
