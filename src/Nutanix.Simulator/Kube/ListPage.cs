using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Chunked lists as the API server serves them (<c>?limit=N</c>, then <c>?continue=TOKEN</c>): items in key order
/// (namespace, then name), at most <c>limit</c> per answer, <c>metadata.continue</c> and
/// <c>metadata.remainingItemCount</c> while more remain. The token carries the list's resourceVersion and the key of
/// the last item served. One divergence: a real server serves every page from the snapshot of the first (etcd's
/// revision), where this store serves the objects after that key as they are now; objects created, changed or deleted
/// between pages therefore show up, or not, as they would in a second list.
/// </summary>
internal sealed class ListPage
{
    private ListPage(IReadOnlyList<JsonObject> items, string resourceVersion, string? continueToken, long? remaining)
    {
        Items = items;
        ResourceVersion = resourceVersion;
        Continue = continueToken;
        Remaining = remaining;
    }

    public IReadOnlyList<JsonObject> Items { get; }

    public string ResourceVersion { get; }

    public string? Continue { get; }

    public long? Remaining { get; }

    /// <summary>Adds <c>continue</c> and <c>remainingItemCount</c> to a list's metadata when more items remain.</summary>
    public void Describe(JsonObject? metadata)
    {
        if (metadata is null || Continue is null) return;
        metadata["continue"] = Continue;
        if (Remaining is { } n) metadata["remainingItemCount"] = n;
    }

    /// <summary>The page a request asks for; without a positive <paramref name="limit"/> the whole list.</summary>
    public static ListPage Take(ObjectList list, string limit, string continueToken)
    {
        var sorted = list.Items.OrderBy(Key, StringComparer.Ordinal).ToList();
        var resourceVersion = list.ResourceVersion;
        if (!string.IsNullOrEmpty(continueToken))
        {
            var (rv, start) = Decode(continueToken);
            // The list's resourceVersion stays the one of the first page, as a real server's does.
            resourceVersion = rv;
            sorted = sorted.Where(o => string.CompareOrdinal(Key(o), start) > 0).ToList();
        }

        if (!long.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max <= 0 || sorted.Count <= max)
        {
            return new ListPage(sorted, resourceVersion, null, null);
        }

        var page = sorted.Take((int)Math.Min(max, int.MaxValue)).ToList();
        return new ListPage(page, resourceVersion, Encode(resourceVersion, Key(page[^1])), sorted.Count - page.Count);
    }

    private static string Key(JsonObject o) =>
        ((string?)o["metadata"]?["namespace"] ?? "") + "/" + ((string?)o["metadata"]?["name"] ?? "");

    private static string Encode(string resourceVersion, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = lastKey }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static (string ResourceVersion, string Start) Decode(string token)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var node = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(b64)));
            if ((string?)node?["v"] == "meta.k8s.io/v1" && (string?)node["rv"] is { } rv && (string?)node["start"] is { } start) return (rv, start);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
        }

        throw KubeApiException.BadRequest("continue key is not valid: the token was not issued by this server for a list");
    }
}
