using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>A field selector limited to <c>metadata.name</c> and <c>metadata.namespace</c> (=, ==, !=).</summary>
public sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>Parses the selector; unsupported fields are refused with 400 like the apiserver.</summary>
    public static FieldSelector Parse(string? text) => Parse(text, null);

    /// <summary>Parses the selector allowing the resource's extra selectable fields (e.g. events' involvedObject.name).</summary>
    public static FieldSelector Parse(string? text, ResourceType? type)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            string field, value;
            bool equal;
            var ne = part.IndexOf("!=", StringComparison.Ordinal);
            if (ne > 0)
            {
                (field, value, equal) = (part[..ne], part[(ne + 2)..], false);
            }
            else
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) throw KubeApiException.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
                var skip = part.Length > eq + 1 && part[eq + 1] == '=' ? 2 : 1;
                (field, value, equal) = (part[..eq], part[(eq + skip)..], true);
            }

            field = field.Trim();
            if (field is not ("metadata.name" or "metadata.namespace") && !(type?.SelectableFields.Contains(field) ?? false))
            {
                throw KubeApiException.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, equal, value.Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            JsonNode? node = obj;
            foreach (var seg in field.Split('.')) node = node is JsonObject o ? o[seg] : null;
            var actual = node is JsonValue v ? v.ToString() : "";
            if ((actual == value) != equal) return false;
        }

        return true;
    }
}
