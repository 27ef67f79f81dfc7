using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// Sets conditions the way CAPI's condition utilities do: <c>lastTransitionTime</c> changes only when the status
/// changes, so an unchanged condition leaves the object byte-identical (no write, no watch event).
/// Two shapes: metav1.Condition (v1beta2 <c>status.conditions</c> / <c>status.v1beta2.conditions</c>: reason
/// required, message always present) and the CAPI v1beta1 condition (with <c>severity</c> when not True).
/// </summary>
internal static class Conditions
{
    /// <summary>Sets a metav1.Condition in <paramref name="list"/>.</summary>
    public static void Set(JsonArray list, string type, bool? status, string reason, string message, string now, long? observedGeneration = null)
    {
        var statusText = status switch { true => "True", false => "False", null => "Unknown" };
        var existing = Find(list, type);
        var time = existing is not null && (string?)existing["status"] == statusText ? (string?)existing["lastTransitionTime"] ?? now : now;
        var c = new JsonObject
        {
            ["type"] = type,
            ["status"] = statusText,
            ["reason"] = reason,
            ["message"] = message,
            ["lastTransitionTime"] = time,
        };
        if (observedGeneration is { } g) c["observedGeneration"] = g;
        Replace(list, existing, c);
    }

    /// <summary>Sets a CAPI v1beta1 condition (severity Error/Warning/Info for False; none for True).</summary>
    public static void SetV1Beta1(JsonArray list, string type, bool status, string? reason, string? severity, string? message, string now)
    {
        var statusText = status ? "True" : "False";
        var existing = Find(list, type);
        var time = existing is not null && (string?)existing["status"] == statusText ? (string?)existing["lastTransitionTime"] ?? now : now;
        var c = new JsonObject { ["type"] = type, ["status"] = statusText, ["lastTransitionTime"] = time };
        if (!status)
        {
            if (!string.IsNullOrEmpty(reason)) c["reason"] = reason;
            c["severity"] = severity ?? "Info";
            if (!string.IsNullOrEmpty(message)) c["message"] = message;
        }

        Replace(list, existing, c);
    }

    public static JsonObject? Find(JsonArray? list, string type) =>
        list?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    public static bool IsTrue(JsonArray? list, string type) => (string?)Find(list, type)?["status"] == "True";

    /// <summary>The array at <c>obj[path...]</c>, created when missing.</summary>
    public static JsonArray ArrayAt(JsonObject root, params string[] path)
    {
        var node = root;
        foreach (var seg in path[..^1])
        {
            if (node[seg] is not JsonObject child)
            {
                child = new JsonObject();
                node[seg] = child;
            }

            node = child;
        }

        if (node[path[^1]] is not JsonArray arr)
        {
            arr = [];
            node[path[^1]] = arr;
        }

        return arr;
    }

    private static void Replace(JsonArray list, JsonObject? existing, JsonObject c)
    {
        if (existing is null)
        {
            list.Add((JsonNode)c);
            return;
        }

        var index = list.IndexOf(existing);
        list[index] = c;
    }
}
