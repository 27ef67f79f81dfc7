using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using Examples.Tests.Support;
using TestSupport.Tools;

namespace Examples.Tests;

/// <summary>
/// scripts/release.sh end to end: a native-AOT build stamped with the requested version, packaged the way the
/// Terraform Registry expects (zip, manifest, SHA256SUMS).
/// </summary>
public sealed class ReleaseTests
{
    private const string Version = "9.8.7";

    [Fact]
    public async Task Release_produces_registry_artifacts_with_the_version_stamped_in()
    {
        using var dist = new TempDirectory("release-");
        var result = await RunAsync("/bin/bash", [Path.Combine(RepositoryRoot.Path, "scripts", "release.sh"), Version, dist.Path], TimeSpan.FromMinutes(12));
        Assert.True(result.ExitCode == 0, $"release.sh failed: {result}");

        var zip = Path.Combine(dist.Path, $"terraform-provider-nutanix_{Version}_linux_amd64.zip");
        var manifest = Path.Combine(dist.Path, $"terraform-provider-nutanix_{Version}_manifest.json");
        var sums = Path.Combine(dist.Path, $"terraform-provider-nutanix_{Version}_SHA256SUMS");
        string[] expected = [Path.GetFileName(manifest), Path.GetFileName(sums), Path.GetFileName(zip)];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Directory.EnumerateFiles(dist.Path).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));

        // The manifest is the repository's, declaring protocol 6.0.
        var manifestText = await File.ReadAllTextAsync(manifest);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "terraform-registry-manifest.json")), manifestText);
        Assert.Contains("\"6.0\"", manifestText, StringComparison.Ordinal);

        // SHA256SUMS lists both files with their real hashes.
        var lines = (await File.ReadAllLinesAsync(sums)).ToDictionary(l => l[66..], l => l[..64]);
        Assert.Equal(2, lines.Count);
        foreach (var file in new[] { zip, manifest })
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file)));
            Assert.Equal(hash, lines[Path.GetFileName(file)]);
        }

        // The zip holds exactly the versioned, executable binary, and that binary reports the version.
        using var unpacked = new TempDirectory("release-unpacked-");
        using (var archive = ZipFile.OpenRead(zip))
        {
            var entry = Assert.Single(archive.Entries);
            Assert.Equal($"terraform-provider-nutanix_v{Version}", entry.FullName);
            Assert.Equal(Convert.ToInt32("755", 8), (entry.ExternalAttributes >> 16) & Convert.ToInt32("777", 8));
        }

        ZipFile.ExtractToDirectory(zip, unpacked.Path);
        var binary = Path.Combine(unpacked.Path, $"terraform-provider-nutanix_v{Version}");
        Assert.Equal($"terraform-provider-nutanix {Version}\n", await Provider.RunAsync(binary, "--version"));
    }

    [Fact]
    public async Task Release_rejects_a_malformed_version()
    {
        var result = await RunAsync("/bin/bash", [Path.Combine(RepositoryRoot.Path, "scripts", "release.sh"), "v1.0"], TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("usage:", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<ToolResult> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot.Path };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.Environment.Remove("MSBuildExtensionsPath");
        psi.Environment.Remove("MSBUILD_EXE_PATH");
        psi.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} timed out");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
