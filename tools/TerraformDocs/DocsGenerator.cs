using System.Text;
using System.Text.Json.Nodes;

namespace TerraformDocs;

/// <summary>
/// Builds the Terraform Registry documentation tree from a provider's schema entry and its examples:
/// <c>index.md</c>, <c>resources/&lt;name&gt;.md</c>, <c>data-sources/&lt;name&gt;.md</c>,
/// <c>ephemeral-resources/&lt;name&gt;.md</c> (names without the provider prefix). Every resource must have
/// <c>examples/resources/TYPE/resource.tf</c>, every data source <c>examples/data-sources/TYPE/data-source.tf</c> and
/// every ephemeral resource <c>examples/ephemeral-resources/TYPE/ephemeral-resource.tf</c>; a missing example is an
/// error, so documentation cannot silently lose its usage section.
/// </summary>
public static class DocsGenerator
{
    /// <summary>Relative path (with '/') → file content.</summary>
    public static SortedDictionary<string, string> Generate(JsonObject providerSchema, DocsOptions options)
    {
        ArgumentNullException.ThrowIfNull(providerSchema);
        ArgumentNullException.ThrowIfNull(options);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var resources = Sorted(providerSchema["resource_schemas"] as JsonObject);
        var dataSources = Sorted(providerSchema["data_source_schemas"] as JsonObject);
        var ephemeralResources = Sorted(providerSchema["ephemeral_resource_schemas"] as JsonObject);

        files["index.md"] = Index(providerSchema["provider"] as JsonObject ?? new JsonObject(), resources, dataSources, ephemeralResources, options, problems);
        foreach (var (type, schema) in resources)
        {
            files[$"resources/{ShortName(type, options)}.md"] = Page(type, schema, "Resource", "resources", "resource.tf", options, problems);
        }

        foreach (var (type, schema) in dataSources)
        {
            files[$"data-sources/{ShortName(type, options)}.md"] = Page(type, schema, "Data Source", "data-sources", "data-source.tf", options, problems);
        }

        foreach (var (type, schema) in ephemeralResources)
        {
            files[$"ephemeral-resources/{ShortName(type, options)}.md"] = Page(type, schema, "Ephemeral Resource", "ephemeral-resources", "ephemeral-resource.tf", options, problems);
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException("documentation inputs are incomplete:\n  " + string.Join("\n  ", problems));
        }

        return files;
    }

    private static List<(string Type, JsonObject Schema)> Sorted(JsonObject? schemas) =>
        schemas is null ? [] : schemas.Where(kv => kv.Value is JsonObject).Select(kv => (kv.Key, (JsonObject)kv.Value!)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();

    private static string ShortName(string type, DocsOptions options) =>
        type.StartsWith(options.ProviderName + "_", StringComparison.Ordinal) ? type[(options.ProviderName.Length + 1)..] : type;

    private static string Index(
        JsonObject provider, List<(string Type, JsonObject Schema)> resources, List<(string Type, JsonObject Schema)> dataSources,
        List<(string Type, JsonObject Schema)> ephemeralResources, DocsOptions options, List<string> problems)
    {
        var block = provider["block"] as JsonObject ?? new JsonObject();
        var description = (string?)block["description"] ?? "";
        var md = new StringBuilder();
        FrontMatter(md, $"{options.ProviderName} Provider", description);
        md.Append("# ").Append(options.ProviderName).Append(" Provider\n\n");
        if (description.Length > 0) md.Append(description.Trim()).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(options.IndexPreamble)) md.Append(options.IndexPreamble.Trim()).Append("\n\n");

        md.Append("## Example Usage\n\n");
        AppendCode(md, Path.Combine(options.ExamplesDirectory, "provider", "provider.tf"), "terraform", problems);

        if (resources.Count > 0)
        {
            md.Append("\n## Resources\n\n");
            foreach (var (type, schema) in resources)
            {
                md.Append("- [`").Append(type).Append("`](resources/").Append(ShortName(type, options)).Append(".md)");
                AppendSummary(md, schema);
            }
        }

        if (dataSources.Count > 0)
        {
            md.Append("\n## Data Sources\n\n");
            foreach (var (type, schema) in dataSources)
            {
                md.Append("- [`").Append(type).Append("`](data-sources/").Append(ShortName(type, options)).Append(".md)");
                AppendSummary(md, schema);
            }
        }

        if (ephemeralResources.Count > 0)
        {
            md.Append("\n## Ephemeral Resources\n\n");
            foreach (var (type, schema) in ephemeralResources)
            {
                md.Append("- [`").Append(type).Append("`](ephemeral-resources/").Append(ShortName(type, options)).Append(".md)");
                AppendSummary(md, schema);
            }
        }

        md.Append("\n## Schema\n");
        SchemaMarkdown.Write(md, block);
        return md.ToString();
    }

    private static void AppendSummary(StringBuilder md, JsonObject schema)
    {
        var description = (string?)(schema["block"] as JsonObject)?["description"] ?? "";
        var firstSentence = FirstSentence(description);
        if (firstSentence.Length > 0) md.Append(": ").Append(firstSentence);
        md.Append('\n');
    }

    private static string FirstSentence(string text)
    {
        text = text.Trim().ReplaceLineEndings(" ");
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0 && (end < 0 || colon < end)) return text[..colon] + ".";
        return end < 0 ? text : text[..(end + 1)];
    }

    private static string Page(string type, JsonObject schema, string kind, string exampleFolder, string exampleFile, DocsOptions options, List<string> problems)
    {
        var block = schema["block"] as JsonObject ?? new JsonObject();
        var description = (string?)block["description"] ?? "";
        var md = new StringBuilder();
        FrontMatter(md, $"{type} {kind} - {options.ProviderName}", description);
        md.Append("# ").Append(type).Append(" (").Append(kind).Append(")\n\n");
        if (description.Length > 0) md.Append(description.Trim()).Append("\n\n");
        else problems.Add($"{type}: the schema has no description");

        md.Append("## Example Usage\n\n");
        var folder = Path.Combine(options.ExamplesDirectory, exampleFolder, type);
        AppendCode(md, Path.Combine(folder, exampleFile), "terraform", problems);

        md.Append("\n## Schema\n");
        SchemaMarkdown.Write(md, block);

        var import = Path.Combine(folder, "import.sh");
        if (kind == "Resource")
        {
            md.Append("\n## Import\n\nImport is supported using the following syntax:\n\n");
            AppendCode(md, import, "shell", problems);
            md.Append("\nOr, with Terraform 1.5 and later, an `import` block:\n\n```terraform\nimport {\n  to = ")
                .Append(type).Append('.').Append(ImportAddressName(import)).Append("\n  id = \"").Append(ImportId(import))
                .Append("\"\n}\n```\n");
        }

        return md.ToString();
    }

    private static void FrontMatter(StringBuilder md, string title, string description)
    {
        md.Append("---\n");
        md.Append("page_title: \"").Append(title).Append("\"\n");
        md.Append("subcategory: \"\"\n");
        md.Append("description: |-\n");
        foreach (var line in FirstSentence(description).Split('\n')) md.Append("  ").Append(line).Append('\n');
        md.Append("---\n\n");
    }

    private static void AppendCode(StringBuilder md, string file, string language, List<string> problems)
    {
        if (!File.Exists(file))
        {
            problems.Add($"missing example {file}");
            return;
        }

        var text = File.ReadAllText(file).ReplaceLineEndings("\n").TrimEnd('\n');
        md.Append("```").Append(language).Append('\n').Append(text).Append("\n```\n");
    }

    /// <summary>Address and id of the first <c>terraform import ADDRESS ID</c> line of an import.sh.</summary>
    private static string[] ImportLine(string file)
    {
        if (!File.Exists(file)) return [];
        var line = File.ReadLines(file).FirstOrDefault(l => l.TrimStart().StartsWith("terraform import ", StringComparison.Ordinal));
        return line is null ? [] : line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string ImportAddressName(string file) =>
        ImportLine(file) is [_, _, var address, _] && address.Contains('.', StringComparison.Ordinal) ? address[(address.IndexOf('.', StringComparison.Ordinal) + 1)..] : "example";

    private static string ImportId(string file) => ImportLine(file) is [_, _, _, var id] ? id.Trim('"', '\'') : "<id>";
}
