using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nutanix.Simulator.Faults;
using Nutanix.Simulator.Inventory;
using Nutanix.Simulator.Prism;

namespace Nutanix.Simulator.Admin;

/// <summary>
/// The plain-HTTP loopback admin endpoint tests use to steer the simulator:
/// <list type="bullet">
/// <item><c>GET /admin/state</c>: ports, versions, fault settings and counters, inventory counts and VMs.</item>
/// <item><c>GET /admin/faults</c>; <c>PUT /admin/faults/{prism|kube}</c> with <see cref="FaultSettings"/> JSON;
/// <c>DELETE /admin/faults/{api}</c> clears them.</item>
/// <item><c>POST /admin/prism/rotate-credentials</c> <c>{"password":"new"}</c>: the old password answers 401 from then on;
/// connection.json is rewritten with the new one.</item>
/// <item><c>GET /admin/healthz</c> (the only route answered without the token).</item>
/// </list>
/// Every other request must carry <c>Authorization: Bearer &lt;token&gt;</c>, the token the simulator keeps in
/// <c>STATE/admin-token</c> and writes to connection.json as <c>admin_token</c>; without it the answer is 401.
/// </summary>
public sealed class AdminApi(PrismInventory inventory, PrismCredentials credentials, FaultRegistry faults, Func<JsonObject> describePorts, Action credentialsChanged)
{
    /// <summary>Middleware answering 401 to any request but <c>/admin/healthz</c> without the bearer token.</summary>
    public static Func<HttpContext, RequestDelegate, Task> RequireToken(string token)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        return (context, next) =>
        {
            if (context.Request.Path.Equals("/admin/healthz", StringComparison.Ordinal)) return next(context);
            var header = context.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetBytes(header[7..].Trim()) : [];
            if (CryptographicOperations.FixedTimeEquals(presented, expected)) return next(context);
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"nutanix-sim admin\"";
            return Problem(context, 401, "the admin endpoint needs Authorization: Bearer <admin_token> (from connection.json or STATE/admin-token)");
        };
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin");
        admin.MapGet("/healthz", (RequestDelegate)(ctx => ctx.Response.WriteAsync("ok", ctx.RequestAborted)));
        admin.MapGet("/state", (RequestDelegate)State);
        admin.MapGet("/faults", (RequestDelegate)(ctx => PrismV3Api.WriteJson(ctx, 200, faults.ToJson())));
        admin.MapPut("/faults/{api}", (RequestDelegate)PutFaults);
        admin.MapDelete("/faults/{api}", (RequestDelegate)DeleteFaults);
        admin.MapPost("/prism/rotate-credentials", (RequestDelegate)RotateCredentials);
    }

    private Task State(HttpContext context)
    {
        var state = describePorts();
        state["faults"] = faults.ToJson();
        state["prism"] = new JsonObject
        {
            ["username"] = credentials.Username,
            ["clusters"] = inventory.ListClusters().Count,
            ["subnets"] = inventory.ListSubnets().Count,
            ["images"] = inventory.ListImages().Count,
            ["projects"] = inventory.ListProjects().Count,
            ["categories"] = inventory.ListCategories().Count,
            ["tasks"] = inventory.ListTasks().Count,
            ["vms"] = new JsonArray(inventory.ListVms().Select(v => (JsonNode)new JsonObject
            {
                ["uuid"] = v.Uuid,
                ["name"] = v.Name,
                ["cluster"] = v.ClusterName,
                ["state"] = inventory.VmState(v),
                ["power_state"] = v.PowerState,
                ["ip_addresses"] = new JsonArray(v.Nics.Select(n => (JsonNode)JsonValue.Create(n.IpAddress)).ToArray()),
                ["categories"] = new JsonObject(v.Categories.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            }).ToArray()),
        };
        return PrismV3Api.WriteJson(context, 200, state);
    }

    private async Task PutFaults(HttpContext context)
    {
        var api = (string)context.Request.RouteValues["api"]!;
        var injector = faults.Get(api);
        if (injector is null)
        {
            await Problem(context, 404, $"unknown API '{api}' (use prism or kube)");
            return;
        }
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            injector.Set(FaultSettings.FromJson(string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text), "$"));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            await Problem(context, 400, e.Message);
            return;
        }
        await PrismV3Api.WriteJson(context, 200, injector.Settings.ToJson());
    }

    private Task DeleteFaults(HttpContext context)
    {
        var api = (string)context.Request.RouteValues["api"]!;
        var injector = faults.Get(api);
        if (injector is null) return Problem(context, 404, $"unknown API '{api}' (use prism or kube)");
        injector.Set(FaultSettings.None);
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private async Task RotateCredentials(HttpContext context)
    {
        string? password;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = JsonNode.Parse(await reader.ReadToEndAsync(context.RequestAborted)) as JsonObject;
            password = body?["password"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        }
        catch (JsonException)
        {
            password = null;
        }
        if (string.IsNullOrEmpty(password))
        {
            await Problem(context, 400, "body must be {\"password\": \"<new password>\"}");
            return;
        }
        credentials.RotatePassword(password);
        credentialsChanged();
        await PrismV3Api.WriteJson(context, 200, new JsonObject { ["username"] = credentials.Username, ["rotated"] = true });
    }

    private static Task Problem(HttpContext context, int status, string message) =>
        PrismV3Api.WriteJson(context, status, new JsonObject { ["error"] = message });
}
