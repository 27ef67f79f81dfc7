using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Capi.Management;

public sealed partial class ManagementClusterClient
{
    /// <summary>
    /// Creates <paramref name="obj"/> with a POST, which — unlike server-side apply — never adopts an object that
    /// already exists: the API server answers 409 AlreadyExists (a <see cref="KubernetesApiException"/> with
    /// <see cref="KubernetesApiException.IsConflict"/>). Of two racing creates exactly one succeeds.
    /// </summary>
    public async Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (resource, ns, _) = await LocateAsync(obj, cancellationToken).ConfigureAwait(false);
        var query = $"?fieldManager={Uri.EscapeDataString(FieldManager)}";
        using var content = new StringContent(obj.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var result = await SendAsync(HttpMethod.Post, resource.CollectionPath(ns) + query, content, cancellationToken).ConfigureAwait(false);
        return result as JsonObject ?? throw new InvalidOperationException("create returned no object");
    }

    /// <summary>
    /// Deletes an object only if its <c>metadata.uid</c> is <paramref name="uid"/> (a DeleteOptions precondition: a
    /// same-named object created by someone else in the meantime answers 409 Conflict and is left alone). Returns
    /// false when no object of that name exists.
    /// </summary>
    public async Task<bool> DeleteAsync(ApiResource resource, string? ns, string name, string propagationPolicy, string uid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(uid);
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "DeleteOptions",
            ["propagationPolicy"] = propagationPolicy,
            ["preconditions"] = new JsonObject { ["uid"] = uid },
        };
        return await DeleteWithOptionsAsync(resource, ns, name, body, cancellationToken).ConfigureAwait(false);
    }
}
