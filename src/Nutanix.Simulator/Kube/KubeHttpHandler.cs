using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubernetes.Machinery.Yaml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Serves the Kubernetes REST API over <see cref="KubeStore"/>: bearer-token authentication, discovery,
/// OpenAPI v3, and the resource verbs (get, list, watch, create, update, patch incl. server-side apply, delete,
/// deletecollection) with status and scale subresources, JSON or Table output, and apiserver Status errors.
/// </summary>
internal sealed class KubeHttpHandler
{
    private readonly KubeStore _store;
    private readonly Discovery _discovery;
    private readonly byte[] _token;
    private readonly ILogger<KubeHttpHandler> _logger;
    private readonly TimeProvider _time;

    /// <summary>The requests answered so far (see <see cref="KubeRequestCounters"/>).</summary>
    public KubeRequestCounters Counters { get; }

    public KubeHttpHandler(KubeStore store, KubeApiOptions options, ILogger<KubeHttpHandler> logger, TimeProvider? time = null, KubeRequestCounters? counters = null)
    {
        _store = store;
        Counters = counters ?? new KubeRequestCounters();
        _discovery = new Discovery(store.Registry);
        _token = Encoding.UTF8.GetBytes(options.BearerToken);
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (!Authenticated(context.Request))
            {
                await WriteJsonAsync(context, 401, KubeApiException.Status(401, "Unauthorized", "Unauthorized", null));
                return;
            }

            await DispatchAsync(context);
        }
        catch (KubeApiException e)
        {
            await WriteJsonAsync(context, e.Code, e.ToStatus());
        }
        catch (JsonException e)
        {
            await WriteJsonAsync(context, 400, KubeApiException.Status(400, "BadRequest", "the request body could not be decoded: " + e.Message, null));
        }
        catch (YamlJsonException e)
        {
            await WriteJsonAsync(context, 400, KubeApiException.Status(400, "BadRequest", "error decoding YAML: " + e.Message, null));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            _logger.LogError(e, "Kubernetes API request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteJsonAsync(context, 500, KubeApiException.Status(500, "InternalError", "Internal error occurred: " + e.Message, null));
        }
    }

    private bool Authenticated(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var presented = Encoding.UTF8.GetBytes(header[7..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = context.Request.Method;
        if (segments.Length == 0) throw NotFound();
        var resourcePath = segments.Length > 2 && ((segments[0] == "api" && segments[1] == "v1") || (segments[0] == "apis" && segments.Length > 3));
        if (!resourcePath) Counters.Count("discovery", null);
        switch (segments[0])
        {
            case "version" when segments.Length == 1:
                await WriteJsonAsync(context, 200, Discovery.Version());
                return;
            case "openapi":
                await OpenApiAsync(context, segments);
                return;
            case "api" when segments.Length == 1:
                await WriteJsonAsync(context, 200, Discovery.CoreVersions());
                return;
            case "api" when segments.Length == 2 && segments[1] == "v1":
                await WriteJsonAsync(context, 200, _discovery.ResourceList("", "v1")!);
                return;
            case "api" when segments[1] == "v1":
                await ResourceAsync(context, method, "", "v1", segments[2..]);
                return;
            case "apis" when segments.Length == 1:
                await WriteJsonAsync(context, 200, _discovery.GroupList());
                return;
            case "apis" when segments.Length == 2:
                await WriteJsonAsync(context, 200, _discovery.Group(segments[1]) ?? throw NotFound());
                return;
            case "apis" when segments.Length == 3:
                await WriteJsonAsync(context, 200, _discovery.ResourceList(segments[1], segments[2]) ?? throw NotFound());
                return;
            case "apis":
                await ResourceAsync(context, method, segments[1], segments[2], segments[3..]);
                return;
            default:
                throw NotFound();
        }
    }

    private static KubeApiException NotFound() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    private async Task OpenApiAsync(HttpContext context, string[] segments)
    {
        if (segments.Length == 2 && segments[1] == "v3")
        {
            await WriteJsonAsync(context, 200, _discovery.OpenApiRoot());
            return;
        }

        if (segments.Length == 2 && segments[1] == "v2")
        {
            // Served as JSON only: a client that accepts nothing but the protobuf encoding gets 406 (client-go then
            // falls back, and kubectl 1.32 reads /openapi/v3 anyway).
            var accept = context.Request.Headers.Accept.ToString();
            if (accept.Length > 0 && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
            {
                throw new KubeApiException(406, "NotAcceptable", "only application/json is supported for /openapi/v2", new JsonObject());
            }

            await WriteJsonAsync(context, 200, _discovery.OpenApiV2());
            return;
        }

        if (segments.Length > 2 && segments[1] == "v3")
        {
            await WriteJsonAsync(context, 200, _discovery.OpenApiGroupVersion(string.Join('/', segments[2..])) ?? throw NotFound());
            return;
        }

        throw NotFound();
    }

    private async Task ResourceAsync(HttpContext context, string method, string group, string version, string[] rest)
    {
        // rest: [namespaces, NS, RESOURCE, NAME?, SUB?] | [RESOURCE, NAME?, SUB?]
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && group.Length == 0 && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        else if (rest.Length >= 3 && rest[0] == "namespaces" && group.Length > 0)
        {
            ns = rest[1];
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3) throw NotFound();
        var type = _store.Registry.Find(group, version, rest[0]) ?? throw NotFound();
        var name = rest.Length > 1 ? rest[1] : null;
        var sub = rest.Length > 2 ? rest[2] : null;
        if (!type.Namespaced && ns is not null) throw NotFound();
        if (sub is not null && !((sub == "status" && type.HasStatus) || (sub == "scale" && type.Scale is not null)))
        {
            throw NotFound();
        }

        var request = new ResourceRequest(type, version, ns, name, sub);
        var query = context.Request.Query;
        Counters.Count(AuditVerb(method, name, IsTrue(query["watch"])), group.Length == 0 ? rest[0] : rest[0] + "." + group);
        switch (method)
        {
            case "GET" when name is null && IsTrue(query["watch"]):
                await WatchAsync(context, request);
                break;
            case "GET" when name is null:
                await ListAsync(context, request);
                break;
            case "GET" when sub == "scale":
                await WriteJsonAsync(context, 200, _store.GetScale(type, ns, name));
                break;
            case "GET":
                await WriteObjectAsync(context, 200, request, _store.Get(type, ns, name));
                break;
            case "POST" when name is null:
                await CreateAsync(context, request);
                break;
            case "PUT" when name is not null:
                await UpdateAsync(context, request);
                break;
            case "PATCH" when name is not null:
                await PatchAsync(context, request);
                break;
            case "DELETE" when name is not null:
                await DeleteAsync(context, request);
                break;
            case "DELETE":
                await DeleteCollectionAsync(context, request);
                break;
            default:
                throw KubeApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    /// <summary>The API server's audit verb of a request.</summary>
    private static string AuditVerb(string method, string? name, bool watch) => method switch
    {
        "GET" when name is null => watch ? "watch" : "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when name is null => "deletecollection",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues v) => v.ToString() is "1" or "true" or "True";

    private WriteOptions Options(HttpContext context, ResourceRequest r)
    {
        var q = context.Request.Query;
        var manager = q["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            var agent = context.Request.Headers.UserAgent.ToString();
            manager = agent.Length == 0 ? "unknown" : agent.Split('/')[0];
        }

        return new WriteOptions
        {
            FieldManager = manager,
            Version = r.Version,
            DryRun = q["dryRun"].ToString() == "All",
            Strict = q["fieldValidation"].ToString() == "Strict",
        };
    }

    private async Task ListAsync(HttpContext context, ResourceRequest r)
    {
        var q = context.Request.Query;
        var list = _store.List(r.Type, r.Namespace, LabelSelector.Parse(q["labelSelector"]), FieldSelector.Parse(q["fieldSelector"], r.Type));
        var page = ListPage.Take(list, q["limit"].ToString(), q["continue"].ToString());
        if (WantsTable(context))
        {
            var table = TableConverter.Convert(r.Type, r.Version, page.Items.Select(i => Convert(r, i)), page.ResourceVersion, q["includeObject"] == "Object", _time.GetUtcNow());
            page.Describe(table["metadata"] as JsonObject);
            await WriteJsonAsync(context, 200, table);
            return;
        }

        var items = new JsonArray();
        foreach (var item in page.Items) items.Add((JsonNode)Convert(r, item));
        var metadata = new JsonObject { ["resourceVersion"] = page.ResourceVersion };
        page.Describe(metadata);
        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["apiVersion"] = r.Type.ApiVersion(r.Version),
            ["kind"] = r.Type.ListKind,
            ["metadata"] = metadata,
            ["items"] = items,
        });
    }

    private async Task WatchAsync(HttpContext context, ResourceRequest r)
    {
        var q = context.Request.Query;
        var rv = q["resourceVersion"].ToString();
        var initial = string.IsNullOrEmpty(rv) || rv == "0" || IsTrue(q["sendInitialEvents"]);
        var table = WantsTable(context);
        using var watch = _store.Watch(r.Type, r.Namespace, LabelSelector.Parse(q["labelSelector"]), FieldSelector.Parse(q["fieldSelector"], r.Type), initial, initial ? null : rv);
        var timeout = int.TryParse(q["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? TimeSpan.FromSeconds(t) : TimeSpan.FromMinutes(30);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        cts.CancelAfter(timeout);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(cts.Token);
        await context.Response.Body.FlushAsync(cts.Token);
        try
        {
            await foreach (var e in watch.Events.ReadAllAsync(cts.Token))
            {
                JsonNode payload = Convert(r, e.Object);
                if (table)
                {
                    payload = TableConverter.Convert(r.Type, r.Version, [e.Object], (string?)e.Object["metadata"]?["resourceVersion"] ?? "", q["includeObject"] == "Object", _time.GetUtcNow());
                }

                var frame = new JsonObject { ["type"] = e.Type, ["object"] = payload };
                var bytes = Encoding.UTF8.GetBytes(frame.ToJsonString() + "\n");
                await context.Response.Body.WriteAsync(bytes, cts.Token);
                await context.Response.Body.FlushAsync(cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed or the client went away: end the stream.
        }
    }

    private async Task CreateAsync(HttpContext context, ResourceRequest r)
    {
        if (r.Namespace is null && r.Type.Namespaced) throw KubeApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        var body = await ReadObjectAsync(context);
        CheckKind(r, body);
        SetNamespace(r, body);
        var created = _store.Create(r.Type, body, Options(context, r));
        await WriteObjectAsync(context, 201, r, created);
    }

    private async Task UpdateAsync(HttpContext context, ResourceRequest r)
    {
        var body = await ReadObjectAsync(context);
        if (r.Subresource == "scale")
        {
            var replicas = (int)(JsonNumbers.Int64(body["spec"]?["replicas"]) ?? 0);
            await WriteJsonAsync(context, 200, _store.UpdateScale(r.Type, r.Namespace, r.Name!, replicas, (string?)body["metadata"]?["resourceVersion"], Options(context, r)));
            return;
        }

        CheckKind(r, body);
        SetNamespace(r, body);
        if ((string?)body["metadata"]?["name"] is { } bodyName && bodyName != r.Name)
        {
            throw KubeApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({r.Name})");
        }

        var options = Options(context, r);
        var updated = r.Subresource == "status" ? _store.UpdateStatus(r.Type, body, options) : _store.Update(r.Type, body, options);
        await WriteObjectAsync(context, 200, r, updated);
    }

    private async Task PatchAsync(HttpContext context, ResourceRequest r)
    {
        var contentType = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var text = await ReadBodyAsync(context);
        var options = Options(context, r);
        var q = context.Request.Query;
        if (r.Subresource == "scale")
        {
            var scale = _store.GetScale(r.Type, r.Namespace, r.Name!);
            var patched = contentType switch
            {
                "application/json-patch+json" => Patches.JsonPatch(scale, JsonNode.Parse(text) as JsonArray ?? throw KubeApiException.BadRequest("json patch must be an array")),
                "application/merge-patch+json" or "application/strategic-merge-patch+json" => Patches.MergePatch(scale, JsonNode.Parse(text)),
                _ => throw KubeHttpUnsupported(),
            };
            var replicas = (int)(JsonNumbers.Int64(patched?["spec"]?["replicas"]) ?? 0);
            await WriteJsonAsync(context, 200, _store.UpdateScale(r.Type, r.Namespace, r.Name!, replicas, null, options));
            return;
        }

        JsonObject result;
        var code = 200;
        switch (contentType)
        {
            case "application/apply-patch+yaml":
            {
                var manager = q["fieldManager"].ToString();
                var cfg = YamlJson.ReadDocument(text) as JsonObject ?? throw KubeApiException.BadRequest("apply patch must be an object");
                CheckKind(r, cfg);
                if (r.Subresource is null && _store.TryGet(r.Type, r.Namespace, r.Name!) is null) code = 201;
                result = _store.Apply(r.Type, r.Namespace, r.Name!, cfg, manager, IsTrue(q["force"]), r.Subresource == "status", options);
                break;
            }

            case "application/merge-patch+json":
                result = _store.Patch(r.Type, r.Namespace, r.Name!, PatchType.Merge, ParseJson(text), options, r.Subresource == "status");
                break;
            case "application/json-patch+json":
                result = _store.Patch(r.Type, r.Namespace, r.Name!, PatchType.Json, ParseJson(text), options, r.Subresource == "status");
                break;
            case "application/strategic-merge-patch+json":
                result = _store.Patch(r.Type, r.Namespace, r.Name!, PatchType.StrategicMerge, ParseJson(text), options, r.Subresource == "status");
                break;
            default:
                throw KubeHttpUnsupported();
        }

        await WriteObjectAsync(context, code, r, result);
    }

    private static KubeApiException KubeHttpUnsupported() => KubeStore.UnsupportedPatch();

    private static JsonNode ParseJson(string text) => JsonNode.Parse(text) ?? throw KubeApiException.BadRequest("empty patch");

    private async Task DeleteAsync(HttpContext context, ResourceRequest r)
    {
        var options = await DeleteOptionsAsync(context);
        var result = _store.Delete(r.Type, r.Namespace, r.Name!, options);
        await WriteObjectAsync(context, 200, r, result);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceRequest r)
    {
        var q = context.Request.Query;
        var options = await DeleteOptionsAsync(context);
        var list = _store.List(r.Type, r.Namespace, LabelSelector.Parse(q["labelSelector"]), FieldSelector.Parse(q["fieldSelector"], r.Type));
        var items = new JsonArray();
        foreach (var item in list.Items)
        {
            try
            {
                items.Add((JsonNode)Convert(r, _store.Delete(r.Type, (string?)item["metadata"]?["namespace"], (string)item["metadata"]!["name"]!, options)));
            }
            catch (KubeApiException e) when (e.Code == 404)
            {
                // Already gone (garbage-collected by an earlier deletion in this collection).
            }
        }

        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["apiVersion"] = r.Type.ApiVersion(r.Version),
            ["kind"] = r.Type.ListKind,
            ["metadata"] = new JsonObject { ["resourceVersion"] = _store.CurrentResourceVersion },
            ["items"] = items,
        });
    }

    private static async Task<DeleteOptions> DeleteOptionsAsync(HttpContext context)
    {
        var q = context.Request.Query;
        JsonObject? body;
        if (IsProtobuf(context))
        {
            var bytes = await ReadBytesAsync(context);
            body = bytes.Length == 0 ? null : KubeProtobuf.Decode(bytes);
        }
        else
        {
            var text = await ReadBodyAsync(context);
            body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
        }

        var policyText = (string?)body?["propagationPolicy"] ?? q["propagationPolicy"].ToString();
        PropagationPolicy? policy = policyText switch
        {
            "Foreground" => PropagationPolicy.Foreground,
            "Background" => PropagationPolicy.Background,
            "Orphan" => PropagationPolicy.Orphan,
            "" => body?["orphanDependents"]?.GetValue<bool>() == true ? PropagationPolicy.Orphan : null,
            _ => throw KubeApiException.BadRequest($"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policyText}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""),
        };
        var dryRun = q["dryRun"].ToString() == "All" || (body?["dryRun"] is JsonArray d && d.Any(x => (string?)x == "All"));
        return new DeleteOptions
        {
            Propagation = policy,
            PreconditionUid = (string?)body?["preconditions"]?["uid"],
            PreconditionResourceVersion = (string?)body?["preconditions"]?["resourceVersion"],
            DryRun = dryRun,
        };
    }

    private static void CheckKind(ResourceRequest r, JsonObject body)
    {
        var kind = (string?)body["kind"];
        var apiVersion = (string?)body["apiVersion"];
        if (kind is not null && kind != r.Type.Kind)
        {
            throw KubeApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({r.Type.Kind})");
        }

        if (apiVersion is not null && apiVersion != r.Type.ApiVersion(r.Version))
        {
            throw KubeApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({r.Type.ApiVersion(r.Version)})");
        }
    }

    private static void SetNamespace(ResourceRequest r, JsonObject body)
    {
        if (!r.Type.Namespaced) return;
        var meta = body["metadata"] as JsonObject ?? new JsonObject();
        body["metadata"] = meta;
        var bodyNs = (string?)meta["namespace"];
        if (string.IsNullOrEmpty(bodyNs))
        {
            meta["namespace"] = r.Namespace;
        }
        else if (bodyNs != r.Namespace)
        {
            throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static JsonObject Convert(ResourceRequest r, JsonObject obj)
    {
        obj["apiVersion"] = r.Type.ApiVersion(r.Version);
        return obj;
    }

    private static bool WantsTable(HttpContext context) =>
        context.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    private async Task WriteObjectAsync(HttpContext context, int code, ResourceRequest r, JsonObject obj)
    {
        Convert(r, obj);
        if (WantsTable(context) && context.Request.Method == "GET")
        {
            var table = TableConverter.Convert(r.Type, r.Version, [obj], (string?)obj["metadata"]?["resourceVersion"] ?? "", context.Request.Query["includeObject"] == "Object", _time.GetUtcNow());
            await WriteJsonAsync(context, code, table);
            return;
        }

        await WriteJsonAsync(context, code, obj);
    }

    private static bool IsProtobuf(HttpContext context) =>
        (context.Request.ContentType ?? "").StartsWith(KubeProtobuf.ContentType, StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadBytesAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        if (IsProtobuf(context)) return KubeProtobuf.Decode(await ReadBytesAsync(context));
        var text = await ReadBodyAsync(context);
        var contentType = context.Request.ContentType ?? "";
        var node = contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase) ? YamlJson.ReadDocument(text) : JsonNode.Parse(text);
        return node as JsonObject ?? throw KubeApiException.BadRequest("the request body must be an object");
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static async Task WriteJsonAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private sealed record ResourceRequest(ResourceType Type, string Version, string? Namespace, string? Name, string? Subresource);
}
