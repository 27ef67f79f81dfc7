using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Faults;

/// <summary>The fault injectors of the simulated APIs, keyed <c>prism</c> and <c>kube</c>.</summary>
public sealed class FaultRegistry
{
    public const string Prism = "prism";
    public const string Kube = "kube";

    public FaultInjector PrismFaults { get; } = new(Prism);
    public FaultInjector KubeFaults { get; } = new(Kube);

    public FaultInjector? Get(string api) => api switch
    {
        Prism => PrismFaults,
        Kube => KubeFaults,
        _ => null,
    };

    /// <summary>Applies a faults file: <c>{"prism": {...}, "kube": {...}}</c>. Throws <see cref="FormatException"/> naming the field.</summary>
    public void Apply(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON ({e.Message})");
        }
        if (root is not JsonObject o) throw new FormatException($"{source}: $: must be a JSON object with keys prism and/or kube");
        var pending = new List<(FaultInjector, FaultSettings)>();
        foreach (var (key, value) in o)
        {
            var injector = Get(key) ?? throw new FormatException($"{source}: $.{key}: unknown API (use prism or kube)");
            pending.Add((injector, FaultSettings.FromJson(value, $"{source}: $.{key}")));
        }
        foreach (var (injector, settings) in pending) injector.Set(settings);
    }

    public JsonObject ToJson() => new()
    {
        [Prism] = Describe(PrismFaults),
        [Kube] = Describe(KubeFaults),
    };

    private static JsonObject Describe(FaultInjector f)
    {
        var o = f.Settings.ToJson();
        o["errors_injected"] = f.ErrorsInjected;
        o["requests"] = f.Requests;
        return o;
    }
}
