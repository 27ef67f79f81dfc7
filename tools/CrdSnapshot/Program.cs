// crd-snapshot: (re)generates the repository's CRD snapshot (crds/) from upstream release CRD files.
//
//   crd-snapshot --source DIR [--out DIR] [--check]
//
// DIR holds one folder per release (cluster-api-v1.13.1/, capx-v1.10.3/, cert-manager-v1.20.2/), each with the
// release's CRD YAML files and its LICENSE; the source may also come from CRD_SNAPSHOT_SOURCE. --out defaults to the
// crds/ directory of the repository this tool is built from. --check compares instead of writing and exits 1 listing
// every file that is missing, different or no longer generated. Exit 2: bad arguments or unusable sources.
using CrdSnapshotTool;

string? source = Environment.GetEnvironmentVariable("CRD_SNAPSHOT_SOURCE") is { Length: > 0 } env ? env : null;
string? output = null;
var check = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--source" when i + 1 < args.Length: source = args[++i]; break;
        case "--out" when i + 1 < args.Length: output = args[++i]; break;
        case "--check": check = true; break;
        default:
            await Console.Error.WriteLineAsync($"crd-snapshot: unknown argument {args[i]}\nusage: crd-snapshot --source DIR [--out DIR] [--check]");
            return 2;
    }
}

if (source is null)
{
    await Console.Error.WriteLineAsync("crd-snapshot: no source: pass --source DIR (or set CRD_SNAPSHOT_SOURCE), the folder with one sub-folder per release (e.g. cluster-api-v1.13.1/) holding its CRD files and LICENSE");
    return 2;
}

output ??= SnapshotTree.DefaultDirectory();
try
{
    var files = SnapshotBuilder.Build(source);
    if (check)
    {
        var differences = SnapshotTree.Compare(output, files);
        foreach (var d in differences) await Console.Error.WriteLineAsync(d);
        await Console.Error.WriteLineAsync(differences.Count == 0
            ? $"crd-snapshot: {output} matches {source} ({files.Count} files)"
            : $"crd-snapshot: {output} is out of date ({differences.Count} differences); regenerate with: dotnet run --project tools/CrdSnapshot -- --source {source}");
        return differences.Count == 0 ? 0 : 1;
    }

    SnapshotTree.Write(output, files);
    await Console.Error.WriteLineAsync($"crd-snapshot: wrote {files.Count} files to {output}");
    return 0;
}
catch (SnapshotException ex)
{
    await Console.Error.WriteLineAsync("crd-snapshot: " + ex.Message);
    return 2;
}
