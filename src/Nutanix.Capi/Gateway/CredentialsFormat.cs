using System.Text.Json;
using System.Text.Json.Nodes;
using Nutanix.Capi.Rendering;

namespace Nutanix.Capi.Gateway;

/// <summary>CAPX credentials JSON (<c>[{"type":"basic_auth"|"api_key","data":{"prismCentral":{...}}}]</c>), read side.</summary>
public static class CredentialsFormat
{
    /// <summary>Writes the JSON for <paramref name="credentials"/> (same bytes as the cluster renderer).</summary>
    public static string Write(PrismCredentials credentials) => ClusterRenderer.CredentialsJson(credentials);

    /// <summary>Reads element [0] as CAPX does; false when the JSON is not in CAPX's format.</summary>
    public static bool TryRead(string json, out string? username, out string? password, out string? apiKey)
    {
        username = password = apiKey = null;
        try
        {
            if (JsonNode.Parse(json) is not JsonArray { Count: > 0 } array || array[0] is not JsonObject first)
            {
                return false;
            }

            var pc = first["data"]?["prismCentral"] as JsonObject;
            switch (Text(first["type"]))
            {
                case "basic_auth":
                    username = Text(pc?["username"]);
                    password = Text(pc?["password"]);
                    return username is not null && password is not null;
                case "api_key":
                    apiKey = Text(pc?["apiKey"]);
                    return apiKey is not null;
                default:
                    return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Text(JsonNode? node) => JsonNumbers.GetString(node);
}
