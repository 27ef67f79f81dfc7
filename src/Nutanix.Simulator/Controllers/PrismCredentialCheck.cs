using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Resolves a NutanixCluster's Prism Central credentials as CAPX does (<c>spec.prismCentral.credentialRef</c> →
/// Secret key <c>credentials</c> → JSON array, element 0 of type <c>basic_auth</c> or <c>api_key</c>) and checks
/// them against the simulated Prism Central's current login, so a rotated password makes the old Secret fail.
/// Messages never contain a secret value.
/// </summary>
internal static class PrismCredentialCheck
{
    /// <summary>The outcome: <see cref="SecretMissing"/> (CAPX: CredentialRefSecretOwnerSet failure) or a client-init error.</summary>
    public sealed record Result(bool Ok, string? SecretNamespace, string? SecretName, bool SecretMissing, string? Error);

    /// <summary>Where the credentials Secret is, or null when the cluster uses the manager-level credentials.</summary>
    public static (string Namespace, string Name)? SecretReference(JsonObject nutanixCluster)
    {
        var pc = nutanixCluster["spec"]?["prismCentral"] as JsonObject;
        var credentialRef = pc?["credentialRef"] as JsonObject;
        if (credentialRef is null) return null;
        var name = (string?)credentialRef["name"];
        if (string.IsNullOrEmpty(name)) return null;
        return ((string?)credentialRef["namespace"] is { Length: > 0 } ns ? ns : ObjectMeta.Namespace(nutanixCluster), name);
    }

    public static Result Check(ReconcileContext ctx, JsonObject nutanixCluster)
    {
        var clusterName = ObjectMeta.Name(nutanixCluster);
        var ns = ObjectMeta.Namespace(nutanixCluster);
        if (nutanixCluster["spec"]?["prismCentral"] is not JsonObject pc)
        {
            // No endpoint on the cluster: CAPX uses the manager's own endpoint and credentials (capx-nutanix-creds),
            // which clusterctl init filled from NUTANIX_USER/NUTANIX_PASSWORD for this Prism Central.
            return new Result(true, null, null, false, null);
        }

        var reference = SecretReference(nutanixCluster);
        if (reference is null)
        {
            return new Result(false, null, null, false, $"credentialRef must be set on prismCentral attribute for cluster {clusterName} in namespace {ns}");
        }

        var (secretNs, secretName) = reference.Value;
        var secret = ctx.Get(ctx.Types.Secret, secretNs, secretName);
        if (secret is null)
        {
            return new Result(false, secretNs, secretName, true,
                $"error occurred while fetching cluster {clusterName} secret for credential ref: secrets \"{secretName}\" not found");
        }

        var endpoint = $"{(string?)pc["address"]}:{JsonNumbers.Int(pc["port"]) ?? 9440}";
        var raw = secret["data"]?["credentials"] is JsonValue v && v.TryGetValue<string>(out var b64) ? Decode(b64) : null;
        if (raw is null)
        {
            return new Result(false, secretNs, secretName, false, $"failed to get credentials from secret {secretNs}/{secretName}: key \"credentials\" not found or not base64");
        }

        JsonArray? creds;
        try
        {
            creds = JsonNode.Parse(raw) as JsonArray;
        }
        catch (JsonException)
        {
            creds = null;
        }

        if (creds is null || creds.Count == 0 || creds[0] is not JsonObject first)
        {
            return new Result(false, secretNs, secretName, false, $"failed to parse credentials in secret {secretNs}/{secretName}: expected a JSON array of credentials");
        }

        var type = (string?)first["type"];
        var data = first["data"]?["prismCentral"] as JsonObject;
        switch (type)
        {
            case "basic_auth":
                var username = (string?)data?["username"];
                var password = (string?)data?["password"];
                if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
                {
                    return new Result(false, secretNs, secretName, false, "username and password must be set in basic_auth credentials");
                }

                return ctx.Credentials.CheckBasic(username, password)
                    ? new Result(true, secretNs, secretName, false, null)
                    : new Result(false, secretNs, secretName, false,
                        $"nutanix prism v3 Client error: authentication to Prism Central {endpoint} as user {username} failed: 401 Unauthorized");
            case "api_key":
                var key = (string?)data?["apiKey"];
                if (string.IsNullOrEmpty(key)) return new Result(false, secretNs, secretName, false, "apiKey must be set in api_key credentials");
                return ctx.Credentials.CheckApiKey(key)
                    ? new Result(true, secretNs, secretName, false, null)
                    : new Result(false, secretNs, secretName, false,
                        $"nutanix prism v3 Client error: authentication to Prism Central {endpoint} with the API key failed: 401 Unauthorized");
            default:
                return new Result(false, secretNs, secretName, false, "unsupported credentials type");
        }
    }

    private static string? Decode(string b64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
