using System.Text;
using System.Text.Json;

namespace TestSupport.Tools;

/// <summary>
/// A throw-away Terraform working directory wired to locally built providers through <c>dev_overrides</c>
/// (no <c>terraform init</c> needed for them), with automation-friendly environment
/// (<c>TF_IN_AUTOMATION=1</c>, <c>CHECKPOINT_DISABLE=1</c>). Every command runs with
/// <c>-no-color -input=false</c> and its output is captured. Dispose deletes the directory.
/// </summary>
public sealed class TerraformWorkspace : IDisposable
{
    private readonly Dictionary<string, string?> _environment;

    private TerraformWorkspace(string directory, Dictionary<string, string?> environment)
    {
        Directory = directory;
        _environment = environment;
    }

    /// <summary>The working directory (holds main.tf, state and the CLI config).</summary>
    public string Directory { get; }

    /// <summary>Environment given to every terraform run; add or override entries (null removes a variable).</summary>
    public IDictionary<string, string?> Environment => _environment;

    /// <summary>Default time limit of one terraform command.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Creates a workspace. <paramref name="devOverrides"/> maps provider source addresses
    /// (e.g. <c>registry.terraform.io/nutanix-cloud-native/nutanix</c>) to the directory holding the provider binary.
    /// </summary>
    public static TerraformWorkspace Create(IReadOnlyDictionary<string, string> devOverrides)
    {
        ArgumentNullException.ThrowIfNull(devOverrides);
        var dir = System.IO.Directory.CreateTempSubdirectory("tfws-").FullName;
        var cli = new StringBuilder();
        cli.AppendLine("provider_installation {");
        cli.AppendLine("  dev_overrides {");
        foreach (var (address, path) in devOverrides)
        {
            cli.Append("    \"").Append(address).Append("\" = \"").Append(path.Replace("\\", "\\\\", StringComparison.Ordinal)).AppendLine("\"");
        }

        cli.AppendLine("  }");
        cli.AppendLine("  direct {}");
        cli.AppendLine("}");
        var cliPath = Path.Combine(dir, ".terraformrc");
        File.WriteAllText(cliPath, cli.ToString());
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["TF_CLI_CONFIG_FILE"] = cliPath,
            ["TF_IN_AUTOMATION"] = "1",
            ["CHECKPOINT_DISABLE"] = "1",
            ["TF_INPUT"] = "0",
            ["TF_LOG"] = null,
            ["TF_LOG_PROVIDER"] = null,
            ["TF_LOG_PATH"] = null,
            ["TF_REATTACH_PROVIDERS"] = null,
            ["TF_PLUGIN_CACHE_DIR"] = null,
            ["TF_DATA_DIR"] = Path.Combine(dir, ".terraform"),
        };
        return new TerraformWorkspace(dir, env);
    }

    /// <summary>Creates a workspace with one provider override: the binary's directory serves <paramref name="providerAddress"/>.</summary>
    public static TerraformWorkspace ForProvider(string providerAddress, string providerBinaryPath) =>
        Create(new Dictionary<string, string> { [providerAddress] = Path.GetDirectoryName(Path.GetFullPath(providerBinaryPath))! });

    /// <summary>Writes (replaces) main.tf.</summary>
    public void WriteMainTf(string hcl) => WriteFile("main.tf", hcl);

    /// <summary>Writes a file relative to the workspace directory.</summary>
    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Runs <c>terraform &lt;command&gt; -no-color -input=false &lt;args&gt;</c>.</summary>
    public Task<ToolResult> RunAsync(string command, IEnumerable<string>? arguments = null, CancellationToken cancellationToken = default)
    {
        return ExternalTool.Terraform.RunAsync(Arguments(command, arguments), Directory, _environment, CommandTimeout, cancellationToken);
    }

    private static List<string> Arguments(string command, IEnumerable<string>? arguments)
    {
        // "state" takes its subcommand next (terraform state -no-color rm fails); its subcommands print no colour.
        var args = command == "state" ? new List<string> { command } : new List<string> { command, "-no-color" };
        if (command is "init" or "plan" or "apply" or "destroy" or "import" or "refresh") args.Add("-input=false");
        if (arguments is not null) args.AddRange(arguments);
        return args;
    }

    /// <summary>
    /// Starts <c>terraform &lt;command&gt; -no-color -input=false &lt;args&gt;</c> in a process group of its own and returns
    /// at once; <see cref="RunningTool.Interrupt"/> then acts like Ctrl-C in a terminal.
    /// </summary>
    public RunningTool Start(string command, params string[] arguments) =>
        ExternalTool.Terraform.Start(Arguments(command, arguments), Directory, _environment);

    public Task<ToolResult> InitAsync(CancellationToken cancellationToken = default) => RunAsync("init", null, cancellationToken);

    public Task<ToolResult> ValidateAsync(CancellationToken cancellationToken = default) => RunAsync("validate", null, cancellationToken);

    public Task<ToolResult> PlanAsync(params string[] arguments) => RunAsync("plan", arguments);

    /// <summary><c>plan -detailed-exitcode</c>: 0 = no changes, 2 = changes, 1 = error.</summary>
    public Task<ToolResult> PlanDetailedAsync(params string[] arguments) => RunAsync("plan", ["-detailed-exitcode", .. arguments]);

    /// <summary><c>apply -auto-approve</c>.</summary>
    public Task<ToolResult> ApplyAsync(params string[] arguments) => RunAsync("apply", ["-auto-approve", .. arguments]);

    /// <summary><c>destroy -auto-approve</c>.</summary>
    public Task<ToolResult> DestroyAsync(params string[] arguments) => RunAsync("destroy", ["-auto-approve", .. arguments]);

    /// <summary><c>show -json [file]</c>, parsed. Throws with the captured output when the command fails.</summary>
    public async Task<JsonDocument> ShowJsonAsync(string? planFile = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync("show", planFile is null ? ["-json"] : ["-json", planFile], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new InvalidOperationException($"terraform show -json failed: {result}");
        return JsonDocument.Parse(result.StandardOutput);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a provider process may still hold a file for a moment.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
