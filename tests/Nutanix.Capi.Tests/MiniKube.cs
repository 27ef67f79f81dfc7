using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Tests;

/// <summary>
/// An in-memory API server behind an <see cref="HttpMessageHandler"/> for installer tests, with the behaviour of a real
/// kube-apiserver the installer depends on: discovery of built-in groups and of CRD kinds only once the CRD is
/// Established (which happens on the first read of the CRD after it is written, so a client that does not wait
/// fails), namespaced objects refused in a missing namespace, label selectors, namespace and CRD deletion removing
/// their objects. A minimal controller emulation: a Deployment is Available when no container arg holds <c>${</c> and
/// every Secret it mounts exists; when cert-manager's Deployments exist, Certificates get their Secret, its webhook
/// its CA Secret, and annotated webhook configurations and CRDs get the CA injected.
/// </summary>
internal sealed class MiniKube : HttpMessageHandler
{
    private static readonly (string Group, string Version, string Plural, string Kind, bool Namespaced)[] Builtins =
    [
        (string.Empty, "v1", "namespaces", "Namespace", false),
        (string.Empty, "v1", "configmaps", "ConfigMap", true),
        (string.Empty, "v1", "secrets", "Secret", true),
        (string.Empty, "v1", "services", "Service", true),
        (string.Empty, "v1", "serviceaccounts", "ServiceAccount", true),
        ("apps", "v1", "deployments", "Deployment", true),
        ("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
        ("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
        ("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
        ("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
        ("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false),
        ("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false),
        ("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false),
    ];

    private readonly object _gate = new();
    private readonly Dictionary<(string Group, string Plural, string Ns, string Name), JsonObject> _objects = [];
    private int _version = 1;

    public MiniKube()
    {
        foreach (var ns in new[] { "default", "kube-system" })
        {
            _objects[(string.Empty, "namespaces", string.Empty, ns)] = new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns },
            };
        }
    }

    /// <summary>Answers an apply of (kind, name) with this status instead of storing it, when set.</summary>
    public Func<string, string, HttpStatusCode?>? FailApply { get; set; }

    /// <summary>Every apply, in order, as <c>Kind namespace/name</c>.</summary>
    public List<string> Applied { get; } = [];

    public ManagementClusterClient Client() => new(new Uri("https://mini.example:6443"), this, null, TimeSpan.FromSeconds(30));

    /// <summary>All stored objects (a copy), e.g. to check that nothing is left.</summary>
    public IReadOnlyList<JsonObject> All()
    {
        lock (_gate)
        {
            Reconcile();
            return [.. _objects.Values.Select(o => o.DeepClone().AsObject())];
        }
    }

    public JsonObject? Find(string kind, string? ns, string name) =>
        All().FirstOrDefault(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name && ((string?)o["metadata"]!["namespace"] ?? string.Empty) == (ns ?? string.Empty));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_gate)
        {
            return Handle(request.Method, request.RequestUri!, body);
        }
    }

    private HttpResponseMessage Handle(HttpMethod method, Uri uri, string? body)
    {
        var segments = uri.AbsolutePath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        int rest;
        if (segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }

        if (segments.Length == rest)
        {
            var resources = Served(group, version);
            return resources.Count == 0
                ? Answer(HttpStatusCode.NotFound, Status(404, "NotFound", $"the server could not find the requested resource {uri.AbsolutePath}"))
                : Answer(HttpStatusCode.OK, new JsonObject
                {
                    ["kind"] = "APIResourceList",
                    ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
                    ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject { ["name"] = r.Plural, ["kind"] = r.Kind, ["namespaced"] = r.Namespaced })]),
                });
        }

        var ns = string.Empty;
        if (segments[rest] == "namespaces" && segments.Length > rest + 2)
        {
            ns = segments[rest + 1];
            rest += 2;
        }

        var plural = segments[rest];
        var name = segments.Length > rest + 1 ? segments[rest + 1] : null;
        var resource = Served(group, version).FirstOrDefault(r => r.Plural == plural);
        if (resource.Plural is null)
        {
            return Answer(HttpStatusCode.NotFound, Status(404, "NotFound", $"the server could not find the requested resource ({plural}.{group})"));
        }

        Reconcile();
        if (method == HttpMethod.Get && name is null)
        {
            var selector = Query(uri, "labelSelector");
            var items = _objects.Where(o => o.Key.Group == group && o.Key.Plural == plural && (ns.Length == 0 || o.Key.Ns == ns))
                .Select(o => o.Value).Where(o => Matches(o, selector)).Select(o => (JsonNode)o.DeepClone()).ToArray();
            return Answer(HttpStatusCode.OK, new JsonObject { ["kind"] = resource.Kind + "List", ["apiVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["metadata"] = new JsonObject(), ["items"] = new JsonArray(items) });
        }

        var key = (group, plural, ns, name!);
        if (method == HttpMethod.Get)
        {
            if (!_objects.TryGetValue(key, out var found))
            {
                return Answer(HttpStatusCode.NotFound, Status(404, "NotFound", $"{plural}.{group} \"{name}\" not found"));
            }

            if (plural == "customresourcedefinitions" && found["status"] is null)
            {
                // Established on the first read after the write: a client that never waits reads discovery too early.
                found["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(
                        new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True" },
                        new JsonObject { ["type"] = "Established", ["status"] = "True" }),
                    ["acceptedNames"] = found["spec"]?["names"]?.DeepClone(),
                };
            }

            return Answer(HttpStatusCode.OK, found.DeepClone());
        }

        if (method == HttpMethod.Delete)
        {
            if (!_objects.Remove(key, out var removed))
            {
                return Answer(HttpStatusCode.NotFound, Status(404, "NotFound", $"{plural}.{group} \"{name}\" not found"));
            }

            if (plural == "namespaces")
            {
                foreach (var k in _objects.Keys.Where(k => k.Ns == name).ToList())
                {
                    _objects.Remove(k);
                }
            }

            if (plural == "customresourcedefinitions")
            {
                var crdGroup = (string?)removed["spec"]!["group"];
                var crdPlural = (string?)removed["spec"]!["names"]!["plural"];
                foreach (var k in _objects.Keys.Where(k => k.Group == crdGroup && k.Plural == crdPlural).ToList())
                {
                    _objects.Remove(k);
                }
            }

            return Answer(HttpStatusCode.OK, Status(200, "Success", "deleted"));
        }

        if (method == HttpMethod.Patch)
        {
            var obj = JsonNode.Parse(body!)!.AsObject();
            var kind = (string?)obj["kind"] ?? string.Empty;
            if (FailApply?.Invoke(kind, name!) is { } failure)
            {
                return Answer(failure, Status((int)failure, failure.ToString(), $"{kind} {name} refused by the test"));
            }

            if (resource.Namespaced && !_objects.ContainsKey((string.Empty, "namespaces", string.Empty, ns)))
            {
                return Answer(HttpStatusCode.NotFound, Status(404, "NotFound", $"namespaces \"{ns}\" not found"));
            }

            if (_objects.TryGetValue(key, out var existing) && existing["status"] is { } status && plural != "customresourcedefinitions")
            {
                obj["status"] = status.DeepClone();
            }

            obj["metadata"]!["resourceVersion"] = (_version++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _objects[key] = obj;
            Applied.Add($"{kind} {(ns.Length > 0 ? ns + "/" : string.Empty)}{name}");
            Reconcile();
            return Answer(HttpStatusCode.OK, obj.DeepClone());
        }

        return Answer(HttpStatusCode.MethodNotAllowed, Status(405, "MethodNotAllowed", method.Method));
    }

    /// <summary>The resources served for group/version: built-ins plus the kinds of Established CRDs.</summary>
    private List<(string Plural, string Kind, bool Namespaced)> Served(string group, string version)
    {
        var served = Builtins.Where(b => b.Group == group && b.Version == version).Select(b => (b.Plural, b.Kind, b.Namespaced)).ToList();
        foreach (var crd in _objects.Where(o => o.Key.Plural == "customresourcedefinitions").Select(o => o.Value))
        {
            var spec = crd["spec"]!;
            var established = (crd["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => (string?)c["type"] == "Established") ?? false;
            if (established && (string?)spec["group"] == group
                && (spec["versions"] as JsonArray)!.OfType<JsonObject>().Any(v => (string?)v["name"] == version && (bool?)v["served"] == true))
            {
                served.Add(((string)spec["names"]!["plural"]!, (string)spec["names"]!["kind"]!, (string?)spec["scope"] == "Namespaced"));
            }
        }

        return served;
    }

    private void Reconcile()
    {
        bool Has(string group, string plural, string ns, string name) => _objects.ContainsKey((group, plural, ns, name));
        var certManager = Has("apps", "deployments", "cert-manager", "cert-manager") && Has("apps", "deployments", "cert-manager", "cert-manager-cainjector")
            && Has("apps", "deployments", "cert-manager", "cert-manager-webhook");
        if (certManager)
        {
            PutSecret("cert-manager", "cert-manager-webhook-ca");
            foreach (var cert in _objects.Where(o => o.Key.Group == "cert-manager.io" && o.Key.Plural == "certificates").Select(o => o.Value).ToList())
            {
                var ns = (string)cert["metadata"]!["namespace"]!;
                var issuer = (string?)cert["spec"]!["issuerRef"]!["name"];
                if (issuer is not null && Has("cert-manager.io", "issuers", ns, issuer))
                {
                    PutSecret(ns, (string)cert["spec"]!["secretName"]!);
                    cert["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) };
                }
            }

            foreach (var (key, obj) in _objects.Where(o => o.Key.Group is "admissionregistration.k8s.io" or "apiextensions.k8s.io").ToList())
            {
                var annotations = obj["metadata"]?["annotations"];
                var fromSecret = (string?)annotations?["cert-manager.io/inject-ca-from-secret"];
                var fromCert = (string?)annotations?["cert-manager.io/inject-ca-from"];
                var ready = fromSecret is not null && Has(string.Empty, "secrets", fromSecret.Split('/')[0], fromSecret.Split('/')[1]);
                if (fromCert is not null && _objects.TryGetValue(("cert-manager.io", "certificates", fromCert.Split('/')[0], fromCert.Split('/')[1]), out var c))
                {
                    ready = Has(string.Empty, "secrets", fromCert.Split('/')[0], (string)c["spec"]!["secretName"]!);
                }

                if (!ready)
                {
                    continue;
                }

                foreach (var webhook in (obj["webhooks"] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    webhook["clientConfig"]!["caBundle"] = "Q0E=";
                }

                if (obj["spec"]?["conversion"]?["webhook"]?["clientConfig"] is JsonObject clientConfig)
                {
                    clientConfig["caBundle"] = "Q0E=";
                }
            }
        }

        foreach (var (key, deployment) in _objects.Where(o => o.Key.Plural == "deployments").ToList())
        {
            var spec = deployment["spec"]!["template"]!["spec"]!;
            var args = (spec["containers"] as JsonArray)!.OfType<JsonObject>().SelectMany(c => (c["args"] as JsonArray)?.Select(a => (string?)a) ?? []);
            var secrets = (spec["volumes"] as JsonArray)?.OfType<JsonObject>().Select(v => (string?)v["secret"]?["secretName"]).OfType<string>() ?? [];
            var why = args.Any(a => a?.Contains("${", StringComparison.Ordinal) == true) ? "an argument holds an unsubstituted ${"
                : secrets.FirstOrDefault(s => !Has(string.Empty, "secrets", key.Ns, s)) is { } missing ? $"Secret {missing} does not exist"
                : null;
            deployment["status"] = new JsonObject
            {
                ["availableReplicas"] = why is null ? 1 : 0,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Available", ["status"] = why is null ? "True" : "False", ["reason"] = why is null ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", ["message"] = why ?? string.Empty }),
            };
        }
    }

    private void PutSecret(string ns, string name)
    {
        if (_objects.ContainsKey((string.Empty, "namespaces", string.Empty, ns)) && !_objects.ContainsKey((string.Empty, "secrets", ns, name)))
        {
            _objects[(string.Empty, "secrets", ns, name)] = new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["data"] = new JsonObject { ["ca.crt"] = "Q0E=", ["tls.crt"] = "Q0U=", ["tls.key"] = "S0VZ" },
            };
        }
    }

    private static bool Matches(JsonObject obj, string? selector)
    {
        if (string.IsNullOrEmpty(selector))
        {
            return true;
        }

        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var term in selector.Split(','))
        {
            var eq = term.IndexOf('=', StringComparison.Ordinal);
            var (k, v) = eq < 0 ? (term, null) : (term[..eq], term[(eq + 1)..]);
            if (labels?[k] is not JsonValue value || (v is not null && (string?)value != v))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Query(Uri uri, string name) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name && p.Length == 2).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();

    private static HttpResponseMessage Answer(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static JsonObject Status(int code, string reason, string message) =>
        new() { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = code < 300 ? "Success" : "Failure", ["reason"] = reason, ["message"] = message, ["code"] = code };
}
