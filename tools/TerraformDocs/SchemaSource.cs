using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace TerraformDocs;

/// <summary>
/// Obtains a provider's schema the way Terraform sees it: <c>terraform providers schema -json</c> in a scratch
/// directory whose CLI configuration points the provider at a local binary through <c>dev_overrides</c>.
/// </summary>
public static class SchemaSource
{
    /// <summary>Returns the provider's entry of <c>provider_schemas</c> (keys <c>provider</c>, <c>resource_schemas</c>, <c>data_source_schemas</c>).</summary>
    public static async Task<JsonObject> FromBinaryAsync(string terraform, string providerAddress, string providerBinary, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(terraform);
        ArgumentException.ThrowIfNullOrEmpty(providerAddress);
        var binaryDirectory = Path.GetDirectoryName(Path.GetFullPath(providerBinary))
            ?? throw new ArgumentException($"{providerBinary} has no directory", nameof(providerBinary));
        var scratch = Directory.CreateTempSubdirectory("tfdocs-").FullName;
        try
        {
            var source = providerAddress.Split('/') is [_, var ns, var type] ? $"{ns}/{type}" : providerAddress;
            var localName = source[(source.LastIndexOf('/') + 1)..];
            await File.WriteAllTextAsync(Path.Combine(scratch, "main.tf"),
                $"terraform {{\n  required_providers {{\n    {localName} = {{ source = \"{source}\" }}\n  }}\n}}\n", cancellationToken).ConfigureAwait(false);
            var cliConfig = Path.Combine(scratch, "cli.tfrc");
            await File.WriteAllTextAsync(cliConfig,
                $"provider_installation {{\n  dev_overrides {{\n    \"{providerAddress}\" = \"{binaryDirectory.Replace("\\", "\\\\", StringComparison.Ordinal)}\"\n  }}\n}}\n",
                cancellationToken).ConfigureAwait(false);

            var psi = new ProcessStartInfo(terraform)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = scratch,
            };
            psi.ArgumentList.Add("providers");
            psi.ArgumentList.Add("schema");
            psi.ArgumentList.Add("-json");
            psi.Environment["TF_CLI_CONFIG_FILE"] = cliConfig;
            psi.Environment["TF_DATA_DIR"] = Path.Combine(scratch, ".terraform");
            psi.Environment["CHECKPOINT_DISABLE"] = "1";
            psi.Environment["TF_IN_AUTOMATION"] = "1";
            psi.Environment.Remove("TF_LOG");
            psi.Environment.Remove("TF_REATTACH_PROVIDERS");
            using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {terraform}");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"terraform providers schema -json failed (exit {process.ExitCode}):\n{await stderr.ConfigureAwait(false)}");
            }

            return FromDocument(JsonNode.Parse(output), providerAddress);
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Picks the provider's entry out of a whole <c>terraform providers schema -json</c> document.</summary>
    public static JsonObject FromDocument(JsonNode? document, string providerAddress)
    {
        var schemas = document?["provider_schemas"] as JsonObject
            ?? throw new InvalidDataException("not a `terraform providers schema -json` document: provider_schemas missing");
        var entry = schemas[providerAddress] as JsonObject;
        if (entry is null)
        {
            var known = new StringBuilder();
            foreach (var (key, _) in schemas) known.Append(' ').Append(key);
            throw new InvalidDataException($"no schema for {providerAddress} in the document (has:{known})");
        }

        return entry;
    }
}
