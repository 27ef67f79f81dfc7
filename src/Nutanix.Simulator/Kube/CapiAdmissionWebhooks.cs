using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// The Cluster API core provider's admission webhooks that the simulator emulates. So far the ClusterResourceSet
/// pair (CAPI v1.13 <c>internal/webhooks/clusterresourceset.go</c>):
/// <list type="bullet">
/// <item><c>default.clusterresourceset.addons.cluster.x-k8s.io</c> (mutating): an empty or missing
/// <c>spec.strategy</c> becomes <c>ApplyOnce</c>.</item>
/// <item><c>validation.clusterresourceset.addons.cluster.x-k8s.io</c> (validating): <c>spec.clusterSelector</c>
/// must not be empty; on update <c>spec.strategy</c> (once set) and <c>spec.clusterSelector</c> are immutable.</item>
/// </list>
/// A denial is answered like kube-apiserver answers a webhook's <c>Invalid</c> status: 422, reason <c>Invalid</c>,
/// the webhook's causes, and the message prefixed with <c>&lt;resource&gt; "&lt;name&gt;" is forbidden: admission
/// webhook "&lt;webhook&gt;" denied the request: </c>.
/// Not emulated: label-selector syntax checks (the webhook also rejects selectors that do not parse).
/// </summary>
public sealed class CapiAdmissionWebhooks : IKubeAdmission
{
    public const string AddonsGroup = "addons.cluster.x-k8s.io";
    public const string ClusterResourceSetDefaulting = "default.clusterresourceset.addons.cluster.x-k8s.io";
    public const string ClusterResourceSetValidation = "validation.clusterresourceset.addons.cluster.x-k8s.io";

    public static CapiAdmissionWebhooks Instance { get; } = new();

    public void Mutate(ResourceType type, JsonObject? old, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        if (!IsClusterResourceSet(type)) return;
        if (obj["spec"] is JsonObject spec && string.IsNullOrEmpty(Text(spec["strategy"])))
        {
            spec["strategy"] = "ApplyOnce";
        }
    }

    public void Validate(ResourceType type, JsonObject? old, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        if (!IsClusterResourceSet(type)) return;
        var errors = new List<FieldError>();
        var selector = obj["spec"]?["clusterSelector"];
        if (IsEmptySelector(selector))
        {
            errors.Add(FieldError.InvalidValue("spec.clusterSelector", GoLabelSelector(selector), "selector must not be empty"));
        }

        if (old is not null)
        {
            var oldStrategy = Text(old["spec"]?["strategy"]) ?? "";
            var newStrategy = Text(obj["spec"]?["strategy"]) ?? "";
            if (oldStrategy.Length > 0 && oldStrategy != newStrategy)
            {
                errors.Add(FieldError.InvalidValue("spec.strategy", GoQuote(newStrategy), "field is immutable"));
            }

            if (!JsonNode.DeepEquals(old["spec"]?["clusterSelector"], selector))
            {
                errors.Add(FieldError.InvalidValue("spec.clusterSelector", GoLabelSelector(selector), "field is immutable"));
            }
        }

        if (errors.Count == 0) return;
        var name = Text(obj["metadata"]?["name"]) ?? "";
        throw KubeApiException.WebhookDenied(type, name, ClusterResourceSetValidation, KubeApiException.Invalid(type, name, errors));
    }

    private static bool IsClusterResourceSet(ResourceType type) => type.Group == AddonsGroup && type.Plural == "clusterresourcesets";

    private static string? Text(JsonNode? node) => JsonNumbers.GetString(node);

    /// <summary>A selector that selects nothing (metav1.LabelSelectorAsSelector of it is empty): no labels, no expressions.</summary>
    private static bool IsEmptySelector(JsonNode? selector) =>
        (selector?["matchLabels"] as JsonObject ?? []).Count == 0 && (selector?["matchExpressions"] as JsonArray ?? []).Count == 0;

    /// <summary>A metav1.LabelSelector as Go's <c>%#v</c> prints it (what field.Invalid puts into the message).</summary>
    internal static string GoLabelSelector(JsonNode? selector)
    {
        var sb = new StringBuilder("v1.LabelSelector{MatchLabels:");
        if (selector?["matchLabels"] is JsonObject labels)
        {
            sb.Append("map[string]string{");
            sb.AppendJoin(", ", labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{GoQuote(kv.Key)}:{GoQuote(Text(kv.Value) ?? "")}"));
            sb.Append('}');
        }
        else
        {
            sb.Append("map[string]string(nil)");
        }

        sb.Append(", MatchExpressions:");
        if (selector?["matchExpressions"] is JsonArray expressions)
        {
            sb.Append("[]v1.LabelSelectorRequirement{");
            sb.AppendJoin(", ", expressions.Select(e =>
            {
                var values = e?["values"] is JsonArray vs
                    ? "[]string{" + string.Join(", ", vs.Select(v => GoQuote(Text(v) ?? ""))) + "}"
                    : "[]string(nil)";
                return $"v1.LabelSelectorRequirement{{Key:{GoQuote(Text(e?["key"]) ?? "")}, Operator:{GoQuote(Text(e?["operator"]) ?? "")}, Values:{values}}}";
            }));
            sb.Append('}');
        }
        else
        {
            sb.Append("[]v1.LabelSelectorRequirement(nil)");
        }

        return sb.Append('}').ToString();
    }

    /// <summary>A string as Go's <c>%q</c> prints it (printable ASCII kept, quotes, backslashes and controls escaped).</summary>
    internal static string GoQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\u007f' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
