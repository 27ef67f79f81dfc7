using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// A failed Kubernetes API call, carrying the <c>Status</c> object the apiserver would answer with
/// (code, reason, message, details). Thrown by <see cref="KubeStore"/> and rendered as-is by the HTTP layer.
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    /// <summary>HTTP status code (404, 409, 422, ...).</summary>
    public int Code { get; }

    /// <summary>Status reason (NotFound, AlreadyExists, Conflict, Invalid, ...).</summary>
    public string Reason { get; }

    /// <summary>Status details (name, group, kind, causes) or null.</summary>
    public JsonObject? Details { get; }

    /// <summary>The <c>Status</c> object as the apiserver serialises it.</summary>
    public JsonObject ToStatus() => Status(Code, Reason, Message, Details?.DeepClone().AsObject());

    internal static JsonObject Status(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null) status["details"] = details;
        status["code"] = code;
        return status;
    }

    private static JsonObject NameDetails(string name, string group, string kind)
    {
        var d = new JsonObject { ["name"] = name };
        if (group.Length > 0) d["group"] = group;
        d["kind"] = kind;
        return d;
    }

    internal static KubeApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", NameDetails(name, type.Group, type.Plural));

    internal static KubeApiException NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found", NameDetails(ns, "", "namespaces"));

    internal static KubeApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", NameDetails(name, type.Group, type.Plural));

    internal static KubeApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            NameDetails(name, type.Group, type.Plural));

    internal static KubeApiException BadRequest(string message) => new(400, "BadRequest", message);

    internal static KubeApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    internal static KubeApiException Forbidden(ResourceType type, string name, string why) =>
        new(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: {why}", NameDetails(name, type.Group, type.Plural));

    /// <summary>
    /// A validating admission webhook's denial as kube-apiserver returns it (webhook/errors.ToStatusErr): the
    /// webhook's own status (code, reason, details) with the message prefixed by
    /// <c>&lt;resource&gt; "&lt;name&gt;" is forbidden: admission webhook "&lt;webhook&gt;" denied the request: </c>.
    /// </summary>
    internal static KubeApiException WebhookDenied(ResourceType type, string name, string webhook, KubeApiException denial) =>
        new(denial.Code, denial.Reason,
            $"{type.QualifiedResource} \"{(name.Length == 0 ? "Unknown" : name)}\" is forbidden: admission webhook \"{webhook}\" denied the request: {denial.Message}",
            denial.Details?.DeepClone().AsObject() ?? NameDetails(name, type.Group, type.Plural));

    /// <summary>422 Invalid with one cause per field error, formatted like the apiserver's aggregate.</summary>
    internal static KubeApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var e in errors)
        {
            causes.Add((JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Detail, ["field"] = e.Field });
        }

        var joined = errors.Count == 1
            ? errors[0].ToString()
            : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        var details = NameDetails(name, type.Group, type.Kind);
        details["causes"] = causes;
        var qualifiedKind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        return new KubeApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {joined}", details);
    }
}

/// <summary>
/// One field error in the apiserver's style: <c>Field</c> is the dotted path, <c>Detail</c> the cause message
/// (e.g. <c>Invalid value: "x": spec.replicas in body must be of type integer: "string"</c>).
/// </summary>
public sealed record FieldError(string Field, string Reason, string Detail)
{
    public override string ToString() => $"{Field}: {Detail}";

    internal static FieldError Required(string field, string why = "") =>
        new(field, "FieldValueRequired", why.Length == 0 ? "Required value" : $"Required value: {why}");

    internal static FieldError InvalidValue(string field, string valueText, string why) =>
        new(field, "FieldValueInvalid", $"Invalid value: {valueText}: {why}");
}
