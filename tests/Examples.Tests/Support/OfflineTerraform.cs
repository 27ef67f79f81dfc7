using System.Text;
using TestSupport.Tools;

namespace Examples.Tests.Support;

/// <summary>
/// A scratch directory with the provider installed the way README's "Local installation" section describes:
/// an unpacked filesystem mirror (<c>HOST/NAMESPACE/TYPE/VERSION/linux_amd64/</c>) and a CLI configuration that
/// takes the provider only from it and nothing else from anywhere (so <c>terraform init</c> runs offline).
/// Examples are copied in under <see cref="Root"/> keeping their relative layout.
/// </summary>
internal sealed class OfflineTerraform : IDisposable
{
    private OfflineTerraform(string root, Dictionary<string, string?> environment)
    {
        Root = root;
        Environment = environment;
    }

    public string Root { get; }

    public Dictionary<string, string?> Environment { get; }

    public static async Task<OfflineTerraform> CreateAsync()
    {
        var binary = await Provider.BinaryAsync();
        var version = await Provider.VersionAsync();
        var root = Directory.CreateTempSubdirectory("tf-offline-").FullName;
        var mirror = Path.Combine(root, "mirror");
        var platform = Path.Combine(mirror, Provider.Address, version, "linux_amd64");
        Directory.CreateDirectory(platform);
        File.Copy(binary, Path.Combine(platform, "terraform-provider-nutanix"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(platform, "terraform-provider-nutanix"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var cli = new StringBuilder()
            .AppendLine("provider_installation {")
            .AppendLine("  filesystem_mirror {")
            .Append("    path    = \"").Append(mirror).AppendLine("\"")
            .Append("    include = [\"").Append(Provider.Address).AppendLine("\"]")
            .AppendLine("  }")
            .AppendLine("}")
            .ToString();
        var cliPath = Path.Combine(root, "offline.tfrc");
        await File.WriteAllTextAsync(cliPath, cli);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["TF_CLI_CONFIG_FILE"] = cliPath,
            ["TF_IN_AUTOMATION"] = "1",
            ["CHECKPOINT_DISABLE"] = "1",
            ["TF_LOG"] = null,
            ["TF_PLUGIN_CACHE_DIR"] = null,
            ["TF_REATTACH_PROVIDERS"] = null,
            ["TF_DATA_DIR"] = null,
        };
        return new OfflineTerraform(root, env);
    }

    /// <summary>Copies <c>examples/&lt;relative&gt;</c> (only *.tf) to <c>Root/&lt;relative&gt;</c>; returns the copy.</summary>
    public string CopyExample(string relative)
    {
        var source = Path.Combine(RepositoryRoot.Path, "examples", relative);
        var target = Path.Combine(Root, relative);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*.tf"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return target;
    }

    /// <summary>Runs terraform in <paramref name="directory"/>; throws with the output unless it exits 0.</summary>
    public async Task<ToolResult> MustRunAsync(string directory, params string[] arguments)
    {
        var result = await RunAsync(directory, arguments);
        if (result.ExitCode != 0) throw new InvalidOperationException($"terraform {string.Join(' ', arguments)} failed in {directory}: {result}");
        return result;
    }

    public Task<ToolResult> RunAsync(string directory, params string[] arguments) =>
        ExternalTool.Terraform.RunAsync(arguments, directory, Environment, TimeSpan.FromMinutes(4));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
