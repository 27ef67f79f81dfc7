using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Nutanix.Simulator.Hosting;

/// <summary>
/// Command-line options of <c>nutanix-sim</c>, parsed with System.CommandLine (<see cref="Command"/> also prints
/// <c>--help</c>). <see cref="Parse"/> throws <see cref="SimulatorStartupException"/> with one readable line.
/// </summary>
public sealed class SimulatorOptions
{
    private static readonly Option<string> StateDirOption = new("--state-dir") { Description = "where objects, inventory and connection files are kept (required)", HelpName = "DIR", Required = true };
    private static readonly Option<int> PrismPortOption = PortOption("--pc-port", "Prism Central v3 API port (0: any free port)");
    private static readonly Option<int> KubePortOption = PortOption("--kube-port", "Kubernetes API port (0: any free port)");
    private static readonly Option<int> AdminPortOption = PortOption("--admin-port", "admin API port (0: any free port)");
    private static readonly Option<string?> InventoryOption = new("--inventory") { Description = "Prism inventory JSON to start from (default: the state directory's, else the built-in inventory/default-inventory.json)", HelpName = "FILE" };
    private static readonly Option<string> VersionOption = new("--pc-version")
    {
        Description = "the Prism Central version reported",
        HelpName = "VERSION",
        DefaultValueFactory = _ => "pc.7.5",
        CustomParser = r =>
        {
            var version = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (version.Length == 0 || version.Any(char.IsWhiteSpace)) r.AddError($"option --pc-version: '{version}' is not a version");
            return version;
        },
    };

    private static readonly Option<string?> UsernameOption = NonEmpty("--username", "Prism Central user name (default: the stored one, else admin)", "NAME");
    private static readonly Option<string?> PasswordOption = NonEmpty("--password", "Prism Central password (default: the stored one, else Nutanix/4u)", "PASSWORD");
    private static readonly Option<bool> FastOption = new("--fast") { Description = "Prism tasks and simulated controllers complete at once (for tests)" };
    private static readonly Option<bool> BareOption = new("--bare") { Description = "Kubernetes API without the preinstalled CAPI/CAPX objects" };
    private static readonly Option<string?> FaultsOption = new("--faults") { Description = "fault-injection rules (JSON) to start with", HelpName = "FILE" };
    private static readonly Option<string?> CrdDirOption = new("--crd-dir") { Description = "CRD YAML files to serve instead of the embedded snapshot's", HelpName = "DIR" };
    private static readonly Option<bool> ExitOnEofOption = new("--exit-on-stdin-eof") { Description = "stop when standard input reaches end of file (a parent process that dies takes the simulator with it)" };

    /// <summary>The <c>nutanix-sim</c> command: its options, and <c>--help</c>.</summary>
    public static RootCommand Command { get; } = new("nutanix-sim: a local Prism Central v3 API and Cluster API management cluster (a Kubernetes API subset) for real clients.")
    {
        StateDirOption, PrismPortOption, KubePortOption, AdminPortOption, InventoryOption, VersionOption, UsernameOption,
        PasswordOption, FastOption, BareOption, FaultsOption, CrdDirOption, ExitOnEofOption,
    };

    /// <summary>No <c>@file</c> response files: every argument is taken as written.</summary>
    public static ParserConfiguration ParserConfiguration { get; } = new() { ResponseFileTokenReplacer = null };

    public required string StateDirectory { get; init; }
    public int PrismPort { get; init; }
    public int KubePort { get; init; }
    public int AdminPort { get; init; }
    public string? InventoryFile { get; init; }
    public string PrismCentralVersion { get; init; } = "pc.7.5";
    public string? Username { get; init; }
    public string? Password { get; init; }
    /// <summary>Tasks complete at once instead of taking a few seconds (for tests).</summary>
    public bool Fast { get; init; }
    /// <summary>Kubernetes API without the preinstalled CAPI/CAPX objects.</summary>
    public bool Bare { get; init; }
    public string? FaultsFile { get; init; }
    public string? CrdDirectory { get; init; }
    /// <summary>Stop when standard input reaches end of file (a parent test process that dies takes the simulator with it).</summary>
    public bool ExitOnStdinEof { get; init; }

    /// <summary>Parses the arguments; a mistake is one line naming the option (and pointing at <c>--help</c>).</summary>
    public static SimulatorOptions Parse(IReadOnlyList<string> args) => From(Command.Parse(args, ParserConfiguration));

    /// <summary>The options of a parse result; throws <see cref="SimulatorStartupException"/> for its first error.</summary>
    public static SimulatorOptions From(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Errors.Count > 0)
        {
            throw new SimulatorStartupException($"{result.Errors[0].Message} (see nutanix-sim --help)");
        }

        string? FullPath(Option<string?> option) => result.GetValue(option) is { } path ? Path.GetFullPath(path) : null;
        return new SimulatorOptions
        {
            StateDirectory = Path.GetFullPath(result.GetValue(StateDirOption)!),
            PrismPort = result.GetValue(PrismPortOption),
            KubePort = result.GetValue(KubePortOption),
            AdminPort = result.GetValue(AdminPortOption),
            InventoryFile = FullPath(InventoryOption),
            PrismCentralVersion = result.GetValue(VersionOption)!,
            Username = result.GetValue(UsernameOption),
            Password = result.GetValue(PasswordOption),
            Fast = result.GetValue(FastOption),
            Bare = result.GetValue(BareOption),
            FaultsFile = FullPath(FaultsOption),
            CrdDirectory = FullPath(CrdDirOption),
            ExitOnStdinEof = result.GetValue(ExitOnEofOption),
        };
    }

    private static Option<int> PortOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = r =>
        {
            var raw = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535) return port;
            r.AddError($"option {name}: '{raw}' is not a port number (0-65535)");
            return 0;
        },
    };

    private static Option<string?> NonEmpty(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var value = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (value.Length == 0) r.AddError($"option {name} must not be empty");
            return value;
        },
    };
}
