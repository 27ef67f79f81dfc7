using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Examples.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL server: <c>initdb</c> into a temp directory, <c>pg_ctl start</c> on a free loopback
/// port, trust authentication for one superuser. PostgreSQL refuses to run as root, so under root the server
/// runs as the <c>postgres</c> system user (or <c>nobody</c>) through <c>runuser</c>. Missing binaries fail with
/// installation instructions.
/// </summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    public const string User = "tfstate";

    private readonly string _bin;
    private readonly string _root;
    private readonly string? _runAs;

    private LocalPostgres(string bin, string root, string? runAs, int port)
    {
        _bin = bin;
        _root = root;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    /// <summary>libpq URL for the <c>postgres</c> database.</summary>
    public string ConnectionString => $"postgres://{User}@127.0.0.1:{Port}/postgres?sslmode=disable";

    private string DataDirectory => Path.Combine(_root, "data");

    public static async Task<LocalPostgres> StartAsync()
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
            "Install them: Debian/Ubuntu `apt-get install postgresql`, Fedora/RHEL `dnf install postgresql-server`, macOS `brew install postgresql`.");
        var runAs = await IsRootAsync() ? PickUnprivilegedUser() : null;
        var root = Directory.CreateTempSubdirectory("pg-").FullName;
        var port = FreePort();
        var pg = new LocalPostgres(bin, root, runAs, port);
        try
        {
            if (runAs is not null) await RunAsync("chown", ["-R", runAs, root], null);
            await pg.RunPgAsync("initdb", "-D", pg.DataDirectory, "-A", "trust", "-U", User, "--no-sync", "-E", "UTF8");
            await pg.RunPgAsync("pg_ctl", "-D", pg.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
                "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
            return pg;
        }
        catch
        {
            await pg.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunPgAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // Best effort; the directory goes anyway.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task RunPgAsync(string tool, params string[] arguments) =>
        _runAs is null
            ? RunAsync(Path.Combine(_bin, tool), arguments, _root)
            : RunAsync("runuser", ["-u", _runAs, "--", Path.Combine(_bin, tool), .. arguments], _root);

    private static async Task RunAsync(string file, IEnumerable<string> arguments, string? workingDirectory)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', psi.ArgumentList)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static string? FindBinDirectory()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        }

        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian)) return null;
        return Directory.EnumerateDirectories(debian)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static async Task<bool> IsRootAsync()
    {
        var psi = new ProcessStartInfo("id", "-u") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        var uid = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        return uid == "0";
    }

    private static string PickUnprivilegedUser()
    {
        var passwd = File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var user in new[] { "postgres", "nobody" })
        {
            if (passwd.Contains(user)) return user;
        }

        throw new InvalidOperationException("Running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as (PostgreSQL refuses root).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
