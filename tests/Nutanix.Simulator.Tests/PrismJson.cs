using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Tests;

/// <summary>Small helpers for talking JSON to the simulated Prism Central in tests.</summary>
internal static class PrismJson
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body, string Text)> PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text), text);
    }

    public static async Task<(HttpResponseMessage Response, JsonNode? Body, string Text)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text), text);
    }

    public static async Task<JsonObject> ListAsync(HttpClient client, string kind, string body)
    {
        var (response, json, text) = await PostAsync(client, kind + "/list", body);
        Assert.True(response.IsSuccessStatusCode, $"{kind}/list: {(int)response.StatusCode} {text}");
        return (JsonObject)json!;
    }

    public static async Task<string> UuidByNameAsync(HttpClient client, string kind, string name, int index = 0)
    {
        var list = await ListAsync(client, kind, $$"""{"filter":"name=={{name}}"}""");
        return (string)list["entities"]![index]!["metadata"]!["uuid"]!;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
}
