using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Terraform.Plugin.FixtureProvider;
using TestSupport.Tools;

namespace Terraform.Plugin.Tests.Cli;

/// <summary>
/// The real terraform CLI against the fixture provider (published as a JIT apphost: these tests prove the
/// framework's protocol behaviour, not AOT), installed through dev_overrides.
/// </summary>
public sealed class FixtureCliTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("fixture-cli-state-").FullName;

    private const string Resource = """
        terraform {
          required_providers {
            fixture = { source = "test/fixture" }
          }
        }

        provider "fixture" {}

        resource "fixture_thing" "x" {
          name      = "alpha"
          mode      = "fast"
          size      = 42
          big       = 123456789012345678901234567890
          enabled   = true
          ports     = [80, 443]
          labels    = ["a", "b"]
          tags      = { env = "test" }
          settings  = { level = 2, tier = "gold" }
          extra     = { anything = ["goes", 1] }
          password  = "p@ss-word"
          secret_wo = "hunter2-write-only"
          single    = { a = "x", b = 1.5 }
          items     = [{ key = "k1", value = "v1" }, { key = "k2" }]
          members   = [{ name = "m1" }, { name = "m2" }]
          by_name   = { web = { port = 8080 } }

          rule {
            action   = "allow"
            priority = 1
          }
          rule {
            action = "deny"
          }
        }
        """;

    private const string Lookup = """

        data "fixture_thing_lookup" "y" {
          id = fixture_thing.x.id
        }

        output "found" {
          value = data.fixture_thing_lookup.y.found
        }
        """;

    private static Task<string> FixtureBinaryAsync() =>
        PublishedBinary.GetAsync("tests/Terraform.Plugin.FixtureProvider/Terraform.Plugin.FixtureProvider.csproj", "terraform-provider-fixture", nativeAot: false);

    private async Task<TerraformWorkspace> WorkspaceAsync()
    {
        var workspace = TerraformWorkspace.ForProvider(FixtureProvider.FixtureProvider.Address, await FixtureBinaryAsync());
        workspace.Environment["FIXTURE_STATE_DIR"] = _stateDir;
        return workspace;
    }

    private static void Succeeded(ToolResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    [Fact]
    public async Task PlanApplyReplanDestroy_WithEveryAttributeKind()
    {
        using var ws = await WorkspaceAsync();
        ws.WriteMainTf(Resource + Lookup);

        var plan = await ws.PlanAsync();
        Succeeded(plan);
        Assert.Contains("Provider development overrides are in effect", plan.StandardError + plan.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("id             = (known after apply)", plan.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("created_at     = (known after apply)", plan.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(sensitive value)", plan.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss-word", plan.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-write-only", plan.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", plan.StandardOutput, StringComparison.Ordinal);

        Succeeded(await ws.ApplyAsync());

        var replan = await ws.PlanDetailedAsync();
        Assert.True(replan.ExitCode == 0, "plan after apply is not empty:\n" + replan);

        using (var show = await ws.ShowJsonAsync())
        {
            var resources = show.RootElement.GetProperty("values").GetProperty("root_module").GetProperty("resources");
            var thing = resources.EnumerateArray().Single(r => r.GetProperty("type").GetString() == "fixture_thing");
            var values = thing.GetProperty("values");
            Assert.StartsWith("thing-", values.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, values.GetProperty("secret_wo").ValueKind);
            Assert.True(values.GetProperty("secret_wo_seen").GetBoolean());
            Assert.Equal("none", values.GetProperty("description").GetString());
            Assert.Equal("123456789012345678901234567890", values.GetProperty("big").GetRawText());
            Assert.Equal(2, values.GetProperty("rule").GetArrayLength());
            Assert.Equal(8080, values.GetProperty("by_name").GetProperty("web").GetProperty("port").GetInt32());
            Assert.True(show.RootElement.GetProperty("values").GetProperty("outputs").GetProperty("found").GetProperty("value").GetBoolean());
        }

        Assert.DoesNotContain("hunter2-write-only", await File.ReadAllTextAsync(Path.Combine(ws.Directory, "terraform.tfstate")), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_stateDir));

        // Changing a RequiresReplace attribute plans a replacement.
        ws.WriteMainTf((Resource + Lookup).Replace("name      = \"alpha\"", "name      = \"beta\"", StringComparison.Ordinal));
        var replace = await ws.PlanDetailedAsync();
        Assert.True(replace.ExitCode == 2, replace.ToString());
        Assert.Contains("forces replacement", replace.StandardOutput, StringComparison.Ordinal);
        ws.WriteMainTf(Resource + Lookup);

        Succeeded(await ws.DestroyAsync());
        Assert.Empty(Directory.GetFiles(_stateDir));
    }

    [Fact]
    public async Task ImportBlock_RoundTripsWithEmptyPlan()
    {
        string id;
        using (var first = await WorkspaceAsync())
        {
            first.WriteMainTf(Resource);
            Succeeded(await first.ApplyAsync());
            using var show = await first.ShowJsonAsync();
            id = show.RootElement.GetProperty("values").GetProperty("root_module").GetProperty("resources")[0]
                .GetProperty("values").GetProperty("id").GetString()!;
        }

        using var ws = await WorkspaceAsync();
        ws.WriteMainTf(Resource + $$"""

            import {
              to = fixture_thing.x
              id = "{{id}}"
            }
            """);
        var plan = await ws.PlanAsync();
        Succeeded(plan);
        Assert.Contains("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.", plan.StandardOutput, StringComparison.Ordinal);

        Succeeded(await ws.ApplyAsync());
        var replan = await ws.PlanDetailedAsync();
        Assert.True(replan.ExitCode == 0, "plan after import is not empty:\n" + replan);
        Succeeded(await ws.DestroyAsync());
    }

    [Fact]
    public async Task TfLogDebug_IncludesTheProvidersOwnLogLines()
    {
        using var ws = await WorkspaceAsync();
        ws.WriteMainTf(Resource);
        ws.Environment["TF_LOG"] = "DEBUG";
        var plan = await ws.PlanAsync();
        Succeeded(plan);
        var providerLine = plan.StandardError.Split('\n')
            .FirstOrDefault(l => l.Contains("provider fixture 0.0.1", StringComparison.Ordinal) && l.Contains("resource types", StringComparison.Ordinal));
        Assert.True(providerLine is not null, "no provider log line in TF_LOG=DEBUG output:\n" + plan.StandardError[..Math.Min(4000, plan.StandardError.Length)]);
        Assert.Contains("[DEBUG]", providerLine, StringComparison.Ordinal);
        Assert.Contains("provider.terraform-provider-fixture", providerLine, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-write-only", plan.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EphemeralResource_ConfiguresAProviderAndAWriteOnlyAttribute_AndNeverReachesPlanOrState()
    {
        // The ephemeral random value names a second provider's state_dir and goes, through a local, into a write-only
        // attribute. It may not appear in the saved plan (its JSON or any entry of the zip) nor in the state.
        var ephemeralBase = Path.Combine(_stateDir, "by-secret");
        using var ws = await WorkspaceAsync();
        ws.WriteMainTf($$"""
            terraform {
              required_providers {
                fixture = { source = "test/fixture" }
              }
            }

            provider "fixture" {}

            ephemeral "fixture_secret" "s" {
              length = 40
              echo   = "unused"
            }

            locals {
              token = ephemeral.fixture_secret.s.value
            }

            provider "fixture" {
              alias     = "eph"
              state_dir = "{{ephemeralBase}}/${local.token}"
            }

            resource "fixture_thing" "w" {
              name      = "with-secret"
              secret_wo = local.token
            }

            resource "fixture_thing" "v" {
              provider = fixture.eph
              name     = "via-ephemeral-provider"
            }
            """);

        var plan = await ws.PlanAsync("-out=eph.tfplan");
        Succeeded(plan);
        Assert.Contains("Plan: 2 to add, 0 to change, 0 to destroy.", plan.StandardOutput, StringComparison.Ordinal);
        Succeeded(await ws.ApplyAsync("eph.tfplan"));

        // The provider configured from the ephemeral value (opened again for apply) wrote its thing where the value said.
        var ephemeralDir = Assert.Single(Directory.GetDirectories(ephemeralBase));
        var secret = Path.GetFileName(ephemeralDir);
        Assert.Equal(40, secret.Length);
        Assert.Single(Directory.GetFiles(ephemeralDir, "thing-*.json"));
        using (var show = await ws.ShowJsonAsync())
        {
            var resources = show.RootElement.GetProperty("values").GetProperty("root_module").GetProperty("resources");
            var withSecret = resources.EnumerateArray().Single(r => r.GetProperty("address").GetString() == "fixture_thing.w").GetProperty("values");
            Assert.True(withSecret.GetProperty("secret_wo_seen").GetBoolean());
            Assert.Equal(JsonValueKind.Null, withSecret.GetProperty("secret_wo").ValueKind);
        }

        // Every open was closed, in plan and in apply (each opens it once).
        var journal = await File.ReadAllLinesAsync(Path.Combine(_stateDir, SecretEphemeralResource.JournalFile));
        var opened = journal.Where(l => l.StartsWith("open ", StringComparison.Ordinal)).Select(l => l[5..]).ToList();
        var closed = journal.Where(l => l.StartsWith("close ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
        Assert.True(opened.Count >= 2, string.Join("\n", journal));
        Assert.Equal(opened.Order(StringComparer.Ordinal), closed.Order(StringComparer.Ordinal));

        var places = new Dictionary<string, string>
        {
            ["state"] = await File.ReadAllTextAsync(Path.Combine(ws.Directory, "terraform.tfstate")),
            ["plan file (raw bytes)"] = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(ws.Directory, "eph.tfplan"))),
        };
        using (var zip = ZipFile.OpenRead(Path.Combine(ws.Directory, "eph.tfplan")))
        {
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.Latin1);
                places["plan file entry " + entry.FullName] = await reader.ReadToEndAsync();
            }
        }

        using (var planJson = await ws.ShowJsonAsync("eph.tfplan")) places["plan JSON"] = planJson.RootElement.GetRawText();
        Assert.Contains(places.Keys, k => k.StartsWith("plan file entry ", StringComparison.Ordinal));
        foreach (var (where, text) in places) Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the ephemeral value is in the {where}");

        Succeeded(await ws.DestroyAsync());
    }

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);
}
