using Examples.Tests.Support;
using TestSupport.Tools;

namespace Examples.Tests;

/// <summary>
/// Every example under examples/ passes <c>terraform validate</c> with the local provider (dev_overrides).
/// Registry snippets (resources/*, data-sources/*, ephemeral-resources/*) that refer to <c>nutanix_cloud_account.pc</c>
/// (or <c>nutanix_cluster.apps</c>) are validated together with the cloud account (and cluster) example, and each snippet gets a required_providers block.
/// </summary>
public sealed class ExampleValidationTests
{
    private const string RequiredProviders = """
        terraform {
          required_providers {
            nutanix = { source = "nutanix-cloud-native/nutanix" }
          }
        }
        """;

    public static TheoryData<string> Snippets()
    {
        var data = new TheoryData<string>();
        var examples = Path.Combine(RepositoryRoot.Path, "examples");
        foreach (var kind in new[] { "resources", "data-sources", "ephemeral-resources" })
        {
            foreach (var dir in Directory.EnumerateDirectories(Path.Combine(examples, kind)).Order(StringComparer.Ordinal))
            {
                data.Add(kind + "/" + Path.GetFileName(dir));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public async Task Registry_snippet_validates(string snippet)
    {
        var examples = Path.Combine(RepositoryRoot.Path, "examples");
        using var ws = TerraformWorkspace.ForProvider(Provider.Address, await Provider.BinaryAsync());
        var tf = Directory.EnumerateFiles(Path.Combine(examples, snippet), "*.tf").Single();
        var text = await File.ReadAllTextAsync(tf);
        ws.WriteFile("snippet.tf", text);
        ws.WriteFile("versions.tf", RequiredProviders);
        if (!snippet.EndsWith("/nutanix_cluster", StringComparison.Ordinal) && text.Contains("nutanix_cluster.apps", StringComparison.Ordinal))
        {
            // Ephemeral resources read the cluster of the nutanix_cluster example (which needs the account).
            var cluster = await File.ReadAllTextAsync(Path.Combine(examples, "resources", "nutanix_cluster", "resource.tf"));
            ws.WriteFile("cluster.tf", cluster);
            text += cluster;
        }

        if (!snippet.EndsWith("/nutanix_cloud_account", StringComparison.Ordinal) && text.Contains("nutanix_cloud_account.pc", StringComparison.Ordinal))
        {
            ws.WriteFile("account.tf", await File.ReadAllTextAsync(Path.Combine(examples, "resources", "nutanix_cloud_account", "resource.tf")));
        }

        var result = await ws.ValidateAsync();
        Assert.True(result.ExitCode == 0, $"{snippet}: {result}");
        Assert.Contains("The configuration is valid", result.StandardOutput, StringComparison.Ordinal);
        if (snippet.StartsWith("resources/", StringComparison.Ordinal))
        {
            var import = await File.ReadAllTextAsync(Path.Combine(examples, snippet, "import.sh"));
            var type = snippet["resources/".Length..];
            Assert.Matches($@"(?m)^terraform import {type}\.[a-z_]+ [a-z0-9-]+/[a-z0-9-]+$", import);
        }
    }

    [Theory]
    [InlineData("provider")]
    [InlineData("quickstart")]
    [InlineData("modules/nutanix-cluster")]
    [InlineData("postgres-backend")]
    public async Task Configuration_validates(string example)
    {
        using var ws = TerraformWorkspace.ForProvider(Provider.Address, await Provider.BinaryAsync());
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "examples", example), "*.tf"))
        {
            ws.WriteFile(Path.GetFileName(file), await File.ReadAllTextAsync(file));
        }

        var result = await ws.ValidateAsync();
        Assert.True(result.ExitCode == 0, $"{example}: {result}");
    }

    [Fact]
    public void Every_resource_type_has_a_snippet_and_import()
    {
        var examples = Path.Combine(RepositoryRoot.Path, "examples", "resources");
        foreach (var dir in Directory.EnumerateDirectories(examples))
        {
            Assert.True(File.Exists(Path.Combine(dir, "resource.tf")), $"{dir}/resource.tf missing");
            Assert.True(File.Exists(Path.Combine(dir, "import.sh")), $"{dir}/import.sh missing");
        }
    }
}
