// terraform-docs-gen: Terraform Registry docs from a provider's schema.
//
//   terraform-docs-gen --provider registry.terraform.io/NS/TYPE (--provider-binary PATH | --schema-json FILE)
//                      --examples DIR --out DIR [--preamble FILE] [--check] [--terraform PATH]
//
// --check compares instead of writing and exits 1 listing the differences (used to keep docs/ current); it also
// fails when an attribute, block, resource or data source has no description (those would be documented bare).
// Without --check such elements are listed as warnings and the docs are written anyway.
using System.CommandLine;
using System.Text.Json.Nodes;
using TerraformDocs;

var provider = new Option<string>("--provider") { Description = "full provider source address, e.g. registry.terraform.io/NS/TYPE", Required = true };
var binary = new Option<FileInfo?>("--provider-binary") { Description = "the provider executable; its schema is read through `terraform providers schema -json`" };
var schemaJson = new Option<FileInfo?>("--schema-json") { Description = "a saved `terraform providers schema -json` document instead of --provider-binary" };
var examples = new Option<DirectoryInfo>("--examples") { Description = "examples/ in the Registry layout", Required = true };
var output = new Option<DirectoryInfo>("--out") { Description = "where docs/ is written (or compared with --check)", Required = true };
var preamble = new Option<FileInfo?>("--preamble") { Description = "Markdown placed under the title of index.md" };
var terraform = new Option<string>("--terraform")
{
    Description = "the terraform executable (default: TERRAFORM_PATH, else terraform on PATH)",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TERRAFORM_PATH") is { Length: > 0 } tp ? tp : "terraform",
};
var check = new Option<bool>("--check") { Description = "compare instead of writing; exit 1 listing differences and undocumented schema elements" };

var root = new RootCommand("Renders Terraform Registry documentation from a provider's schema and examples/.")
{
    provider, binary, schemaJson, examples, output, preamble, terraform, check,
};
root.Validators.Add(result =>
{
    if ((result.GetValue(binary) is null) == (result.GetValue(schemaJson) is null))
        result.AddError("give exactly one of --provider-binary and --schema-json");
});
root.SetAction(async (parse, cancellationToken) =>
{
    var address = parse.GetValue(provider)!;
    var outDir = parse.GetValue(output)!.FullName;
    try
    {
        var schema = parse.GetValue(binary) is { } exe
            ? await SchemaSource.FromBinaryAsync(parse.GetValue(terraform)!, address, exe.FullName, cancellationToken)
            : SchemaSource.FromDocument(JsonNode.Parse(await File.ReadAllTextAsync(parse.GetValue(schemaJson)!.FullName, cancellationToken)), address);
        var files = DocsGenerator.Generate(schema, new DocsOptions
        {
            ProviderAddress = address,
            ExamplesDirectory = parse.GetValue(examples)!.FullName,
            IndexPreamble = parse.GetValue(preamble) is { } p ? await File.ReadAllTextAsync(p.FullName, cancellationToken) : null,
        });
        var undocumented = SchemaLint.Undocumented(schema);
        foreach (var u in undocumented) await Console.Error.WriteLineAsync($"no description: {u}");
        if (parse.GetValue(check))
        {
            var differences = DocsTree.Compare(outDir, files);
            foreach (var d in differences) await Console.Error.WriteLineAsync(d);
            return differences.Count == 0 && undocumented.Count == 0 ? 0 : 1;
        }

        DocsTree.Write(outDir, files);
        Console.WriteLine($"wrote {files.Count} files to {outDir}" + (undocumented.Count > 0 ? $"; {undocumented.Count} schema elements have no description" : ""));
        return 0;
    }
    catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 1;
    }
});
return await root.Parse(args).InvokeAsync();
