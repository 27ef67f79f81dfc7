using Nutanix.Capi.Rendering;
using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>
/// Keeps the user's spelling where the live value means the same thing, so refresh causes no perpetual diffs:
/// quantities (<c>4096Mi</c> = <c>4Gi</c>), Kubernetes versions (<c>1.33.2</c> = <c>v1.33.2</c>), UUIDs in any case,
/// and an empty collection versus none.
/// </summary>
internal static class StateNormalizer
{
    public static CtyValue PreferPrior(CtyValue live, CtyValue prior)
    {
        if (!prior.IsKnown) return live;
        if (!live.IsKnown) return live;
        if (live.IsNull || prior.IsNull)
        {
            // An empty collection and a null one both mean "none": keep what the configuration said.
            if (IsEmptyCollection(live) && prior.IsNull) return prior;
            if (live.IsNull && IsEmptyCollection(prior)) return prior;
            return live;
        }

        switch (live.Type.Kind)
        {
            case CtyTypeKind.String:
                return live.Equals(prior) || SameMeaning(live.AsString(), prior.AsString()) ? prior : live;
            case CtyTypeKind.Object:
            {
                var type = (ObjectType)live.Type;
                var values = new Dictionary<string, CtyValue>(StringComparer.Ordinal);
                foreach (var (name, value) in live.Entries)
                {
                    values[name] = prior.TryGetValue(name, out var p) ? PreferPrior(value, p) : value;
                }

                return Cty.Object(type, values);
            }

            case CtyTypeKind.Map:
                return CtyValue.Map(live.Type.ElementType, live.Entries.Select(kv =>
                    new KeyValuePair<string, CtyValue>(kv.Key, prior.Entries.TryGetValue(kv.Key, out var p) ? PreferPrior(kv.Value, p) : kv.Value)));
            case CtyTypeKind.List when live.Elements.Count == prior.Elements.Count:
                return CtyValue.List(live.Type.ElementType, live.Elements.Select((e, i) => PreferPrior(e, prior.Elements[i])));
            default:
                return live;
        }
    }

    /// <summary>Arguments whose values are quantities or versions, compared by meaning at plan time.</summary>
    private static readonly HashSet<string> SpelledByMeaning = new(StringComparer.Ordinal) { "kubernetes_version", "memory", "system_disk", "size" };

    /// <summary>
    /// Plan-time semantic equality: where the plan spells a quantity or version differently from the prior state but
    /// means the same (<c>4096Mi</c> for <c>4Gi</c>; not <c>4G</c>, which is 4·10⁹ bytes), the prior value is
    /// planned, so an import or a refresh that reads the canonical spelling plans no change. Only known, non-null
    /// strings of <see cref="SpelledByMeaning"/> attributes are replaced; everything else is planned as given.
    /// </summary>
    public static CtyValue KeepPriorSpelling(CtyValue planned, CtyValue prior) => KeepPriorSpelling(planned, prior, null);

    private static CtyValue KeepPriorSpelling(CtyValue planned, CtyValue prior, string? attribute)
    {
        if (!planned.IsKnown || !prior.IsKnown || planned.IsNull || prior.IsNull || planned.Equals(prior)) return planned;
        switch (planned.Type.Kind)
        {
            case CtyTypeKind.String:
                return attribute is not null && SpelledByMeaning.Contains(attribute) && SameMeaning(planned.AsString(), prior.AsString()) ? prior : planned;
            case CtyTypeKind.Object:
            {
                var values = new Dictionary<string, CtyValue>(StringComparer.Ordinal);
                foreach (var (name, value) in planned.Entries)
                {
                    values[name] = prior.TryGetValue(name, out var p) ? KeepPriorSpelling(value, p, name) : value;
                }

                return Cty.Object((ObjectType)planned.Type, values);
            }

            case CtyTypeKind.Map:
                return CtyValue.Map(planned.Type.ElementType, planned.Entries.Select(kv =>
                    new KeyValuePair<string, CtyValue>(kv.Key, prior.Entries.TryGetValue(kv.Key, out var p) ? KeepPriorSpelling(kv.Value, p, null) : kv.Value)));
            case CtyTypeKind.List when planned.Elements.Count == prior.Elements.Count:
                return CtyValue.List(planned.Type.ElementType, planned.Elements.Select((e, i) => KeepPriorSpelling(e, prior.Elements[i], null)));
            default:
                return planned;
        }
    }

    /// <summary>True when two spellings denote the same quantity, version or UUID.</summary>
    public static bool SameMeaning(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return true;
        if (NutanixResourceIdentifier.IsUuid(a) && NutanixResourceIdentifier.IsUuid(b)) return string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        if (LooksLikeQuantity(a) && LooksLikeQuantity(b) && Quantity.TryParse(a, out var qa) && Quantity.TryParse(b, out var qb)) return qa == qb;
        if (LooksLikeVersion(a) && LooksLikeVersion(b) && ClusterSchema.TryVersion(a) && ClusterSchema.TryVersion(b))
        {
            var va = KubernetesVersion.Parse(a);
            var vb = KubernetesVersion.Parse(b);
            return va.CompareTo(vb) == 0 && va.Suffix == vb.Suffix;
        }

        return false;
    }

    private static bool LooksLikeQuantity(string s) => s.Length > 0 && char.IsAsciiDigit(s[0]) && s.Count(c => c == '.') <= 1;

    private static bool LooksLikeVersion(string s) => s.Length > 0 && (s[0] is 'v' or 'V' || char.IsAsciiDigit(s[0])) && s.Count(c => c == '.') == 2;

    private static bool IsEmptyCollection(CtyValue v) =>
        v.IsKnown && !v.IsNull && v.Type.Kind is CtyTypeKind.List or CtyTypeKind.Set or CtyTypeKind.Map && v.Count == 0;
}
