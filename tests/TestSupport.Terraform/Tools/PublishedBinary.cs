using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace TestSupport.Tools;

/// <summary>
/// Publishes a project (native AOT or a JIT apphost) at most once per test run, into
/// <c>artifacts/test-publish/&lt;name&gt;</c> with its own obj/bin (so it never collides with the test build), and
/// returns the executable's path. Safe to call from parallel tests and from parallel test processes: a file lock
/// serialises publishes, and a stamp of the source inputs skips publishing when nothing changed.
/// </summary>
public static class PublishedBinary
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> InProcess = new(StringComparer.Ordinal);

    /// <summary>
    /// Publishes <paramref name="projectPath"/> (relative to the repository root) for linux-x64 and returns the
    /// path of <paramref name="executableName"/>. <paramref name="nativeAot"/> false gives a framework-dependent
    /// apphost (much faster to publish; needs the .NET runtime at run time).
    /// </summary>
    public static Task<string> GetAsync(string projectPath, string executableName, bool nativeAot = true)
    {
        var name = executableName + (nativeAot ? "-aot" : "-jit");
        return InProcess.GetOrAdd(name, _ => new Lazy<Task<string>>(() => Task.Run(() => Publish(projectPath, executableName, name, nativeAot)))).Value;
    }

    private static async Task<string> Publish(string projectPath, string executableName, string name, bool nativeAot)
    {
        var root = RepositoryRoot.Path;
        var artifacts = Path.Combine(root, "artifacts", "test-publish", name);
        var output = Path.Combine(artifacts, "out");
        Directory.CreateDirectory(artifacts);
        var binary = Path.Combine(output, executableName);
        var stampPath = Path.Combine(artifacts, "inputs.stamp");

        using var fileLock = await AcquireLockAsync(Path.Combine(artifacts, "publish.lock"), TimeSpan.FromMinutes(30)).ConfigureAwait(false);
        var stamp = InputStamp(root, projectPath, nativeAot);
        if (File.Exists(binary) && File.Exists(stampPath) && await File.ReadAllTextAsync(stampPath).ConfigureAwait(false) == stamp)
        {
            return binary;
        }

        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in new[]
                 {
                     "publish", Path.Combine(root, projectPath), "-c", "Release", "-r", "linux-x64",
                     "--artifacts-path", artifacts, "-o", output, "-nologo",
                     nativeAot ? "-p:PublishAot=true" : "-p:PublishAot=false", "--self-contained", nativeAot ? "true" : "false",
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        // The test host's MSBuild settings must not leak into the nested build.
        psi.Environment.Remove("MSBuildExtensionsPath");
        psi.Environment.Remove("MSBUILD_EXE_PATH");
        psi.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"dotnet publish {projectPath} failed (exit {process.ExitCode}):\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
        }

        await File.WriteAllTextAsync(stampPath, stamp).ConfigureAwait(false);
        return binary;
    }

    /// <summary>Hash of the names, sizes and timestamps of every build input the published binary can depend on.</summary>
    private static string InputStamp(string root, string projectPath, bool nativeAot)
    {
        var builder = new StringBuilder();
        builder.Append(projectPath).Append('|').Append(nativeAot).Append('\n');
        var dirs = new[] { "src", "proto", Path.GetDirectoryName(projectPath)! }.Distinct();
        var files = new List<string>();
        foreach (var dir in dirs)
        {
            var full = Path.Combine(root, dir);
            if (!Directory.Exists(full)) continue;
            files.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)));
        }

        foreach (var f in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" }) files.Add(Path.Combine(root, f));
        foreach (var file in files.Distinct().Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            if (!info.Exists) continue;
            builder.Append(Path.GetRelativePath(root, file)).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static async Task<FileStream> AcquireLockAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250).ConfigureAwait(false);
            }
        }
    }
}
