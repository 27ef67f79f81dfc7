using System.Text.Json.Nodes;
using CrdSnapshotTool;
using Kubernetes.Machinery.Schema;
using Kubernetes.Machinery.Yaml;
using Nutanix.Capi.Schema;
using TestSupport.Tools;

namespace Nutanix.Capi.Tests;

/// <summary>tools/CrdSnapshot (stripping, building, checking) and the embedded snapshot it produced (crds/).</summary>
public sealed class CrdSnapshotTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "crd-snapshot-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A small CRD in the shape controller-gen writes, with documentation at every level a schema can have it.</summary>
    private static JsonObject SmallCrd() => JsonNode.Parse("""
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": {"name": "widgets.example.io", "creationTimestamp": null, "labels": {"cluster.x-k8s.io/v1beta2": "v1"},
                       "annotations": {"cert-manager.io/inject-ca-from": "ns/serving-cert"}},
          "spec": {
            "group": "example.io",
            "names": {"kind": "Widget", "listKind": "WidgetList", "plural": "widgets", "singular": "widget"},
            "scope": "Namespaced",
            "conversion": {"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v1"], "clientConfig": {"service": {"name": "svc", "namespace": "ns", "path": "/convert"}}}},
            "versions": [{
              "name": "v1",
              "served": true,
              "storage": true,
              "deprecated": true,
              "deprecationWarning": "use v2",
              "additionalPrinterColumns": [{"name": "Phase", "type": "string", "jsonPath": ".status.phase", "description": "the phase", "priority": 1}],
              "subresources": {"status": {}},
              "schema": {"openAPIV3Schema": {
                "description": "Widget is a thing.",
                "title": "Widget",
                "type": "object",
                "properties": {
                  "spec": {
                    "description": "spec of the widget",
                    "type": "object",
                    "required": ["size"],
                    "x-kubernetes-validations": [{"rule": "self.size <= 10", "message": "size must be at most 10"}],
                    "properties": {
                      "description": {"type": "string", "description": "a field that is called description", "maxLength": 64},
                      "size": {"type": "integer", "format": "int32", "minimum": 1, "default": 3, "example": 5},
                      "mode": {"type": "string", "enum": ["A", "B"], "default": "A", "externalDocs": {"url": "https://example.io"}},
                      "meta": {"type": "object", "default": {"description": "kept: this is a value"}, "x-kubernetes-preserve-unknown-fields": true},
                      "tags": {"type": "array", "description": "tags", "x-kubernetes-list-type": "set",
                               "items": {"type": "string", "description": "one tag", "pattern": "^[a-z]+$"}},
                      "labels": {"type": "object", "description": "labels", "additionalProperties": {"type": "string", "description": "a value"}},
                      "choice": {"description": "one of", "anyOf": [{"type": "integer", "description": "n"}, {"type": "string", "description": "s"}], "x-kubernetes-int-or-string": true},
                      "other": {"allOf": [{"description": "x", "minLength": 1}], "not": {"description": "y", "enum": [""]}, "oneOf": [{"description": "z", "maxLength": 9}]}
                    }
                  }
                }
              }}
            }]
          },
          "status": {"acceptedNames": {"kind": "", "plural": ""}, "conditions": null, "storedVersions": null}
        }
        """)!.AsObject();

    private static IEnumerable<(string Path, JsonObject Node)> SchemaNodes(JsonObject schema, string path = "")
    {
        yield return (path, schema);
        var children = new List<(string, JsonObject)>();
        if (schema["properties"] is JsonObject props) children.AddRange(props.Where(p => p.Value is JsonObject).Select(p => (path + "." + p.Key, (JsonObject)p.Value!)));
        if (schema["items"] is JsonObject items) children.Add((path + "[]", items));
        if (schema["additionalProperties"] is JsonObject ap) children.Add((path + "{}", ap));
        if (schema["not"] is JsonObject not) children.Add((path + "!", not));
        foreach (var key in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema[key] is JsonArray list) children.AddRange(list.OfType<JsonObject>().Select((s, i) => ($"{path}/{key}[{i}]", s)));
        }

        foreach (var (childPath, child) in children)
        {
            foreach (var n in SchemaNodes(child, childPath)) yield return n;
        }
    }

    [Fact]
    public void Strip_removes_documentation_at_every_schema_level_and_keeps_everything_an_api_server_acts_on()
    {
        var stripped = CrdStripper.Strip(SmallCrd());
        var version = stripped["spec"]!["versions"]![0]!.AsObject();
        var schema = version["schema"]!["openAPIV3Schema"]!.AsObject();

        var nodes = SchemaNodes(schema).ToList();
        Assert.Equal(17, nodes.Count);
        foreach (var (path, node) in nodes)
        {
            foreach (var keyword in new[] { "description", "title", "example", "externalDocs" })
            {
                Assert.False(node.ContainsKey(keyword), $"{keyword} left at '{path}'");
            }
        }

        var spec = schema["properties"]!["spec"]!;
        Assert.True(spec["properties"]!.AsObject().ContainsKey("description"), "a field named description must stay");
        Assert.Equal(64, (int)spec["properties"]!["description"]!["maxLength"]!);
        Assert.Equal("self.size <= 10", (string?)spec["x-kubernetes-validations"]![0]!["rule"]);
        Assert.Equal("size must be at most 10", (string?)spec["x-kubernetes-validations"]![0]!["message"]);
        Assert.Equal(3, (int)spec["properties"]!["size"]!["default"]!);
        Assert.Equal("kept: this is a value", (string?)spec["properties"]!["meta"]!["default"]!["description"]);
        Assert.Equal(["A", "B"], spec["properties"]!["mode"]!["enum"]!.AsArray().Select(e => (string?)e));
        Assert.Equal("^[a-z]+$", (string?)spec["properties"]!["tags"]!["items"]!["pattern"]);
        Assert.Equal("set", (string?)spec["properties"]!["tags"]!["x-kubernetes-list-type"]);
        Assert.True((bool)spec["properties"]!["choice"]!["x-kubernetes-int-or-string"]!);
        Assert.Equal(["size"], spec["required"]!.AsArray().Select(e => (string?)e));

        Assert.Equal("""{"name":"Phase","type":"string","jsonPath":".status.phase","priority":1}""", version["additionalPrinterColumns"]![0]!.ToJsonString());
        Assert.True((bool)version["served"]! && (bool)version["storage"]! && (bool)version["deprecated"]!);
        Assert.Equal("use v2", (string?)version["deprecationWarning"]);
        Assert.NotNull(version["subresources"]!["status"]);
        Assert.Equal("Webhook", (string?)stripped["spec"]!["conversion"]!["strategy"]);
        Assert.Equal("/convert", (string?)stripped["spec"]!["conversion"]!["webhook"]!["clientConfig"]!["service"]!["path"]);
        Assert.Equal("ns/serving-cert", (string?)stripped["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]);
        Assert.Equal("v1", (string?)stripped["metadata"]!["labels"]!["cluster.x-k8s.io/v1beta2"]);
        Assert.False(stripped["metadata"]!.AsObject().ContainsKey("creationTimestamp"));
        Assert.False(stripped.ContainsKey("status"));
        Assert.Equal(["apiVersion", "kind", "metadata", "spec"], stripped.Select(p => p.Key));

        // what is left still compiles as a CRD, and the validator acts on the kept rules
        var registry = new CrdRegistry();
        registry.Add(stripped);
        var tooBig = JsonNode.Parse("""{"apiVersion":"example.io/v1","kind":"Widget","metadata":{"name":"w","namespace":"n"},"spec":{"size":11}}""")!.AsObject();
        Assert.Contains(registry.Validate(tooBig), e => e.ToString().Contains("size must be at most 10", StringComparison.Ordinal));
    }

    [Fact]
    public void Strip_refuses_what_is_not_a_crd()
    {
        var ex = Assert.Throws<FormatException>(() => CrdStripper.Strip(JsonNode.Parse("""{"kind":"ConfigMap","spec":{}}""")!.AsObject()));
        Assert.Contains("ConfigMap", ex.Message, StringComparison.Ordinal);
    }

    private string WriteRelease(string release, string? licence = "                                 Apache License\n                           Version 2.0, January 2004\n")
    {
        var folder = Path.Combine(_dir, "src", release);
        Directory.CreateDirectory(folder);
        if (licence is not null) File.WriteAllText(Path.Combine(folder, "LICENSE"), licence);
        File.WriteAllText(Path.Combine(folder, "example.io_widgets.yaml"), "---\n" + YamlJson.Write(SmallCrd()));
        return Path.Combine(_dir, "src");
    }

    [Fact]
    public void Build_writes_one_stripped_file_per_crd_the_licence_and_a_notice_naming_the_release()
    {
        var source = WriteRelease("cluster-api-v9.9.9");
        var files = SnapshotBuilder.Build(source);

        Assert.Equal(["LICENSE", "NOTICE.md", "cluster-api-v9.9.9/widgets.example.io.yaml"], files.Select(f => f.Path));
        var crdFile = files.Single(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal));
        Assert.StartsWith("# widgets.example.io: Cluster API v9.9.9 (https://github.com/kubernetes-sigs/cluster-api), Apache-2.0", crdFile.Content, StringComparison.Ordinal);
        var reread = YamlJson.ReadDocument(crdFile.Content)!.AsObject();
        Assert.True(JsonNode.DeepEquals(CrdStripper.Strip(SmallCrd()), reread), "the YAML written must read back as the stripped CRD");
        Assert.DoesNotContain("Widget is a thing", crdFile.Content, StringComparison.Ordinal);
        Assert.Contains("Apache License", files.Single(f => f.Path == "LICENSE").Content, StringComparison.Ordinal);
        var notice = files.Single(f => f.Path == "NOTICE.md").Content;
        Assert.Contains("Cluster API v9.9.9, https://github.com/kubernetes-sigs/cluster-api (tag `v9.9.9`), 1 CRDs: `widgets.example.io`", notice, StringComparison.Ordinal);
        Assert.Contains("Apache License, Version 2.0", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_refuses_unknown_releases_and_sources_without_an_apache_licence()
    {
        var unknown = Assert.Throws<SnapshotException>(() => SnapshotBuilder.Build(WriteRelease("some-operator-v1.0.0")));
        Assert.Contains("unknown release folder 'some-operator-v1.0.0'", unknown.Message, StringComparison.Ordinal);
        Directory.Delete(Path.Combine(_dir, "src"), recursive: true);

        var missing = Assert.Throws<SnapshotException>(() => SnapshotBuilder.Build(WriteRelease("capx-v1.0.0", licence: null)));
        Assert.Contains("capx-v1.0.0 has no LICENSE", missing.Message, StringComparison.Ordinal);
        Directory.Delete(Path.Combine(_dir, "src"), recursive: true);

        var other = Assert.Throws<SnapshotException>(() => SnapshotBuilder.Build(WriteRelease("capx-v1.0.0", licence: "MIT License\n")));
        Assert.Contains("is not the Apache License 2.0", other.Message, StringComparison.Ordinal);

        var none = Assert.Throws<SnapshotException>(() => SnapshotBuilder.Build(Path.Combine(_dir, "nowhere")));
        Assert.Contains("does not exist", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_reports_missing_changed_and_stale_files_and_write_makes_it_clean()
    {
        var files = SnapshotBuilder.Build(WriteRelease("cert-manager-v1.2.3"));
        var output = Path.Combine(_dir, "out");
        Assert.Contains("missing: cert-manager-v1.2.3/widgets.example.io.yaml", SnapshotTree.Compare(output, files));

        SnapshotTree.Write(output, files);
        Assert.Empty(SnapshotTree.Compare(output, files));

        File.AppendAllText(Path.Combine(output, "cert-manager-v1.2.3", "widgets.example.io.yaml"), "# edited\n");
        File.WriteAllText(Path.Combine(output, "cert-manager-v1.2.3", "old.yaml"), "kind: x\n");
        Assert.Equal(["different: cert-manager-v1.2.3/widgets.example.io.yaml", "not generated: cert-manager-v1.2.3/old.yaml"], SnapshotTree.Compare(output, files));

        SnapshotTree.Write(output, files);
        Assert.Empty(SnapshotTree.Compare(output, files));
        Assert.False(File.Exists(Path.Combine(output, "cert-manager-v1.2.3", "old.yaml")));
    }

    [Fact]
    public void The_embedded_snapshot_is_the_repository_crds_folder()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "crds");
        var onDisk = Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(onDisk, CrdSnapshot.Entries.Select(e => $"{e.Release}/{e.Name}.yaml"));
        foreach (var entry in CrdSnapshot.Entries)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(folder, entry.Release, entry.Name + ".yaml")), CrdSnapshot.Yaml(entry.Name));
        }
    }

    [Fact]
    public void The_snapshot_has_every_crd_of_the_three_releases_without_prose_and_each_compiles()
    {
        Assert.Equal([CrdSnapshot.Capx, CrdSnapshot.CertManager, CrdSnapshot.ClusterApi], CrdSnapshot.Releases);
        Assert.Equal(19, CrdSnapshot.Release(CrdSnapshot.ClusterApi).Count);
        Assert.Equal(8, CrdSnapshot.Release(CrdSnapshot.Capx).Count);
        Assert.Equal(6, CrdSnapshot.Release(CrdSnapshot.CertManager).Count);
        foreach (var name in new[] { "providers.clusterctl.cluster.x-k8s.io", "nutanixfailuredomains.infrastructure.cluster.x-k8s.io", "certificates.cert-manager.io", "issuers.cert-manager.io", "clusterissuers.cert-manager.io" })
        {
            Assert.True(CrdSnapshot.Contains(name), name);
        }

        foreach (var entry in CrdSnapshot.Entries)
        {
            var crd = CrdSnapshot.Get(entry.Name);
            var definition = CrdDefinition.FromJson(crd);
            Assert.Equal(entry.Name, definition.Name);
            Assert.Single(definition.Versions, v => v.Storage);
            foreach (var version in crd["spec"]!["versions"]!.AsArray())
            {
                foreach (var (path, node) in SchemaNodes(version!["schema"]!["openAPIV3Schema"]!.AsObject()))
                {
                    Assert.False(node.ContainsKey("description"), $"{entry.Name} {version["name"]}: description at '{path}'");
                }
            }
        }

        // the CAPI storage versions and the served-but-deprecated ones are as released
        var cluster = CrdDefinition.FromJson(CrdSnapshot.Get("clusters.cluster.x-k8s.io"));
        Assert.Equal("v1beta2", cluster.StorageVersion.Name);
        Assert.True(cluster.Version("v1beta1")!.Served && cluster.Version("v1beta1")!.Deprecated);
        Assert.NotEmpty(cluster.StorageVersion.PrinterColumns);
        var missing = Assert.Throws<KeyNotFoundException>(() => CrdSnapshot.Get("gadgets.example.io"));
        Assert.Contains("gadgets.example.io", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_notice_names_every_release_and_the_licence_is_apache_2()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "crds");
        var notice = File.ReadAllText(Path.Combine(folder, "NOTICE.md"));
        foreach (var release in CrdSnapshot.Releases)
        {
            Assert.Contains($"`{release}/`", notice, StringComparison.Ordinal);
        }

        var licence = File.ReadAllText(Path.Combine(folder, "LICENSE"));
        Assert.Contains("Apache License", licence, StringComparison.Ordinal);
        Assert.Contains("Version 2.0", licence, StringComparison.Ordinal);
    }
}
