using System.Globalization;

namespace Nutanix.Simulator.Hosting;

/// <summary>Command-line options of <c>nutanix-sim</c>. <see cref="Parse"/> throws <see cref="SimulatorStartupException"/> with one readable line.</summary>
public sealed class SimulatorOptions
{
    public const string Usage =
        "usage: nutanix-sim --state-dir DIR [--pc-port N] [--kube-port N] [--admin-port N] [--inventory FILE] " +
        "[--pc-version VERSION] [--username NAME] [--password PASSWORD] [--fast] [--bare] [--faults FILE] [--crd-dir DIR] [--exit-on-stdin-eof]";

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

    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        string? stateDir = null, inventory = null, username = null, password = null, faults = null, crdDir = null;
        var version = "pc.7.5";
        int pcPort = 0, kubePort = 0, adminPort = 0;
        bool fast = false, bare = false, exitOnEof = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value()
            {
                if (inlineValue is not null) return inlineValue;
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new SimulatorStartupException($"option {arg} needs a value");
                }
                return args[++i];
            }

            int Port()
            {
                var raw = Value();
                if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                {
                    throw new SimulatorStartupException($"option {arg}: '{raw}' is not a port number (0-65535)");
                }
                return port;
            }

            switch (arg)
            {
                case "--state-dir": stateDir = Value(); break;
                case "--pc-port": pcPort = Port(); break;
                case "--kube-port": kubePort = Port(); break;
                case "--admin-port": adminPort = Port(); break;
                case "--inventory": inventory = Value(); break;
                case "--pc-version":
                    version = Value();
                    if (version.Length == 0 || version.Any(char.IsWhiteSpace))
                    {
                        throw new SimulatorStartupException($"option --pc-version: '{version}' is not a version");
                    }
                    break;
                case "--username": username = Value(); break;
                case "--password": password = Value(); break;
                case "--faults": faults = Value(); break;
                case "--crd-dir": crdDir = Value(); break;
                case "--fast": fast = inlineValue is null || inlineValue == "true"; break;
                case "--bare": bare = inlineValue is null || inlineValue == "true"; break;
                case "--exit-on-stdin-eof": exitOnEof = true; break;
                case "--help" or "-h": throw new SimulatorStartupException(Usage);
                default: throw new SimulatorStartupException($"unknown option '{args[i]}' ({Usage})");
            }
        }

        if (string.IsNullOrWhiteSpace(stateDir))
        {
            throw new SimulatorStartupException($"option --state-dir is required ({Usage})");
        }
        if (username is { Length: 0 }) throw new SimulatorStartupException("option --username must not be empty");
        if (password is { Length: 0 }) throw new SimulatorStartupException("option --password must not be empty");

        return new SimulatorOptions
        {
            StateDirectory = Path.GetFullPath(stateDir),
            PrismPort = pcPort,
            KubePort = kubePort,
            AdminPort = adminPort,
            InventoryFile = inventory is null ? null : Path.GetFullPath(inventory),
            PrismCentralVersion = version,
            Username = username,
            Password = password,
            Fast = fast,
            Bare = bare,
            FaultsFile = faults is null ? null : Path.GetFullPath(faults),
            CrdDirectory = crdDir is null ? null : Path.GetFullPath(crdDir),
            ExitOnStdinEof = exitOnEof,
        };
    }
}
