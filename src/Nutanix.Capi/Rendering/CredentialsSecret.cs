using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>The per-cluster CAPX credentials Secret (<c>&lt;cluster&gt;-credentials</c>) the NutanixCluster's <c>credentialRef</c> names.</summary>
public static class CredentialsSecret
{
    private static readonly JsonWriterOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The Secret exactly as the cluster renders it (same labels), so that it can be applied on its own when the
    /// credentials change, e.g. after a rotation of the account it was copied from.
    /// </summary>
    public static SecretObject Build(string clusterName, string ns, PrismCredentials credentials, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Manifest.Create(CapiResources.Secret, ClusterNaming.CredentialsSecret(clusterName), clusterName, ns, labels ?? new Dictionary<string, string>(), new SecretObject
        {
            Type = "Opaque",
            Data = new(StringComparer.Ordinal) { ["credentials"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Json(credentials))) },
        });
    }

    /// <summary>
    /// The CAPX credentials JSON (Secret key <c>credentials</c>):
    /// <c>[{"type":"basic_auth","data":{"prismCentral":{"username":..,"password":..},"prismElements":null}}]</c> or the
    /// <c>api_key</c> variant with <c>{"apiKey":..}</c>.
    /// </summary>
    public static string Json(PrismCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactJson))
        {
            if (credentials.IsApiKey)
            {
                JsonSerializer.Serialize(writer, [new CapxCredential<CapxApiKey>("api_key", new(new(credentials.ApiKey)))], CapiJsonContext.Default.ListCapxCredentialCapxApiKey);
            }
            else
            {
                JsonSerializer.Serialize(writer, [new CapxCredential<CapxBasicAuth>("basic_auth", new(new(credentials.Username, credentials.Password)))], CapiJsonContext.Default.ListCapxCredentialCapxBasicAuth);
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
