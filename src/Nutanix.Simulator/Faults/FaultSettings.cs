using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Faults;

/// <summary>
/// Faults injected into one API. JSON form (every field optional):
/// <c>{"latency_ms":200,"error_rate":0.5,"error_codes":[500,503,429],"retry_after_seconds":2,"down":false,"error_count":3}</c>.
/// <list type="bullet">
/// <item><c>latency_ms</c>: delay added before every request.</item>
/// <item><c>error_rate</c>: probability (0..1) that a request fails; with <c>error_count</c> and no rate, the next
/// <c>error_count</c> requests fail.</item>
/// <item><c>error_codes</c>: statuses used in turn for injected errors (default 500); 429 and 503 carry <c>Retry-After</c>.</item>
/// <item><c>error_count</c>: stop injecting errors after this many.</item>
/// <item><c>methods</c>: only requests with one of these HTTP methods are counted and may fail (e.g. <c>["POST","PATCH"]</c>
/// to fail the writes of an apply step by step); others pass untouched.</item>
/// <item><c>skip</c>: let this many (matching) requests through before injecting errors.</item>
/// <item><c>down</c>: the API is unreachable: new connections are closed before the TLS handshake and requests on open
/// connections are aborted.</item>
/// </list>
/// </summary>
public sealed record FaultSettings
{
    public int LatencyMs { get; init; }
    public double ErrorRate { get; init; }
    public IReadOnlyList<int> ErrorCodes { get; init; } = [500];
    public int RetryAfterSeconds { get; init; } = 1;
    public bool Down { get; init; }
    public int? ErrorCount { get; init; }
    public IReadOnlyList<string>? Methods { get; init; }
    public int Skip { get; init; }

    public static readonly FaultSettings None = new();

    /// <summary>Parses the JSON form; throws <see cref="FormatException"/> naming the bad field.</summary>
    public static FaultSettings FromJson(JsonNode? node, string where)
    {
        if (node is null) return None;
        if (node is not JsonObject o) throw new FormatException($"{where}: must be a JSON object");
        var result = new FaultSettings();
        foreach (var (key, value) in o)
        {
            var path = $"{where}.{key}";
            result = key switch
            {
                "latency_ms" => result with { LatencyMs = Int(value, path, 0, 600_000) },
                "error_rate" => result with { ErrorRate = Rate(value, path) },
                "error_codes" => result with { ErrorCodes = Codes(value, path) },
                "retry_after_seconds" => result with { RetryAfterSeconds = Int(value, path, 0, 3600) },
                "down" => result with { Down = value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : throw new FormatException($"{path}: must be true or false") },
                "error_count" => result with { ErrorCount = value is null ? null : Int(value, path, 0, int.MaxValue) },
                "methods" => result with { Methods = value is JsonArray m && m.Count > 0 && m.All(x => x is JsonValue xv && xv.GetValueKind() == JsonValueKind.String)
                    ? m.Select(x => ((string)x!).ToUpperInvariant()).ToList()
                    : throw new FormatException($"{path}: must be a non-empty array of HTTP methods") },
                "skip" => result with { Skip = Int(value, path, 0, int.MaxValue) },
                _ => throw new FormatException($"{path}: unknown field (allowed: latency_ms, error_rate, error_codes, retry_after_seconds, down, error_count, methods, skip)"),
            };
        }
        return result;
    }

    public JsonObject ToJson() => new()
    {
        ["latency_ms"] = LatencyMs,
        ["error_rate"] = ErrorRate,
        ["error_codes"] = new JsonArray(ErrorCodes.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
        ["retry_after_seconds"] = RetryAfterSeconds,
        ["down"] = Down,
        ["error_count"] = ErrorCount,
        ["methods"] = Methods is null ? null : new JsonArray(Methods.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
        ["skip"] = Skip,
    };

    private static int Int(JsonNode? node, string path, int min, int max) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) && i >= min && i <= max ? i
            : throw new FormatException($"{path}: must be an integer between {min} and {max}");

    private static double Rate(JsonNode? node, string path) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d is >= 0 and <= 1 ? d
            : throw new FormatException($"{path}: must be a number between 0 and 1");

    private static List<int> Codes(JsonNode? node, string path)
    {
        if (node is not JsonArray a || a.Count == 0) throw new FormatException($"{path}: must be a non-empty array of HTTP status codes");
        return a.Select((n, i) => Int(n, $"{path}[{i}]", 400, 599)).ToList();
    }
}
