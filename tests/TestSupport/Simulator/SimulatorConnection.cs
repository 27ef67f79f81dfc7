using System.Text.Json.Nodes;

namespace TestSupport.Simulator;

/// <summary>The parsed <c>connection.json</c> of a running nutanix-sim.</summary>
public sealed record SimulatorConnection(
    string PrismEndpoint,
    int PrismPort,
    string Username,
    string Password,
    string CaCertFile,
    string KubeconfigPath,
    string AdminUrl,
    string AdminToken,
    string ConnectionFile)
{
    /// <summary><c>https://127.0.0.1:PORT/</c></summary>
    public Uri PrismBaseUri => new($"https://{PrismEndpoint}:{PrismPort}/");

    /// <summary><c>https://127.0.0.1:PORT/api/nutanix/v3/</c></summary>
    public Uri PrismV3Uri => new(PrismBaseUri, "api/nutanix/v3/");

    public static SimulatorConnection Parse(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidOperationException($"{path} is not a JSON object");
        var pc = root["prism_central"] as JsonObject ?? throw new InvalidOperationException($"{path}: prism_central missing");
        return new SimulatorConnection(
            (string)pc["endpoint"]!, (int)pc["port"]!, (string)pc["username"]!, (string)pc["password"]!, (string)pc["ca_cert_file"]!,
            (string)root["kubeconfig"]!, (string?)root["admin_url"] ?? "", (string?)root["admin_token"] ?? "", path);
    }
}
