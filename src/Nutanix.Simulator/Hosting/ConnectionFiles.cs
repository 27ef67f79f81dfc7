using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Hosting;

/// <summary>Writes <c>kubeconfig</c> and <c>connection.json</c> into the state directory.</summary>
public static class ConnectionFiles
{
    public const string KubeconfigName = "kubeconfig";
    public const string ConnectionName = "connection.json";
    public const string ContextName = "nutanix-sim";

    public static string WriteKubeconfig(string stateDirectory, int kubePort, string caPem, string token)
    {
        var path = Path.Combine(stateDirectory, KubeconfigName);
        var caData = Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem));
        var text = $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{ContextName}}
              cluster:
                certificate-authority-data: {{caData}}
                server: https://127.0.0.1:{{kubePort}}
            users:
            - name: {{ContextName}}-admin
              user:
                token: {{token}}
            contexts:
            - name: {{ContextName}}
              context:
                cluster: {{ContextName}}
                user: {{ContextName}}-admin
            current-context: {{ContextName}}
            preferences: {}

            """;
        CertificateStore.WriteAtomically(path, text, secret: true);
        return path;
    }

    /// <summary>
    /// The exact connection document clients read; <c>admin_url</c> and <c>admin_token</c> (the bearer token the admin
    /// endpoint requires) sit beside the required keys.
    /// </summary>
    public static JsonObject Describe(string stateDirectory, int prismPort, string username, string password, string caPath, string adminUrl, string adminToken) => new()
    {
        ["prism_central"] = new JsonObject
        {
            ["endpoint"] = "127.0.0.1",
            ["port"] = prismPort,
            ["username"] = username,
            ["password"] = password,
            ["ca_cert_file"] = caPath,
        },
        ["kubeconfig"] = Path.Combine(stateDirectory, KubeconfigName),
        ["admin_url"] = adminUrl,
        ["admin_token"] = adminToken,
    };

    public static void WriteConnection(string stateDirectory, JsonObject document)
    {
        var path = Path.Combine(stateDirectory, ConnectionName);
        StateFiles.Write(path, document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n", secret: true);
    }
}
