using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>One metadata.managedFields entry (manager, operation Apply/Update, optional subresource, FieldsV1 set).</summary>
internal sealed class ManagedEntry(string manager, string operation, string? subresource, FieldSet fields, string? time)
{
    public string Manager { get; } = manager;
    public string Operation { get; } = operation;
    public string? Subresource { get; } = subresource;
    public FieldSet Fields { get; } = fields;
    public string? Time { get; set; } = time;
    public string? ApiVersion { get; set; }

    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
            ["time"] = Time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = Fields.ToFieldsV1(),
        };
        if (Subresource is not null) o["subresource"] = Subresource;
        return o;
    }

    public static ManagedEntry FromJson(JsonObject e) =>
        new((string?)e["manager"] ?? "", (string?)e["operation"] ?? "Update", (string?)e["subresource"],
            FieldSet.FromFieldsV1(e["fieldsV1"] as JsonObject), (string?)e["time"])
        {
            ApiVersion = (string?)e["apiVersion"],
        };
}
