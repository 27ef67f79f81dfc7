using System.Text.Json.Nodes;
using Examples.Tests.Support;
using TerraformDocs;
using TestSupport.Tools;

namespace Examples.Tests;

/// <summary>docs/ is exactly what the generator makes from the provider's schema and examples/.</summary>
public sealed class DocsTests
{
    private static DocsOptions Options => new()
    {
        ProviderAddress = Provider.Address,
        ExamplesDirectory = Path.Combine(RepositoryRoot.Path, "examples"),
        IndexPreamble = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "provider", "index-preamble.md")),
    };

    [Fact]
    public async Task Docs_are_up_to_date_with_the_schema()
    {
        var schema = await SchemaSource.FromBinaryAsync(ExternalTool.Terraform.Path, Provider.Address, await Provider.BinaryAsync(), CancellationToken.None);
        var files = DocsGenerator.Generate(schema, Options);
        var differences = DocsTree.Compare(Path.Combine(RepositoryRoot.Path, "docs"), files);
        Assert.True(differences.Count == 0,
            "docs/ is out of date with the provider schema or examples/. Regenerate it with ./scripts/docs.sh and commit the result:\n  " +
            string.Join("\n  ", differences));

        // Every resource and data source of the schema has a page with an example, and resources an import section.
        foreach (var (type, _) in (JsonObject)schema["resource_schemas"]!)
        {
            var page = files[$"resources/{type["nutanix_".Length..]}.md"];
            Assert.Contains("## Example Usage", page, StringComparison.Ordinal);
            Assert.Contains($"terraform import {type}.", page, StringComparison.Ordinal);
        }

        foreach (var (type, _) in (JsonObject)schema["data_source_schemas"]!)
        {
            Assert.Contains($"data \"{type}\"", files[$"data-sources/{type["nutanix_".Length..]}.md"], StringComparison.Ordinal);
        }

        var ephemeralResources = (JsonObject)schema["ephemeral_resource_schemas"]!;
        Assert.Contains("nutanix_cluster_kubeconfig", ephemeralResources.Select(kv => kv.Key));
        foreach (var (type, _) in ephemeralResources)
        {
            Assert.Contains($"ephemeral \"{type}\"", files[$"ephemeral-resources/{type["nutanix_".Length..]}.md"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_schema_element_has_a_description()
    {
        var schema = await SchemaSource.FromBinaryAsync(ExternalTool.Terraform.Path, Provider.Address, await Provider.BinaryAsync(), CancellationToken.None);
        var undocumented = SchemaLint.Undocumented(schema);
        Assert.True(undocumented.Count == 0,
            "These schema elements have no description, so the Registry docs would show them bare. Add a MarkdownDescription " +
            "(units, default, allowed values, in-place update or replacement) and regenerate docs/ with ./scripts/docs.sh:\n  " +
            string.Join("\n  ", undocumented));
    }

    [Fact]
    public void Lint_finds_undocumented_attributes_nested_attributes_and_blocks()
    {
        var schema = (JsonObject)JsonNode.Parse("""
            {
              "provider": { "block": { "description": "Acme.", "attributes": { "token": { "type": "string", "optional": true } } } },
              "resource_schemas": { "acme_widget": { "block": { "description": "A widget.", "attributes": {
                "name": { "type": "string", "required": true, "description": "Name." },
                "id": { "type": "string", "computed": true, "description": "  " },
                "parts": { "description": "Parts.", "nested_type": { "nesting_mode": "list", "attributes": {
                    "size": { "type": "number", "required": true, "description": "Size." },
                    "kind": { "type": "string", "optional": true } } }, "optional": true } },
                "block_types": { "timeouts": { "nesting_mode": "single", "block": { "attributes": {
                    "create": { "type": "string", "optional": true, "description": "Create." } } } } } } } },
              "data_source_schemas": { "acme_thing": { "block": { "attributes": {
                "uuid": { "type": "string", "computed": true, "description": "UUID." } } } } },
              "ephemeral_resource_schemas": { "acme_token": { "block": { "description": "A token.", "attributes": {
                "value": { "type": "string", "computed": true, "sensitive": true } } } } }
            }
            """)!;

        Assert.Equal(
            ["provider: token", "resource acme_widget: id", "resource acme_widget: parts.kind", "resource acme_widget: timeouts",
             "data source acme_thing: (description)", "ephemeral resource acme_token: value"],
            SchemaLint.Undocumented(schema));
    }

    [Fact]
    public void Renders_groups_flags_nested_schemas_and_import()
    {
        using var examples = new TempDirectory();
        examples.Write("provider/provider.tf", "provider \"acme\" {}\n");
        examples.Write("resources/acme_widget/resource.tf", "resource \"acme_widget\" \"w\" {}\n");
        examples.Write("resources/acme_widget/import.sh", "terraform import acme_widget.w ns/w\n");
        var schema = (JsonObject)JsonNode.Parse("""
            {
              "provider": { "block": { "description": "Acme widgets. More text.", "attributes": {
                "token": { "type": "string", "optional": true, "sensitive": true, "description": "API token." } } } },
              "resource_schemas": { "acme_widget": { "block": { "description": "A widget.", "attributes": {
                "name": { "type": "string", "required": true, "description": "Name." },
                "tags": { "type": ["map", "string"], "optional": true },
                "secret_wo": { "type": "string", "optional": true, "sensitive": true, "write_only": true },
                "id": { "type": "string", "computed": true },
                "parts": { "nested_type": { "nesting_mode": "list", "attributes": {
                    "size": { "type": "number", "required": true, "description": "Size." },
                    "kind": { "type": "string", "optional": true, "computed": true } } }, "optional": true }
              } } } },
              "data_source_schemas": {}
            }
            """)!;
        var files = DocsGenerator.Generate(schema, new DocsOptions { ProviderAddress = "registry.terraform.io/acme/acme", ExamplesDirectory = examples.Path });

        Assert.Equal(["index.md", "resources/widget.md"], files.Keys);
        var page = files["resources/widget.md"];
        Assert.StartsWith("---\npage_title: \"acme_widget Resource - acme\"\n", page, StringComparison.Ordinal);
        Assert.Contains("### Required\n\n- `name` (String) Name.\n", page, StringComparison.Ordinal);
        Assert.Contains("- `secret_wo` (String, Sensitive, Write-only)\n", page, StringComparison.Ordinal);
        Assert.Contains("- `tags` (Map of String)\n", page, StringComparison.Ordinal);
        Assert.Contains("### Read-Only\n\n- `id` (String)\n", page, StringComparison.Ordinal);
        Assert.Contains("- `parts` (Attributes List) (see [below for nested schema](#nestedatt--parts))", page, StringComparison.Ordinal);
        Assert.Contains("<a id=\"nestedatt--parts\"></a>\n### Nested Schema for `parts`\n\n### Required\n\n- `size` (Number) Size.\n", page, StringComparison.Ordinal);
        Assert.Contains("```shell\nterraform import acme_widget.w ns/w\n```", page, StringComparison.Ordinal);
        Assert.Contains("import {\n  to = acme_widget.w\n  id = \"ns/w\"\n}", page, StringComparison.Ordinal);
        Assert.Contains("- `token` (String, Sensitive) API token.", files["index.md"], StringComparison.Ordinal);
        Assert.Contains("- [`acme_widget`](resources/widget.md): A widget.", files["index.md"], StringComparison.Ordinal);

        // Comparison reports stale, missing and changed files.
        using var docs = new TempDirectory();
        DocsTree.Write(docs.Path, files);
        Assert.Empty(DocsTree.Compare(docs.Path, files));
        docs.Write("resources/gone.md", "old");
        docs.Write("index.md", "edited by hand");
        var diff = DocsTree.Compare(docs.Path, files);
        Assert.Contains(diff, d => d.StartsWith("differs: index.md", StringComparison.Ordinal));
        Assert.Contains("not generated (stale): resources/gone.md", diff);
    }

    [Fact]
    public void Renders_ephemeral_resources_with_their_example_and_no_import()
    {
        using var examples = new TempDirectory();
        examples.Write("provider/provider.tf", "provider \"acme\" {}\n");
        examples.Write("ephemeral-resources/acme_token/ephemeral-resource.tf", "ephemeral \"acme_token\" \"t\" {}\n");
        var schema = (JsonObject)JsonNode.Parse("""
            {
              "provider": { "block": { "description": "Acme." } },
              "ephemeral_resource_schemas": { "acme_token": { "block": { "description": "A short-lived token. Never stored.", "attributes": {
                "scope": { "type": "string", "required": true, "description": "Scope." },
                "value": { "type": "string", "computed": true, "sensitive": true, "description": "The token." } } } } }
            }
            """)!;
        var files = DocsGenerator.Generate(schema, new DocsOptions { ProviderAddress = "registry.terraform.io/acme/acme", ExamplesDirectory = examples.Path });

        Assert.Equal(["ephemeral-resources/token.md", "index.md"], files.Keys);
        var page = files["ephemeral-resources/token.md"];
        Assert.StartsWith("---\npage_title: \"acme_token Ephemeral Resource - acme\"\n", page, StringComparison.Ordinal);
        Assert.Contains("# acme_token (Ephemeral Resource)\n", page, StringComparison.Ordinal);
        Assert.Contains("```terraform\nephemeral \"acme_token\" \"t\" {}\n```", page, StringComparison.Ordinal);
        Assert.Contains("### Required\n\n- `scope` (String) Scope.\n", page, StringComparison.Ordinal);
        Assert.Contains("### Read-Only\n\n- `value` (String, Sensitive) The token.\n", page, StringComparison.Ordinal);
        Assert.DoesNotContain("## Import", page, StringComparison.Ordinal);
        Assert.Contains("## Ephemeral Resources\n\n- [`acme_token`](ephemeral-resources/token.md): A short-lived token.", files["index.md"], StringComparison.Ordinal);

        // Without its example the page cannot be generated.
        File.Delete(System.IO.Path.Combine(examples.Path, "ephemeral-resources", "acme_token", "ephemeral-resource.tf"));
        var e = Assert.Throws<InvalidDataException>(() =>
            DocsGenerator.Generate(schema, new DocsOptions { ProviderAddress = "registry.terraform.io/acme/acme", ExamplesDirectory = examples.Path }));
        Assert.Contains("ephemeral-resource.tf", e.Message, StringComparison.Ordinal);

        // Stale ephemeral pages are found like the others.
        using var docs = new TempDirectory();
        docs.Write("ephemeral-resources/gone.md", "old");
        Assert.Contains("not generated (stale): ephemeral-resources/gone.md", DocsTree.Compare(docs.Path, files));
    }

    [Fact]
    public void A_resource_without_an_example_is_an_error()
    {
        using var examples = new TempDirectory();
        examples.Write("provider/provider.tf", "provider \"acme\" {}\n");
        var schema = (JsonObject)JsonNode.Parse("""
            { "provider": { "block": {} }, "resource_schemas": { "acme_thing": { "block": { "description": "T." } } } }
            """)!;
        var e = Assert.Throws<InvalidDataException>(() =>
            DocsGenerator.Generate(schema, new DocsOptions { ProviderAddress = "registry.terraform.io/acme/acme", ExamplesDirectory = examples.Path }));
        Assert.Contains("acme_thing", e.Message, StringComparison.Ordinal);
        Assert.Contains("resource.tf", e.Message, StringComparison.Ordinal);
    }
}
