using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using Examples.Tests.Support;
using TestSupport.Tools;

namespace Examples.Tests;

/// <summary>
/// scripts/release.sh: Registry packaging (zip, manifest, SHA256SUMS) of the AOT binary the test run already
/// published (NUTANIX_PROVIDER_PUBLISH_DIR, so the suite does not link a second native image), the script's
/// refusal of a binary reporting another version, and the stamping of <c>-p:Version</c> (the property the
/// script builds with) into <c>--version</c>.
/// </summary>
public sealed class ReleaseTests
{
    [Fact]
    public async Task Release_produces_registry_artifacts()
    {
        var version = await Provider.VersionAsync();
        var publishDir = Path.GetDirectoryName(await Provider.BinaryAsync())!;
        using var dist = new TempDirectory("release-");
        var result = await RunAsync("/bin/bash", [Path.Combine(RepositoryRoot.Path, "scripts", "release.sh"), version, dist.Path],
            TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["NUTANIX_PROVIDER_PUBLISH_DIR"] = publishDir });
        Assert.True(result.ExitCode == 0, $"release.sh failed: {result}");

        var zip = Path.Combine(dist.Path, $"terraform-provider-nutanix_{version}_linux_amd64.zip");
        var manifest = Path.Combine(dist.Path, $"terraform-provider-nutanix_{version}_manifest.json");
        var sums = Path.Combine(dist.Path, $"terraform-provider-nutanix_{version}_SHA256SUMS");
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
            Assert.Equal($"terraform-provider-nutanix_v{version}", entry.FullName);
            Assert.Equal(Convert.ToInt32("755", 8), (entry.ExternalAttributes >> 16) & Convert.ToInt32("777", 8));
        }

        ZipFile.ExtractToDirectory(zip, unpacked.Path);
        var binary = Path.Combine(unpacked.Path, $"terraform-provider-nutanix_v{version}");
        Assert.Equal($"terraform-provider-nutanix {version}\n", await Provider.RunAsync(binary, "--version"));
    }

    [Fact]
    public async Task Release_rejects_a_malformed_version_and_a_binary_with_another_version()
    {
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "release.sh");
        var malformed = await RunAsync("/bin/bash", [script, "v1.0"], TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, malformed.ExitCode);
        Assert.Contains("usage:", malformed.StandardError, StringComparison.Ordinal);

        using var dist = new TempDirectory("release-");
        var publishDir = Path.GetDirectoryName(await Provider.BinaryAsync())!;
        var mismatch = await RunAsync("/bin/bash", [script, "97.98.99", dist.Path], TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["NUTANIX_PROVIDER_PUBLISH_DIR"] = publishDir });
        Assert.NotEqual(0, mismatch.ExitCode);
        Assert.Contains("expected 'terraform-provider-nutanix 97.98.99'", mismatch.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(dist.Path));
    }

    [Fact]
    public async Task Version_property_is_stamped_into_the_binary()
    {
        using var build = new TempDirectory("stamp-");
        var result = await RunAsync("dotnet",
            ["build", Path.Combine(RepositoryRoot.Path, "src", "TerraformProvider.Nutanix"), "-c", "Release", "-nologo", "-v", "quiet",
             "-p:Version=9.8.7", "--artifacts-path", Path.Combine(build.Path, "artifacts"), "-o", Path.Combine(build.Path, "out")],
            TimeSpan.FromMinutes(8));
        Assert.True(result.ExitCode == 0, $"dotnet build failed: {result}");
        Assert.Equal("terraform-provider-nutanix 9.8.7\n", await Provider.RunAsync(Path.Combine(build.Path, "out", "terraform-provider-nutanix"), "--version"));
    }

    private static async Task<ToolResult> RunAsync(string file, string[] arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot.Path };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
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
