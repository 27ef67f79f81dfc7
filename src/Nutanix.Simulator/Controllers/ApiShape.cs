using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// The simulated apiserver stores CAPI objects as the client wrote them (a v1beta1 Cluster keeps its v1beta1 body;
/// older stores labelled it with the v1beta2 storage apiVersion, so the references are checked too). The controllers reason in the v1beta2 status shape; this class detects a
/// v1beta1-shaped object (references carrying <c>apiVersion</c>), presents its status in the v1beta2 shape for
/// reading, and converts a v1beta2 status back to the v1beta1 shape for writing — the mapping of CAPI's own
/// conversion (infrastructureReady ↔ initialization.infrastructureProvisioned, controlPlaneReady/initialized ↔
/// initialization.controlPlaneInitialized, v1beta1 conditions ↔ deprecated.v1beta1.conditions, v1beta2 conditions
/// and counters ↔ status.v1beta2).
/// </summary>
internal static class ApiShape
{
    private static readonly HashSet<string> ConvertedKinds = ["Cluster", "Machine", "MachineDeployment", "KubeadmControlPlane"];

    /// <summary>"v1beta1" when the object's body is in the v1beta1 shape; null for the storage shape.</summary>
    public static string? WriteVersion(JsonObject obj)
    {
        if (!ConvertedKinds.Contains((string?)obj["kind"] ?? "")) return null;
        if (((string?)obj["apiVersion"])?.EndsWith("/v1beta1", StringComparison.Ordinal) == true) return "v1beta1";
        return HasV1Beta1Reference(obj["spec"]) ? "v1beta1" : null;
    }

    private static bool HasV1Beta1Reference(JsonNode? node)
    {
        if (node is not JsonObject o) return false;
        foreach (var (key, value) in o)
        {
            if (key is "infrastructureRef" or "controlPlaneRef" or "configRef" && value is JsonObject r && r["apiVersion"] is not null) return true;
            if (key is "spec" or "template" or "machineTemplate" or "bootstrap" && HasV1Beta1Reference(value)) return true;
        }

        return false;
    }

    /// <summary>The object with its status in the v1beta2 shape (a copy when converted).</summary>
    public static JsonObject ForReading(JsonObject obj)
    {
        if (WriteVersion(obj) is null || obj["status"] is not JsonObject status) return obj;
        obj["status"] = ToV1Beta2((string)obj["kind"]!, status);
        return obj;
    }

    /// <summary>The status to store for <paramref name="obj"/>, given the v1beta2-shaped <paramref name="status"/>.</summary>
    public static JsonObject ForWriting(JsonObject obj, JsonObject status) =>
        WriteVersion(obj) is null ? status : ToV1Beta1((string)obj["kind"]!, status);

    private static JsonObject ToV1Beta2(string kind, JsonObject v1)
    {
        var v2 = new JsonObject();
        var nested = v1["v1beta2"] as JsonObject;
        var deprecated = new JsonObject();
        Copy(v1, "conditions", deprecated, "conditions");
        Copy(v1, "failureReason", deprecated, "failureReason");
        Copy(v1, "failureMessage", deprecated, "failureMessage");
        Copy(nested, "conditions", v2, "conditions");
        Copy(v1, "phase", v2, "phase");
        Copy(v1, "observedGeneration", v2, "observedGeneration");
        switch (kind)
        {
            case "Cluster":
                v2["initialization"] = new JsonObject
                {
                    ["infrastructureProvisioned"] = (bool?)v1["infrastructureReady"] ?? false,
                    ["controlPlaneInitialized"] = (bool?)v1["controlPlaneReady"] ?? false,
                };
                Copy(nested, "controlPlane", v2, "controlPlane");
                Copy(nested, "workers", v2, "workers");
                break;
            case "Machine":
                v2["initialization"] = new JsonObject
                {
                    ["bootstrapDataSecretCreated"] = (bool?)v1["bootstrapReady"] ?? false,
                    ["infrastructureProvisioned"] = (bool?)v1["infrastructureReady"] ?? false,
                };
                if (v1["nodeRef"] is JsonObject node) v2["nodeRef"] = new JsonObject { ["name"] = node["name"]?.DeepClone() };
                foreach (var k in new[] { "addresses", "nodeInfo", "lastUpdated", "certificatesExpiryDate", "deletion" }) Copy(v1, k, v2, k);
                break;
            case "MachineDeployment":
                Copy(v1, "replicas", v2, "replicas");
                Copy(v1, "selector", v2, "selector");
                Copy(nested, "readyReplicas", v2, "readyReplicas");
                Copy(nested, "availableReplicas", v2, "availableReplicas");
                Copy(nested, "upToDateReplicas", v2, "upToDateReplicas");
                foreach (var k in new[] { "readyReplicas", "availableReplicas", "updatedReplicas", "unavailableReplicas" }) Copy(v1, k, deprecated, k);
                break;
            case "KubeadmControlPlane":
                foreach (var k in new[] { "replicas", "selector", "version" }) Copy(v1, k, v2, k);
                v2["initialization"] = new JsonObject { ["controlPlaneInitialized"] = (bool?)v1["initialized"] ?? false };
                Copy(nested, "readyReplicas", v2, "readyReplicas");
                Copy(nested, "availableReplicas", v2, "availableReplicas");
                Copy(nested, "upToDateReplicas", v2, "upToDateReplicas");
                foreach (var k in new[] { "readyReplicas", "updatedReplicas", "unavailableReplicas" }) Copy(v1, k, deprecated, k);
                break;
        }

        if (deprecated.Count > 0) v2["deprecated"] = new JsonObject { ["v1beta1"] = deprecated };
        return v2;
    }

    private static JsonObject ToV1Beta1(string kind, JsonObject v2)
    {
        var v1 = new JsonObject();
        var deprecated = v2["deprecated"]?["v1beta1"] as JsonObject;
        var nested = new JsonObject();
        Copy(v2, "phase", v1, "phase");
        Copy(v2, "observedGeneration", v1, "observedGeneration");
        Copy(deprecated, "conditions", v1, "conditions");
        Copy(deprecated, "failureReason", v1, "failureReason");
        Copy(deprecated, "failureMessage", v1, "failureMessage");
        Copy(v2, "conditions", nested, "conditions");
        var init = v2["initialization"] as JsonObject;
        switch (kind)
        {
            case "Cluster":
                v1["infrastructureReady"] = (bool?)init?["infrastructureProvisioned"] ?? false;
                v1["controlPlaneReady"] = (bool?)init?["controlPlaneInitialized"] ?? false;
                Copy(v2, "controlPlane", nested, "controlPlane");
                Copy(v2, "workers", nested, "workers");
                break;
            case "Machine":
                v1["bootstrapReady"] = (bool?)init?["bootstrapDataSecretCreated"] ?? false;
                v1["infrastructureReady"] = (bool?)init?["infrastructureProvisioned"] ?? false;
                if (v2["nodeRef"] is JsonObject node) v1["nodeRef"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node["name"]?.DeepClone() };
                foreach (var k in new[] { "addresses", "nodeInfo", "lastUpdated", "certificatesExpiryDate", "deletion" }) Copy(v2, k, v1, k);
                break;
            case "MachineDeployment":
                Copy(v2, "replicas", v1, "replicas");
                Copy(v2, "selector", v1, "selector");
                foreach (var k in new[] { "readyReplicas", "availableReplicas", "updatedReplicas", "unavailableReplicas" }) Copy(deprecated, k, v1, k);
                Copy(v2, "readyReplicas", nested, "readyReplicas");
                Copy(v2, "availableReplicas", nested, "availableReplicas");
                Copy(v2, "upToDateReplicas", nested, "upToDateReplicas");
                break;
            case "KubeadmControlPlane":
                foreach (var k in new[] { "replicas", "selector", "version" }) Copy(v2, k, v1, k);
                v1["initialized"] = (bool?)init?["controlPlaneInitialized"] ?? false;
                v1["ready"] = (JsonNumbers.Int(v2["readyReplicas"]) ?? 0) > 0;
                foreach (var k in new[] { "readyReplicas", "updatedReplicas", "unavailableReplicas" }) Copy(deprecated, k, v1, k);
                Copy(v2, "readyReplicas", nested, "readyReplicas");
                Copy(v2, "availableReplicas", nested, "availableReplicas");
                Copy(v2, "upToDateReplicas", nested, "upToDateReplicas");
                break;
        }

        if (nested.Count > 0) v1["v1beta2"] = nested;
        return v1;
    }

    private static void Copy(JsonObject? from, string fromKey, JsonObject to, string toKey)
    {
        if (from?[fromKey] is { } value) to[toKey] = value.DeepClone();
    }
}
