using System.Text.Json.Nodes;
using Kubernetes.Machinery.Schema;
using Kubernetes.Machinery.Yaml;

namespace Nutanix.Capi.Tests;

public sealed class SchemaTests
{
    private static CrdRegistry Crds => CrdFixture.Registry;

    private static JsonObject Yaml(string text) => (JsonObject)YamlJson.ReadDocument(text)!;

    private static List<string> Errors(JsonObject obj) => Crds.Validate(obj).Select(e => e.ToString()).ToList();

    private const string ValidMachineTemplate = """
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: NutanixMachineTemplate
        metadata:
          name: demo-cp
          namespace: default
        spec:
          template:
            spec:
              providerID: nutanix://demo-m1
              vcpuSockets: 2
              vcpusPerSocket: 1
              memorySize: 4Gi
              systemDiskSize: 40Gi
              bootType: legacy
              image: {type: name, name: ubuntu-2204-kube-v1.31.4}
              cluster: {type: uuid, uuid: 0005a1b2-c3d4-e5f6-0000-000000000001}
              subnet:
              - {type: name, name: vlan-10}
        """;

    [Fact]
    public void LoadsAllCrdsWithDiscoveryMetadata()
    {
        Assert.Equal(10, Crds.Definitions.Count);
        var md = Crds.FindByKind("cluster.x-k8s.io", "MachineDeployment")!;
        Assert.Equal("machinedeployments", md.Plural);
        Assert.Contains("md", md.ShortNames);
        Assert.Contains("cluster-api", md.Categories);
        Assert.True(md.Namespaced);
        Assert.Equal("v1beta2", md.StorageVersion.Name);
        var v1beta1 = md.Version("v1beta1")!;
        Assert.True(v1beta1.Served);
        Assert.False(v1beta1.Storage);
        Assert.Equal(".spec.replicas", md.StorageVersion.Scale!.SpecReplicasPath);
        Assert.Equal(".status.selector", md.StorageVersion.Scale!.LabelSelectorPath);
        Assert.True(md.StorageVersion.HasStatusSubresource);
        Assert.Contains(md.StorageVersion.PrinterColumns, c => c.Name == "Cluster" && c.JsonPath == ".spec.clusterName");
        Assert.Same(md, Crds.FindByResourceName("md"));
        Assert.Same(md, Crds.FindByResourceName("machinedeployments.cluster.x-k8s.io"));
        Assert.Same(md, Crds.FindByPlural("cluster.x-k8s.io", "machinedeployments"));
        Assert.Contains(Crds.FindByCategory("cluster-api"), d => d.Kind == "Cluster");
        Assert.Equal("v1beta1", Crds.FindByKind("infrastructure.cluster.x-k8s.io", "NutanixCluster")!.StorageVersion.Name);
    }

    [Fact]
    public void ValidObjectHasNoErrors()
    {
        Assert.Empty(Errors(Yaml(ValidMachineTemplate)));
    }

    [Fact]
    public void ReportsTypeErrorsLikeTheApiServer()
    {
        var md = Yaml("""
            apiVersion: cluster.x-k8s.io/v1beta1
            kind: MachineDeployment
            metadata: {name: md}
            spec:
              clusterName: c
              replicas: "three"
              selector: {}
              template:
                spec:
                  clusterName: c
                  bootstrap: {}
                  infrastructureRef: {kind: NutanixMachineTemplate, name: x}
            """);
        Assert.Contains("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"", Errors(md));
    }

    [Fact]
    public void ReportsMaximumRequiredAndEnum()
    {
        var nc = Yaml("""
            apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
            kind: NutanixCluster
            metadata: {name: c, namespace: default}
            spec:
              prismCentral:
                address: pc.example.com
                port: 70000
                credentialRef: {kind: Secret}
            """);
        var errors = Errors(nc);
        Assert.Contains("spec.prismCentral.port: Invalid value: 70000: spec.prismCentral.port in body should be less than or equal to 65535", errors);
        Assert.Contains("spec.prismCentral.credentialRef.name: Required value", errors);

        var mt = Yaml(ValidMachineTemplate);
        mt["spec"]!["template"]!["spec"]!["bootType"] = "bios";
        Assert.Equal(["spec.template.spec.bootType: Unsupported value: \"bios\": supported values: \"legacy\", \"uefi\""], Errors(mt));
        var cause = Crds.Validate(mt).Single().ToStatusCause();
        Assert.Equal("FieldValueNotSupported", (string?)cause["reason"]);
        Assert.Equal("Unsupported value: \"bios\": supported values: \"legacy\", \"uefi\"", (string?)cause["message"]);
        Assert.Equal("spec.template.spec.bootType", (string?)cause["field"]);
    }

    [Fact]
    public void ChecksStringLengthsAndPatterns()
    {
        var mt = Yaml(ValidMachineTemplate);
        var spec = mt["spec"]!["template"]!["spec"]!;
        spec["memorySize"] = "4 gigs";
        spec["image"] = new JsonObject { ["type"] = "name", ["name"] = "" };
        var errors = Errors(mt);
        Assert.Contains(errors, e => e.StartsWith("spec.template.spec.memorySize: Invalid value: \"4 gigs\": spec.template.spec.memorySize in body should match '^(\\+|-)?", StringComparison.Ordinal));
        Assert.Contains("spec.template.spec.image.name: Invalid value: \"\": spec.template.spec.image.name in body should be at least 1 chars long", errors);

        var nc = Yaml("""
            apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
            kind: NutanixCluster
            metadata: {name: c}
            spec:
              prismCentral: {address: pc, port: 9440}
            """);
        nc["spec"]!["prismCentral"]!["address"] = new string('a', 300);
        Assert.Contains("spec.prismCentral.address: Too long: may not be more than 256 bytes", Errors(nc));
    }

    [Fact]
    public void IntOrStringAcceptsIntegersAndStringsOnly()
    {
        var mt = Yaml(ValidMachineTemplate);
        mt["spec"]!["template"]!["spec"]!["memorySize"] = 4294967296L;
        Assert.Empty(Errors(mt));
        mt["spec"]!["template"]!["spec"]!["memorySize"] = true;
        Assert.Contains(Errors(mt), e => e.StartsWith("spec.template.spec.memorySize: Invalid value: \"boolean\"", StringComparison.Ordinal));
    }

    [Fact]
    public void EvaluatesCelRulesOfTheCrds()
    {
        var mt = Yaml(ValidMachineTemplate);
        var spec = mt["spec"]!["template"]!["spec"]!.AsObject();
        spec["cluster"] = new JsonObject { ["type"] = "uuid", ["name"] = "pe1" };
        spec["imageLookup"] = new JsonObject { ["baseOS"] = "ubuntu-22.04" };
        spec["subnet"] = new JsonArray(
            new JsonObject { ["type"] = "name", ["name"] = "a" },
            new JsonObject { ["type"] = "name", ["name"] = "a" });
        var errors = Errors(mt);
        Assert.Contains(errors, e => e.StartsWith("spec.template.spec.cluster: Invalid value: \"object\": 'uuid' must be set when type is 'uuid'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.template.spec: Invalid value: \"object\":", StringComparison.Ordinal) && e.Contains("image", StringComparison.Ordinal));
        Assert.Contains("spec.template.spec: Invalid value: \"object\": each subnet must be unique", errors);

        spec["cluster"] = new JsonObject { ["type"] = "uuid", ["uuid"] = "nodashes" };
        Assert.Contains(Errors(mt), e => e.StartsWith("spec.template.spec.cluster: Invalid value: \"object\"", StringComparison.Ordinal));
    }

    [Fact]
    public void AllCelRulesInTheCrdsAreEvaluated()
    {
        Assert.Empty(Crds.RulesNotEvaluated());
    }

    [Fact]
    public void ListMapKeysMustBeUnique()
    {
        var kct = Yaml("""
            apiVersion: bootstrap.cluster.x-k8s.io/v1beta2
            kind: KubeadmConfigTemplate
            metadata: {name: k}
            spec:
              template:
                spec:
                  joinConfiguration:
                    nodeRegistration:
                      kubeletExtraArgs:
                      - {name: cloud-provider, value: external}
                      - {name: cloud-provider, value: external}
            """);
        const string args = "spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs";
        var errors = Errors(kct);
        Assert.Contains(args + "[1]: Duplicate value: {\"name\":\"cloud-provider\",\"value\":\"external\"}", errors);

        // Same name, different value: the map keys (name, value) differ, the CRD's CEL rule catches it.
        kct["spec"]!["template"]!["spec"]!["joinConfiguration"]!["nodeRegistration"]!["kubeletExtraArgs"]![1]!["value"] = "internal";
        Assert.Equal([args + ": Invalid value: \"array\": kubeletExtraArgs name must be unique"], Errors(kct));
    }

    [Fact]
    public void ValidatesObjectMeta()
    {
        var mt = Yaml(ValidMachineTemplate);
        mt["metadata"] = new JsonObject { ["name"] = "Bad_Name", ["labels"] = new JsonObject { ["ok"] = "bad value!" } };
        var errors = Errors(mt);
        Assert.Contains(errors, e => e.StartsWith("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("metadata.labels: Invalid value: \"bad value!\": a valid label", StringComparison.Ordinal));
        mt["metadata"] = new JsonObject();
        Assert.Contains("metadata.name: Required value: name or generateName is required", Errors(mt));
    }

    [Fact]
    public void UnknownKindAndUnservedVersionAreReported()
    {
        var errors = Crds.Validate(Yaml("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"));
        Assert.Equal("kind: Not found: \"Widget\": no matches for kind \"Widget\" in version \"example.com/v1\"", Assert.Single(errors).ToString());
        var bad = Crds.Validate(Yaml("apiVersion: cluster.x-k8s.io/v1alpha3\nkind: Cluster\nmetadata: {name: c}\n"));
        Assert.Equal(FieldErrorType.NotSupported, Assert.Single(bad).Type);
    }

    [Fact]
    public void DefaultsAreAppliedStructurally()
    {
        var nc = Yaml("""
            apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
            kind: NutanixCluster
            metadata: {name: c}
            spec:
              prismCentral: {address: pc, insecure: null}
            """);
        Assert.True(Crds.ApplyDefaults(nc));
        var pc = nc["spec"]!["prismCentral"]!;
        Assert.Equal(9440L, pc["port"]!.GetValue<long>());
        Assert.False(pc["insecure"]!.GetValue<bool>());
        Assert.Empty(Errors(nc));
    }

    [Fact]
    public void PruneRemovesUnknownFieldsButKeepsPreservedOnes()
    {
        var mt = Yaml(ValidMachineTemplate);
        mt["spec"]!["template"]!["spec"]!["categories"] = new JsonArray("x");
        mt["spec"]!["bogus"] = 1;
        mt["metadata"]!["color"] = "red";
        mt["spec"]!["template"]!["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["a"] = "b" } };
        var removed = Crds.Prune(mt);
        Assert.Equal(["metadata.color", "spec.bogus", "spec.template.spec.categories"], removed.Order(StringComparer.Ordinal));
        Assert.Null(mt["spec"]!["bogus"]);
        Assert.Equal("b", mt["spec"]!["template"]!["metadata"]!["labels"]!["a"]!.GetValue<string>());
        Assert.Equal("NutanixMachineTemplate", mt["kind"]!.GetValue<string>());
        Assert.Empty(Crds.Prune(mt));
    }

    [Fact]
    public void SyntheticSchemaCoversRemainingKeywords()
    {
        var schema = SchemaNode.Compile(Yaml("""
            type: object
            required: [items]
            minProperties: 1
            maxProperties: 3
            properties:
              items:
                type: array
                minItems: 1
                maxItems: 2
                x-kubernetes-list-type: set
                items: {type: string, format: date-time}
              ratio: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, multipleOf: 0.25}
              data: {type: string, format: byte}
              small: {type: integer, format: int32}
              maybe: {type: string, nullable: true}
              labels:
                type: object
                additionalProperties: {type: string, maxLength: 3}
              free:
                type: object
                x-kubernetes-preserve-unknown-fields: true
              unique:
                type: array
                uniqueItems: true
                items: {type: integer}
            """));
        static List<string> Run(SchemaNode s, string yaml) => SchemaValidator.Validate(YamlJson.ReadDocument(yaml), s, "spec").Select(e => e.ToString()).ToList();

        Assert.Empty(Run(schema, "items: ['2024-01-02T03:04:05Z']\nmaybe: null\nratio: 0.5\n"));
        var errors = Run(schema, """
            items: [not-a-date, not-a-date, x]
            ratio: 0
            data: '%%%'
            small: 3000000000
            """);
        Assert.Contains("spec.items: Too many: 3: must have at most 2 items", errors);
        Assert.Contains("spec.items[1]: Duplicate value: \"not-a-date\"", errors);
        Assert.Contains("spec.items[0]: Invalid value: \"not-a-date\": spec.items[0] in body must be of type date-time: \"not-a-date\"", errors);
        Assert.Contains("spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0", errors);
        Assert.Contains("spec.data: Invalid value: \"%%%\": spec.data in body must be of type byte: \"%%%\"", errors);
        Assert.Contains("spec.small: Invalid value: 3000000000: spec.small in body must be of type int32: \"3000000000\"", errors);
        Assert.Contains("spec: Too many: 4: must have at most 3 items", errors);

        errors = Run(schema, "ratio: 0.3\nlabels: {a: toolong}\nunique: [1, 1]\nfree: {anything: [1]}\n");
        Assert.Contains("spec.items: Required value", errors);
        Assert.Contains("spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.25", errors);
        Assert.Contains("spec.labels.a: Too long: may not be more than 3 bytes", errors);
        Assert.Contains("spec.unique[1]: Duplicate value: 1", errors);
        Assert.Contains("spec: Too many: 4: must have at most 3 items", errors);
        Assert.Equal(5, errors.Count);

        Assert.Contains("spec: Invalid value: 0: spec in body should have at least 1 properties", Run(schema, "{}"));
        Assert.Contains("spec.items: Invalid value: 0: spec.items in body should have at least 1 items", Run(schema, "items: []"));
        Assert.Contains("spec.maybe: Invalid value: \"integer\": spec.maybe in body must be of type string: \"integer\"", Run(schema, "items: [a]\nmaybe: 5"));
    }

    [Fact]
    public void EmbeddedResourceKeepsApiVersionKindMetadata()
    {
        var schema = SchemaNode.Compile(Yaml("""
            type: object
            properties:
              obj:
                type: object
                x-kubernetes-embedded-resource: true
                properties:
                  spec: {type: object, properties: {a: {type: string}}}
            """));
        var value = Yaml("obj: {apiVersion: v1, kind: ConfigMap, metadata: {name: x, junk: 1}, spec: {a: b, c: d}}");
        var removed = new List<string>();
        var root = new JsonObject { ["apiVersion"] = "x/v1", ["kind"] = "K", ["metadata"] = new JsonObject { ["name"] = "n" }, ["spec"] = value };
        var rootSchema = SchemaNode.Compile(new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["spec"] = schema.Raw.DeepClone() } });
        removed.AddRange(SchemaValidator.Prune(root, rootSchema));
        Assert.Equal(["spec.obj.metadata.junk", "spec.obj.spec.c"], removed);
        Assert.Equal("ConfigMap", value["obj"]!["kind"]!.GetValue<string>());
        var missing = SchemaValidator.Validate(Yaml("obj: {spec: {a: b}}"), schema, "spec").Select(e => e.ToString()).ToList();
        Assert.Contains("spec.obj.apiVersion: Required value: must not be empty", missing);
    }

    [Fact]
    public void PatternsDotNetCannotCompileAreSkippedNotFatal()
    {
        var node = SchemaNode.Compile(Yaml("type: string\npattern: '[[:alpha:'\n"));
        Assert.Equal("[[:alpha:", node.Pattern);
        Assert.Empty(SchemaValidator.Validate(JsonValue.Create("x"), node, "spec.s"));
    }
}
