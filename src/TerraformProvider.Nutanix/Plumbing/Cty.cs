using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Plumbing;

/// <summary>Small helpers for reading configuration values.</summary>
internal static class Cty
{
    public static string? StringOrNull(CtyValue value) => value.IsKnown && !value.IsNull ? value.AsString() : null;

    public static long? Int64OrNull(CtyValue value) => value.IsKnown && !value.IsNull && value.AsNumber().TryGetInt64(out var n) ? n : null;

    public static bool? BoolOrNull(CtyValue value) => value.IsKnown && !value.IsNull ? value.AsBool() : null;

    public static CtyValue StringOrNullValue(string? value) => value is null ? CtyValue.Null(CtyType.String) : CtyValue.String(value);

    public static CtyValue Int64OrNullValue(long? value) => value is null ? CtyValue.Null(CtyType.Number) : CtyValue.Number(value.Value);
}
