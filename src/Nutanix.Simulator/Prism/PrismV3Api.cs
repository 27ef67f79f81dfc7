using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nutanix.Simulator.Inventory;

namespace Nutanix.Simulator.Prism;

/// <summary>The Prism Central v3 REST API (<c>/api/nutanix/v3</c>) over a <see cref="PrismInventory"/>.</summary>
public sealed class PrismV3Api(PrismInventory inventory, string pcVersion)
{
    public const string BasePath = "/api/nutanix/v3";
    public const int DefaultLength = 20;
    public const int MaxLength = 500;

    private static readonly string[] NameOnly = ["name"];
    private static readonly string[] SubnetAttributes = ["name", "cluster_name", "cluster_uuid", "vlan_id", "subnet_type"];
    private static readonly string[] VmAttributes = ["vm_name", "name", "cluster_name", "cluster_uuid", "power_state", "ip_addresses"];

    public string PrismCentralVersion { get; } = pcVersion;

    /// <summary>Adds the product headers every Prism Central response carries.</summary>
    public IApplicationBuilder UseProductHeaders(IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.Headers["X-Ntnx-Product"] = PrismCentralVersion;
        context.Response.Headers["X-Ntnx-Env"] = "pc";
        context.Response.Headers.Server = "envoy";
        return next(context);
    });

    public void Map(IEndpointRouteBuilder routes)
    {
        var v3 = routes.MapGroup(BasePath);
        v3.MapGet("/users/me", Handle("user", UsersMe));
        v3.MapGet("/prism_central", Handle("prism_central", PrismCentral));

        v3.MapPost("/clusters/list", Handle("cluster", ctx => List(ctx, "cluster", inventory.ListClusters(), NameOnly,
            (c, a) => a == "name" ? c.Name : null, c => c.Name, c => V3Renderer.Cluster(c, PrismCentralVersion))));
        v3.MapGet("/clusters/{uuid}", Handle("cluster", ctx => Get(ctx, "cluster", inventory.GetCluster, c => V3Renderer.Cluster(c, PrismCentralVersion))));

        v3.MapPost("/hosts/list", Handle("host", ctx => List(ctx, "host", inventory.ListPrismElements().SelectMany(V3Renderer.Hosts).ToList(), NameOnly,
            (h, a) => a == "name" ? (string?)h["spec"]!["name"] : null, h => (string)h["spec"]!["name"]!, h => h)));
        v3.MapGet("/hosts/{uuid}", Handle("host", ctx => Get(ctx, "host",
            uuid => inventory.ListPrismElements().SelectMany(V3Renderer.Hosts).FirstOrDefault(h => string.Equals((string?)h["metadata"]!["uuid"], uuid, StringComparison.OrdinalIgnoreCase)),
            h => h)));

        v3.MapPost("/subnets/list", Handle("subnet", ctx => List(ctx, "subnet", inventory.ListSubnets(), SubnetAttributes, SubnetAttribute, s => s.Name,
            s => V3Renderer.Subnet(s, inventory.AllocatedAddresses(s.Uuid)))));
        v3.MapGet("/subnets/{uuid}", Handle("subnet", ctx => Get(ctx, "subnet", inventory.GetSubnet, s => V3Renderer.Subnet(s, inventory.AllocatedAddresses(s.Uuid)))));

        v3.MapPost("/images/list", Handle("image", ctx => List(ctx, "image", inventory.ListImages(), NameOnly,
            (i, a) => a == "name" ? i.Name : null, i => i.Name, i => V3Renderer.Image(i, inventory))));
        v3.MapGet("/images/{uuid}", Handle("image", ctx => Get(ctx, "image", inventory.GetImage, i => V3Renderer.Image(i, inventory))));

        v3.MapPost("/projects/list", Handle("project", ctx => List(ctx, "project", inventory.ListProjects(), NameOnly,
            (p, a) => a == "name" ? p.Name : null, p => p.Name, p => V3Renderer.Project(p, inventory))));
        v3.MapGet("/projects/{uuid}", Handle("project", ctx => Get(ctx, "project", inventory.GetProject, p => V3Renderer.Project(p, inventory))));

        v3.MapPost("/vms/list", Handle("vm", ctx => List(ctx, "vm", inventory.ListVms(), VmAttributes, VmAttribute, v => v.Name, v => V3Renderer.Vm(v, inventory))));
        v3.MapGet("/vms/{uuid}", Handle("vm", ctx => Get(ctx, "vm", inventory.GetVm, v => V3Renderer.Vm(v, inventory))));
        v3.MapPost("/vms", Handle("vm", CreateVm));
        v3.MapPut("/vms/{uuid}", Handle("vm", UpdateVm));
        v3.MapDelete("/vms/{uuid}", Handle("vm", DeleteVm));

        v3.MapGet("/tasks/{uuid}", Handle("task", GetTask));
        v3.MapPost("/tasks/list", Handle("task", ListTasks));

        v3.MapPost("/categories/list", Handle("category", ctx => List(ctx, "category", inventory.ListCategories(), NameOnly,
            (c, a) => a == "name" ? c.Key : null, c => c.Key, V3Renderer.Category)));
        v3.MapGet("/categories/{key}", Handle("category", GetCategory));
        v3.MapPut("/categories/{key}", Handle("category", PutCategory));
        v3.MapDelete("/categories/{key}", Handle("category", ctx => DeleteCategory(ctx, withValue: false)));
        v3.MapPost("/categories/{key}/list", Handle("category", ListCategoryValues));
        v3.MapGet("/categories/{key}/{value}", Handle("category", GetCategoryValue));
        v3.MapPut("/categories/{key}/{value}", Handle("category", PutCategoryValue));
        v3.MapDelete("/categories/{key}/{value}", Handle("category", ctx => DeleteCategory(ctx, withValue: true)));

        v3.MapFallback(Handle("error", ctx => throw new PrismApiException(404, "ENTITY_NOT_FOUND",
            $"{ctx.Request.Method} {ctx.Request.Path} is not an API this Prism Central serves")));
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    private static RequestDelegate Handle(string kind, Func<HttpContext, Task> handler) => async context =>
    {
        try
        {
            await handler(context);
        }
        catch (PrismApiException e)
        {
            await WriteJson(context, e.StatusCode, V3Renderer.Error(e.StatusCode, e.Reason, e.Message, kind));
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger<PrismV3Api>()
                .LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteJson(context, 500, V3Renderer.Error(500, "INTERNAL_ERROR", "Internal error while processing the request", kind));
        }
    };

    public static async Task WriteJson(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static async Task<JsonObject> ReadBody(HttpContext context, bool required)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return required ? throw new PrismApiException(400, "INVALID_REQUEST", "Request body is required") : new JsonObject();
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new PrismApiException(400, "INVALID_REQUEST", "Request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new PrismApiException(400, "INVALID_REQUEST", $"Request could not be parsed as JSON: {e.Message}");
        }
    }

    private static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    private static long? OptLong(JsonObject o, string key, string path)
    {
        var node = o[key];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<long>(out var l)) return l;
            // Some clients serialise integers as 20.0; accept whole numbers.
            if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15) return (long)d;
        }
        throw new PrismApiException(400, "INVALID_REQUEST", $"{path}{key}: must be an integer");
    }

    private static string? OptString(JsonObject? o, string key, string path)
    {
        var node = o?[key];
        if (node is null) return null;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
            : throw new PrismApiException(400, "INVALID_REQUEST", $"{path}{key}: must be a string");
    }

    private static JsonObject? OptObject(JsonObject? o, string key, string path)
    {
        var node = o?[key];
        if (node is null) return null;
        return node as JsonObject ?? throw new PrismApiException(400, "INVALID_REQUEST", $"{path}{key}: must be an object");
    }

    private static JsonArray? OptArray(JsonObject? o, string key, string path)
    {
        var node = o?[key];
        if (node is null) return null;
        return node as JsonArray ?? throw new PrismApiException(400, "INVALID_REQUEST", $"{path}{key}: must be an array");
    }

    // ---- generic list / get ---------------------------------------------------------------------------------------

    private static async Task List<T>(HttpContext context, string kind, IReadOnlyList<T> all, IReadOnlyCollection<string> attributes,
        Func<T, string, string?> attribute, Func<T, string> sortName, Func<T, JsonObject> render)
    {
        var body = await ReadBody(context, required: false);
        var requestedKind = OptString(body, "kind", "");
        if (requestedKind is not null && requestedKind != kind)
        {
            throw new PrismApiException(400, "INVALID_REQUEST", $"kind '{requestedKind}' does not match this endpoint (expected '{kind}')");
        }
        var length = OptLong(body, "length", "") ?? DefaultLength;
        var offset = OptLong(body, "offset", "") ?? 0;
        if (length < 1) throw new PrismApiException(400, "INVALID_REQUEST", "length must be at least 1");
        if (offset < 0) throw new PrismApiException(400, "INVALID_REQUEST", "offset must not be negative");
        length = Math.Min(length, MaxLength);
        var filterText = OptString(body, "filter", "");
        var filter = FiqlFilter.Parse(filterText, attributes);

        IEnumerable<T> matches = filter is null ? all : all.Where(e => filter.Matches(a => attribute(e, a)));
        var sortAttribute = OptString(body, "sort_attribute", "");
        var sortOrder = OptString(body, "sort_order", "") ?? "ASCENDING";
        if (sortOrder is not ("ASCENDING" or "DESCENDING")) throw new PrismApiException(400, "INVALID_REQUEST", "sort_order must be ASCENDING or DESCENDING");
        if (sortAttribute is { Length: > 0 })
        {
            if (sortAttribute is not ("name" or "vm_name")) throw new PrismApiException(400, "INVALID_REQUEST", $"sort_attribute '{sortAttribute}' is not supported");
            matches = sortOrder == "ASCENDING" ? matches.OrderBy(sortName, StringComparer.Ordinal) : matches.OrderByDescending(sortName, StringComparer.Ordinal);
        }
        var list = matches.ToList();
        var page = list.Skip((int)Math.Min(offset, int.MaxValue)).Take((int)length).Select(e => (JsonNode)render(e)).ToArray();

        var metadata = new JsonObject
        {
            ["kind"] = kind,
            ["total_matches"] = list.Count,
            ["offset"] = offset,
            ["length"] = page.Length,
        };
        if (filterText is not null) metadata["filter"] = filterText;
        if (sortAttribute is not null) metadata["sort_attribute"] = sortAttribute;
        await WriteJson(context, 200, new JsonObject
        {
            ["api_version"] = V3Renderer.ApiVersion,
            ["metadata"] = metadata,
            ["entities"] = new JsonArray(page),
        });
    }

    private static Task Get<T>(HttpContext context, string kind, Func<string, T?> find, Func<T, JsonObject> render) where T : class
    {
        var uuid = Route(context, "uuid");
        var entity = find(uuid) ?? throw PrismApiException.NotFound(kind, uuid);
        var body = render(entity);
        body["api_version"] = V3Renderer.ApiVersion;
        return WriteJson(context, 200, body);
    }

    private static string? SubnetAttribute(PrismSubnet s, string a) => a switch
    {
        "name" => s.Name,
        "cluster_name" => s.ClusterName,
        "cluster_uuid" => s.ClusterUuid,
        "vlan_id" => s.VlanId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "subnet_type" => s.SubnetType,
        _ => null,
    };

    private static string? VmAttribute(PrismVm v, string a) => a switch
    {
        "vm_name" or "name" => v.Name,
        "cluster_name" => v.ClusterName,
        "cluster_uuid" => v.ClusterUuid,
        "power_state" => v.PowerState.ToLowerInvariant() == "on" ? "on" : "off",
        "ip_addresses" => v.Nics.FirstOrDefault()?.IpAddress,
        _ => null,
    };

    // ---- users / prism_central ------------------------------------------------------------------------------------

    private Task UsersMe(HttpContext context)
    {
        var user = (string?)context.Items[PrismAuthentication.UserItem] ?? "admin";
        return WriteJson(context, 200, new JsonObject
        {
            ["api_version"] = V3Renderer.ApiVersion,
            ["metadata"] = new JsonObject
            {
                ["kind"] = "user",
                ["uuid"] = DeterministicUuid.For("user", user),
                ["spec_version"] = 0,
                ["categories"] = new JsonObject(),
                ["categories_mapping"] = new JsonObject(),
            },
            ["spec"] = new JsonObject { ["resources"] = new JsonObject() },
            ["status"] = new JsonObject
            {
                ["name"] = user,
                ["state"] = "COMPLETE",
                ["resources"] = new JsonObject
                {
                    ["display_name"] = user,
                    ["user_type"] = "LOCAL",
                    ["access_control_policy_reference_list"] = new JsonArray(),
                    ["projects_reference_list"] = new JsonArray(),
                    ["resource_usage_summary"] = new JsonObject(),
                },
            },
        });
    }

    private Task PrismCentral(HttpContext context)
    {
        var pc = inventory.PrismCentral;
        return WriteJson(context, 200, new JsonObject
        {
            ["resources"] = new JsonObject
            {
                ["type"] = "PC",
                ["version"] = PrismCentralVersion,
                ["cluster_uuid"] = pc.Uuid,
                ["virtual_ip"] = pc.ExternalIp,
                ["pc_size"] = "kSmall",
                ["should_auto_register"] = false,
                ["is_registered_to_hosting_pe"] = true,
                ["pc_vm_list"] = new JsonArray(new JsonObject
                {
                    ["vm_name"] = pc.Name + "-vm-1",
                    ["vm_uuid"] = DeterministicUuid.For("pc-vm", pc.Name),
                    ["status"] = "NORMAL",
                    ["power_state"] = "ON",
                    ["num_sockets"] = 6,
                    ["memory_size_bytes"] = 28L << 30,
                    ["nic_list"] = new JsonArray(new JsonObject { ["ip_list"] = new JsonArray(JsonValue.Create(pc.ExternalIp)) }),
                    ["cluster_reference"] = V3Renderer.Reference("cluster", inventory.ListPrismElements()[0].Uuid),
                }),
            },
        });
    }

    // ---- VMs ------------------------------------------------------------------------------------------------------

    private async Task CreateVm(HttpContext context)
    {
        var body = await ReadBody(context, required: true);
        var spec = OptObject(body, "spec", "") ?? throw new PrismApiException(400, "INVALID_REQUEST", "spec is required");
        var metadata = OptObject(body, "metadata", "") ?? new JsonObject();
        var kind = OptString(metadata, "kind", "metadata.");
        if (kind is not null && kind != "vm") throw new PrismApiException(400, "INVALID_REQUEST", "metadata.kind must be 'vm'");
        var resources = OptObject(spec, "resources", "spec.") ?? new JsonObject();
        var cluster = OptObject(spec, "cluster_reference", "spec.")
            ?? throw new PrismApiException(422, "INVALID_REQUEST", "spec.cluster_reference is required");
        var clusterUuid = OptString(cluster, "uuid", "spec.cluster_reference.") ?? throw new PrismApiException(422, "INVALID_REQUEST", "spec.cluster_reference.uuid is required");

        var disks = new List<VmDiskRequest>();
        var diskList = OptArray(resources, "disk_list", "spec.resources.") ?? [];
        for (var i = 0; i < diskList.Count; i++)
        {
            var path = $"spec.resources.disk_list[{i}].";
            var d = diskList[i] as JsonObject ?? throw new PrismApiException(400, "INVALID_REQUEST", path + ": must be an object");
            var source = OptObject(d, "data_source_reference", path);
            var deviceType = OptString(OptObject(d, "device_properties", path), "device_type", path + "device_properties.") ?? "DISK";
            disks.Add(new VmDiskRequest(OptString(source, "uuid", path + "data_source_reference."), OptLong(d, "disk_size_mib", path) ?? 0, deviceType));
        }

        var nics = new List<VmNicRequest>();
        var nicList = OptArray(resources, "nic_list", "spec.resources.") ?? [];
        for (var i = 0; i < nicList.Count; i++)
        {
            var path = $"spec.resources.nic_list[{i}].";
            var n = nicList[i] as JsonObject ?? throw new PrismApiException(400, "INVALID_REQUEST", path + ": must be an object");
            var subnet = OptObject(n, "subnet_reference", path) ?? throw new PrismApiException(422, "INVALID_REQUEST", path + "subnet_reference is required");
            var subnetUuid = OptString(subnet, "uuid", path + "subnet_reference.") ?? throw new PrismApiException(422, "INVALID_REQUEST", path + "subnet_reference.uuid is required");
            var endpoints = OptArray(n, "ip_endpoint_list", path);
            var ip = endpoints is { Count: > 0 } ? OptString(endpoints[0] as JsonObject, "ip", path + "ip_endpoint_list[0].") : null;
            nics.Add(new VmNicRequest(subnetUuid, ip));
        }

        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in OptObject(metadata, "categories", "metadata.") ?? [])
        {
            categories[k] = v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s
                : throw new PrismApiException(400, "INVALID_REQUEST", $"metadata.categories.{k}: must be a string");
        }
        foreach (var (k, v) in OptObject(metadata, "categories_mapping", "metadata.") ?? [])
        {
            if (v is JsonArray { Count: > 0 } arr && arr[0] is JsonValue jv && jv.TryGetValue<string>(out var s)) categories.TryAdd(k, s);
        }

        var request = new VmCreateRequest
        {
            Name = OptString(spec, "name", "spec.") ?? throw new PrismApiException(422, "INVALID_REQUEST", "spec.name is required"),
            Description = OptString(spec, "description", "spec.") ?? "",
            ClusterUuid = clusterUuid,
            NumSockets = (int)(OptLong(resources, "num_sockets", "spec.resources.") ?? 1),
            NumVcpusPerSocket = (int)(OptLong(resources, "num_vcpus_per_socket", "spec.resources.") ?? 1),
            MemorySizeMib = OptLong(resources, "memory_size_mib", "spec.resources.") ?? 1024,
            PowerState = OptString(resources, "power_state", "spec.resources.") ?? "ON",
            BootType = OptString(OptObject(resources, "boot_config", "spec.resources."), "boot_type", "spec.resources.boot_config.") ?? "LEGACY",
            UserDataBase64 = OptString(OptObject(OptObject(resources, "guest_customization", "spec.resources."), "cloud_init",
                "spec.resources.guest_customization."), "user_data", "spec.resources.guest_customization.cloud_init."),
            ProjectUuid = OptString(OptObject(metadata, "project_reference", "metadata."), "uuid", "metadata.project_reference."),
            Disks = disks,
            Nics = nics,
            Categories = categories,
        };
        var (vm, task) = inventory.CreateVm(request);
        await WriteJson(context, 202, Accepted(V3Renderer.Vm(vm, inventory), task, "PENDING"));
    }

    private async Task UpdateVm(HttpContext context)
    {
        var uuid = Route(context, "uuid");
        var body = await ReadBody(context, required: true);
        var spec = OptObject(body, "spec", "") ?? throw new PrismApiException(400, "INVALID_REQUEST", "spec is required");
        var metadata = OptObject(body, "metadata", "") ?? new JsonObject();
        var resources = OptObject(spec, "resources", "spec.") ?? new JsonObject();
        var specVersion = OptLong(metadata, "spec_version", "metadata.");
        var categoriesNode = OptObject(metadata, "categories", "metadata.");
        var (vm, task) = inventory.UpdateVm(uuid, specVersion, current => current with
        {
            Name = OptString(spec, "name", "spec.") ?? current.Name,
            Description = OptString(spec, "description", "spec.") ?? current.Description,
            PowerState = OptString(resources, "power_state", "spec.resources.") ?? current.PowerState,
            NumSockets = (int)(OptLong(resources, "num_sockets", "spec.resources.") ?? current.NumSockets),
            NumVcpusPerSocket = (int)(OptLong(resources, "num_vcpus_per_socket", "spec.resources.") ?? current.NumVcpusPerSocket),
            MemorySizeMib = OptLong(resources, "memory_size_mib", "spec.resources.") ?? current.MemorySizeMib,
            Categories = categoriesNode is null ? current.Categories
                : categoriesNode.ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue jv && jv.TryGetValue<string>(out var s) ? s
                    : throw new PrismApiException(400, "INVALID_REQUEST", $"metadata.categories.{kv.Key}: must be a string"), StringComparer.Ordinal),
        });
        await WriteJson(context, 202, Accepted(V3Renderer.Vm(vm, inventory), task, "PENDING"));
    }

    private async Task DeleteVm(HttpContext context)
    {
        var task = inventory.DeleteVm(Route(context, "uuid"));
        await WriteJson(context, 202, new JsonObject
        {
            ["api_version"] = V3Renderer.ApiVersion,
            ["metadata"] = new JsonObject { ["kind"] = "vm" },
            ["spec"] = "",
            ["status"] = new JsonObject
            {
                ["state"] = "DELETE_PENDING",
                ["execution_context"] = new JsonObject { ["task_uuid"] = task.Uuid },
            },
        });
    }

    private static JsonObject Accepted(JsonObject entity, PrismTask task, string state)
    {
        var status = (JsonObject)entity["status"]!;
        status["state"] = state;
        status["execution_context"] = new JsonObject { ["task_uuid"] = task.Uuid };
        entity["api_version"] = V3Renderer.ApiVersion;
        return entity;
    }

    // ---- tasks ----------------------------------------------------------------------------------------------------

    private Task GetTask(HttpContext context)
    {
        var uuid = Route(context, "uuid");
        var task = inventory.GetTask(uuid) ?? throw PrismApiException.NotFound("task", uuid);
        return WriteJson(context, 200, V3Renderer.Task(task, inventory.Now));
    }

    private Task ListTasks(HttpContext context) =>
        List(context, "task", inventory.ListTasks(), ["entity_type", "status", "operation_type"],
            (t, a) => a switch
            {
                "entity_type" => t.EntityKind,
                "status" => t.StatusAt(inventory.Now),
                "operation_type" => t.OperationType,
                _ => null,
            }, t => t.Uuid, t => V3Renderer.Task(t, inventory.Now));

    // ---- categories -----------------------------------------------------------------------------------------------

    private Task GetCategory(HttpContext context)
    {
        var key = Route(context, "key");
        var category = inventory.GetCategory(key) ?? throw PrismApiException.NotFound("category", key);
        return WriteJson(context, 200, V3Renderer.Category(category));
    }

    private async Task PutCategory(HttpContext context)
    {
        var key = Route(context, "key");
        var body = await ReadBody(context, required: false);
        var name = OptString(body, "name", "");
        if (name is not null && name != key) throw new PrismApiException(400, "INVALID_REQUEST", "name must match the key in the path");
        var category = inventory.EnsureCategoryValue(key, null, OptString(body, "description", ""));
        await WriteJson(context, 200, V3Renderer.Category(category));
    }

    private async Task ListCategoryValues(HttpContext context)
    {
        var key = Route(context, "key");
        var category = inventory.GetCategory(key) ?? throw PrismApiException.NotFound("category", key);
        await List(context, "category", category.Values, ["value"], (v, a) => a == "value" ? v : null, v => v, v => V3Renderer.CategoryValue(category, v));
    }

    private Task GetCategoryValue(HttpContext context)
    {
        var key = Route(context, "key");
        var value = Route(context, "value");
        var category = inventory.GetCategory(key);
        if (category is null || !category.Values.Contains(value)) throw PrismApiException.NotFound("category_value", key + "/" + value);
        return WriteJson(context, 200, V3Renderer.CategoryValue(category, value));
    }

    private async Task PutCategoryValue(HttpContext context)
    {
        var key = Route(context, "key");
        var value = Route(context, "value");
        var body = await ReadBody(context, required: false);
        var bodyValue = OptString(body, "value", "");
        if (bodyValue is not null && bodyValue != value) throw new PrismApiException(400, "INVALID_REQUEST", "value must match the value in the path");
        if (inventory.GetCategory(key) is null) throw PrismApiException.NotFound("category", key);
        var category = inventory.EnsureCategoryValue(key, value);
        await WriteJson(context, 200, V3Renderer.CategoryValue(category, value));
    }

    private Task DeleteCategory(HttpContext context, bool withValue)
    {
        inventory.DeleteCategory(Route(context, "key"), withValue ? Route(context, "value") : null);
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}
