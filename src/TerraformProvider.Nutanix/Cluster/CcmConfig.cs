using Nutanix.Capi.Rendering;
using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>The <c>ccm</c> argument: whether the cluster gets the Nutanix cloud controller manager, and a pinned image.</summary>
internal sealed record CcmConfig(bool Enabled, string? Image)
{
    /// <summary>The schema's default (<c>enabled = true</c>, no pinned image).</summary>
    public static CcmConfig Default { get; } = FromCty(CtyValue.Null(ClusterSchema.Ccm.ObjectType));

    /// <summary>Reads <c>ccm</c>; unset attributes take the schema's defaults.</summary>
    public static CcmConfig FromCty(CtyValue value) =>
        new(Cty.BoolOrDefault(value, ClusterSchema.Ccm.Attributes, "enabled"), Cty.Str(value, "image"));

    /// <summary>What the live objects show: no CCM ClusterResourceSet is <c>enabled = false</c>.</summary>
    public static CcmConfig FromSpec(CcmSpec? spec) => spec is null ? new CcmConfig(false, null) : new CcmConfig(true, spec.Image);

    /// <summary>The renderer's settings: null renders no CCM.</summary>
    public CcmSpec? ToSpec() => Enabled ? new CcmSpec(Image) : null;

    public CtyValue ToCty() => Cty.Object(ClusterSchema.Ccm.ObjectType, new Dictionary<string, CtyValue>
    {
        ["enabled"] = CtyValue.Bool(Enabled),
        ["image"] = Cty.String(Image),
    });
}
