using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Builds the discovery documents (/version, /api, /api/v1, /apis, /apis/G, /apis/G/V) and the OpenAPI v3
/// documents (/openapi/v3, /openapi/v3/apis/G/V) kubectl reads: the latter declare the fieldValidation and
/// fieldManager query parameters on PATCH and carry the CRD schemas (for <c>kubectl explain</c>).
/// </summary>
internal sealed class Discovery(ResourceRegistry registry)
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "32",
        ["gitVersion"] = "v1.32.0-nutanix-sim",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.4",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray((JsonNode)new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1:6443" }),
    };

    /// <summary>Group names with their served versions, most preferred first.</summary>
    public IEnumerable<(string Group, List<string> Versions)> Groups() =>
        registry.Types.Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group)
            .OrderBy(g => GroupOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.SelectMany(t => t.Versions.Select(v => v.Name)).Distinct().OrderBy(v => v, VersionPriority.Instance).ToList()));

    private static int GroupOrder(string group) => group switch
    {
        "apps" => 0,
        "apiextensions.k8s.io" => 1,
        _ => 2,
    };

    public JsonObject GroupList()
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in Groups()) groups.Add((JsonNode)Group(group, versions));
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public JsonObject? Group(string group)
    {
        var match = Groups().FirstOrDefault(g => g.Group == group);
        if (match.Group is null) return null;
        var doc = Group(match.Group, match.Versions);
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return doc;
    }

    private static JsonObject Group(string group, List<string> versions)
    {
        var list = new JsonArray();
        foreach (var v in versions) list.Add((JsonNode)new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v });
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = list,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{group}/{versions[0]}", ["version"] = versions[0] },
        };
    }

    /// <summary>The APIResourceList of one group version, or null when nothing is served there.</summary>
    public JsonObject? ResourceList(string group, string version)
    {
        var types = registry.Types.Where(t => t.Group == group && t.FindVersion(version) is not null).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (types.Count == 0) return null;
        var resources = new JsonArray();
        foreach (var t in types)
        {
            var r = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = Strings(t.Verbs),
            };
            if (t.ShortNames.Count > 0) r["shortNames"] = Strings(t.ShortNames);
            if (t.Categories.Count > 0) r["categories"] = Strings(t.Categories);
            r["storageVersionHash"] = Hash(t.QualifiedResource + "/" + t.StorageVersion);
            resources.Add((JsonNode)r);
            if (t.HasStatus)
            {
                resources.Add((JsonNode)new JsonObject
                {
                    ["name"] = t.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = t.Namespaced,
                    ["kind"] = t.Kind,
                    ["verbs"] = Strings(["get", "patch", "update"]),
                });
            }

            if (t.Scale is not null)
            {
                resources.Add((JsonNode)new JsonObject
                {
                    ["name"] = t.Plural + "/scale",
                    ["singularName"] = "",
                    ["namespaced"] = t.Namespaced,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = Strings(["get", "patch", "update"]),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    /// <summary>The /openapi/v3 root: one entry per served group version.</summary>
    public JsonObject OpenApiRoot()
    {
        var paths = new JsonObject();
        var gvs = new List<string> { "api/v1" };
        foreach (var (group, versions) in Groups()) gvs.AddRange(versions.Select(v => $"apis/{group}/{v}"));
        foreach (var gv in gvs)
        {
            paths[gv] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{gv}?hash={Hash(gv).Replace("=", "")}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The OpenAPI v3 document of one group version ("api/v1", "apis/cluster.x-k8s.io/v1beta2").</summary>
    public JsonObject? OpenApiGroupVersion(string gv)
    {
        string group, version;
        if (gv == "api/v1")
        {
            (group, version) = ("", "v1");
        }
        else
        {
            var parts = gv.Split('/');
            if (parts.Length != 3 || parts[0] != "apis") return null;
            (group, version) = (parts[1], parts[2]);
        }

        var types = registry.Types.Where(t => t.Group == group && t.FindVersion(version) is not null).ToList();
        if (types.Count == 0) return null;
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var t in types)
        {
            var gvk = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = t.Kind };
            var schemaName = SchemaName(t, version);
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var item = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}/{{name}}" : $"{prefix}/{t.Plural}/{{name}}";
            var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" };
            paths[item] = new JsonObject
            {
                ["get"] = Operation("read" + t.Kind, gvk, "get", reference, []),
                ["put"] = Operation("replace" + t.Kind, gvk, "put", reference, ["dryRun", "fieldManager", "fieldValidation"]),
                ["patch"] = Operation("patch" + t.Kind, gvk, "patch", reference, ["dryRun", "fieldManager", "fieldValidation", "force"]),
                ["delete"] = Operation("delete" + t.Kind, gvk, "delete", null, ["dryRun", "propagationPolicy"]),
            };
            var schema = t.FindVersion(version)!.Schema?.DeepClone().AsObject() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            schema["x-kubernetes-group-version-kind"] = new JsonArray((JsonNode)gvk.DeepClone());
            if (schema["properties"] is JsonObject props && props["metadata"] is JsonObject)
            {
                props["metadata"] = new JsonObject
                {
                    ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
                    ["allOf"] = new JsonArray((JsonNode)new JsonObject { ["$ref"] = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }),
                    ["default"] = new JsonObject(),
                };
            }

            schemas[schemaName] = schema;
        }

        schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] = ObjectMetaSchema();
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>
    /// The Swagger 2.0 document of everything served (<c>/openapi/v2</c>), built from the v3 group-version documents
    /// the way kube-apiserver publishes CRD schemas in v2: <c>nullable</c>, <c>oneOf</c>/<c>anyOf</c>/<c>not</c> and CEL
    /// rules dropped, int-or-string fields untyped, references under <c>#/definitions/</c>.
    /// </summary>
    public JsonObject OpenApiV2()
    {
        var paths = new JsonObject();
        var definitions = new JsonObject();
        var gvs = new List<string> { "api/v1" };
        foreach (var (group, versions) in Groups()) gvs.AddRange(versions.Select(v => $"apis/{group}/{v}"));
        foreach (var gv in gvs)
        {
            if (OpenApiGroupVersion(gv) is not { } doc) continue;
            foreach (var (path, item) in doc["paths"]!.AsObject())
            {
                var v2Item = new JsonObject();
                foreach (var (verb, operation) in item!.AsObject()) v2Item[verb] = OperationV2(operation!.AsObject());
                paths[path] = v2Item;
            }

            foreach (var (name, schema) in doc["components"]!["schemas"]!.AsObject())
            {
                definitions[name] = SchemaV2(schema!.AsObject());
            }
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["definitions"] = definitions,
        };
    }

    private static JsonObject OperationV2(JsonObject v3)
    {
        var result = new JsonObject();
        foreach (var (key, value) in v3)
        {
            switch (key)
            {
                case "parameters":
                    result[key] = new JsonArray(value!.AsArray().OfType<JsonObject>().Select(p => (JsonNode?)new JsonObject
                    {
                        ["name"] = p["name"]?.DeepClone(),
                        ["in"] = p["in"]?.DeepClone(),
                        ["type"] = p["schema"]?["type"]?.DeepClone(),
                        ["uniqueItems"] = true,
                    }).ToArray());
                    break;
                case "responses":
                    var responses = new JsonObject();
                    foreach (var (code, response) in value!.AsObject())
                    {
                        var r = new JsonObject { ["description"] = response?["description"]?.DeepClone() };
                        if (response?["content"]?["application/json"]?["schema"] is JsonObject schema) r["schema"] = SchemaV2(schema);
                        responses[code] = r;
                    }

                    result[key] = responses;
                    break;
                default:
                    result[key] = value?.DeepClone();
                    break;
            }
        }

        result["consumes"] = new JsonArray("application/json", "application/yaml");
        result["produces"] = new JsonArray("application/json", "application/yaml");
        result["schemes"] = new JsonArray("https");
        return result;
    }

    private static readonly HashSet<string> DroppedInV2 = new(StringComparer.Ordinal) { "nullable", "oneOf", "anyOf", "not", "x-kubernetes-validations" };

    private static JsonObject SchemaV2(JsonObject schema)
    {
        var result = new JsonObject();
        var intOrString = schema["x-kubernetes-int-or-string"] is JsonValue ios && ios.GetValueKind() == System.Text.Json.JsonValueKind.True;
        foreach (var (key, value) in schema)
        {
            if (DroppedInV2.Contains(key) || (intOrString && key == "type")) continue;
            result[key] = key switch
            {
                "properties" when value is JsonObject props => new JsonObject(props.Select(p => KeyValuePair.Create(p.Key, p.Value is JsonObject c ? (JsonNode?)SchemaV2(c) : p.Value?.DeepClone()))),
                "items" or "additionalProperties" when value is JsonObject child => SchemaV2(child),
                "allOf" when value is JsonArray list => new JsonArray(list.Select(s => s is JsonObject c ? (JsonNode?)SchemaV2(c) : s?.DeepClone()).ToArray()),
                "$ref" => ((string?)value)?.Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal),
                _ => value?.DeepClone(),
            };
        }

        return result;
    }

    private static string SchemaName(ResourceType t, string version)
    {
        var reversed = t.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', t.Group.Split('.').Reverse());
        return $"{reversed}.{version}.{t.Kind}";
    }

    private static JsonObject Operation(string id, JsonObject gvk, string action, JsonObject? reference, string[] queryParams)
    {
        var parameters = new JsonArray();
        foreach (var p in queryParams)
        {
            parameters.Add((JsonNode)new JsonObject { ["name"] = p, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = p == "force" ? "boolean" : "string", ["uniqueItems"] = true } });
        }

        var ok = new JsonObject { ["description"] = "OK" };
        if (reference is not null)
        {
            ok["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = reference.DeepClone() } };
        }

        return new JsonObject
        {
            ["operationId"] = id,
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = ok },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
    }

    private static JsonObject ObjectMetaSchema()
    {
        var str = new JsonObject { ["type"] = "string" };
        var map = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string", ["default"] = "" } };
        return new JsonObject
        {
            ["description"] = "ObjectMeta is metadata that all persisted resources must have.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = str.DeepClone(),
                ["generateName"] = str.DeepClone(),
                ["namespace"] = str.DeepClone(),
                ["uid"] = str.DeepClone(),
                ["resourceVersion"] = str.DeepClone(),
                ["generation"] = new JsonObject { ["type"] = "integer", ["format"] = "int64" },
                ["creationTimestamp"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ["deletionTimestamp"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ["labels"] = map.DeepClone(),
                ["annotations"] = map.DeepClone(),
                ["finalizers"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["default"] = "" } },
                ["ownerReferences"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } },
                ["managedFields"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } },
            },
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static string Hash(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
}

/// <summary>Kubernetes version priority: GA (v2 &gt; v1) before beta before alpha, then lexical.</summary>
internal sealed class VersionPriority : IComparer<string>
{
    public static VersionPriority Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var a = Parse(x ?? "");
        var b = Parse(y ?? "");
        if (a.Rank != b.Rank) return a.Rank.CompareTo(b.Rank);
        if (a.Major != b.Major) return b.Major.CompareTo(a.Major);
        if (a.Minor != b.Minor) return b.Minor.CompareTo(a.Minor);
        return string.CompareOrdinal(x, y);
    }

    private static (int Rank, int Major, int Minor) Parse(string v)
    {
        if (v.Length < 2 || v[0] != 'v') return (3, 0, 0);
        var i = 1;
        while (i < v.Length && char.IsDigit(v[i])) i++;
        if (i == 1 || !int.TryParse(v[1..i], out var major)) return (3, 0, 0);
        if (i == v.Length) return (0, major, 0);
        var rest = v[i..];
        foreach (var (prefix, rank) in new[] { ("beta", 1), ("alpha", 2) })
        {
            if (rest.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(rest[prefix.Length..], out var minor)) return (rank, major, minor);
        }

        return (3, 0, 0);
    }
}
