// terraform-docs-gen: Terraform Registry docs from a provider's schema.
//
//   terraform-docs-gen --provider registry.terraform.io/NS/TYPE (--provider-binary PATH | --schema-json FILE)
//                      --examples DIR --out DIR [--preamble FILE] [--check] [--terraform PATH]
//
// --check compares instead of writing and exits 1 listing the differences (used to keep docs/ current); it also
// fails when an attribute, block, resource or data source has no description (those would be documented bare).
// Without --check such elements are listed as warnings and the docs are written anyway.
using System.Text.Json.Nodes;
using TerraformDocs;

string? provider = null, binary = null, schemaJson = null, examples = null, output = null, preamble = null;
var terraform = Environment.GetEnvironmentVariable("TERRAFORM_PATH") is { Length: > 0 } tp ? tp : "terraform";
var check = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--provider": provider = Next(); break;
        case "--provider-binary": binary = Next(); break;
        case "--schema-json": schemaJson = Next(); break;
        case "--examples": examples = Next(); break;
        case "--out": output = Next(); break;
        case "--preamble": preamble = Next(); break;
        case "--terraform": terraform = Next(); break;
        case "--check": check = true; break;
        default:
            await Console.Error.WriteLineAsync($"unknown argument {args[i]}");
            return 2;
    }
}

if (provider is null || examples is null || output is null || (binary is null) == (schemaJson is null))
{
    await Console.Error.WriteLineAsync(
        "usage: terraform-docs-gen --provider HOST/NS/TYPE (--provider-binary PATH | --schema-json FILE) --examples DIR --out DIR [--preamble FILE] [--check]");
    return 2;
}

try
{
    var schema = binary is not null
        ? await SchemaSource.FromBinaryAsync(terraform, provider, binary, CancellationToken.None)
        : SchemaSource.FromDocument(JsonNode.Parse(await File.ReadAllTextAsync(schemaJson!)), provider);
    var files = DocsGenerator.Generate(schema, new DocsOptions
    {
        ProviderAddress = provider,
        ExamplesDirectory = examples,
        IndexPreamble = preamble is null ? null : await File.ReadAllTextAsync(preamble),
    });
    var undocumented = SchemaLint.Undocumented(schema);
    foreach (var u in undocumented) await Console.Error.WriteLineAsync($"no description: {u}");
    if (check)
    {
        var differences = DocsTree.Compare(output, files);
        foreach (var d in differences) await Console.Error.WriteLineAsync(d);
        return differences.Count == 0 && undocumented.Count == 0 ? 0 : 1;
    }

    DocsTree.Write(output, files);
    Console.WriteLine($"wrote {files.Count} files to {output}" + (undocumented.Count > 0 ? $"; {undocumented.Count} schema elements have no description" : ""));
    return 0;
}
catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
