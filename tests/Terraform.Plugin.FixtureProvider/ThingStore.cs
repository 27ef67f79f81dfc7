using Terraform.Plugin.Values;

namespace Terraform.Plugin.FixtureProvider;

/// <summary>One JSON file per object (cty JSON of the resource state), named by id.</summary>
public sealed class ThingStore(string directory)
{
    public string Directory { get; } = directory;

    public void Save(string id, CtyValue state, CtyType type)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllBytes(PathOf(id), CtyJson.Encode(state, type));
    }

    public CtyValue? Load(string id, CtyType type)
    {
        var path = PathOf(id);
        return File.Exists(path) ? CtyJson.Decode(File.ReadAllBytes(path), type) : null;
    }

    public void Delete(string id) => File.Delete(PathOf(id));

    private string PathOf(string id)
    {
        if (id.Length == 0 || id.IndexOfAny(['/', '\\', '.']) >= 0) throw new ArgumentException($"invalid id \"{id}\"", nameof(id));
        return Path.Combine(Directory, id + ".json");
    }
}
