using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.Resources;

/// <summary>Schema of <c>nutanix_cloud_account</c>.</summary>
internal static class CloudAccountSchema
{
    public static ListNestedAttribute PrismElementClusters { get; } = new()
    {
        Computed = true,
        MarkdownDescription = "Prism Element clusters registered with this Prism Central (Prism Central itself excluded).",
        PlanModifiers = [PlanModifiers.UseStateForUnknown()],
        Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
        {
            ["name"] = new StringAttribute { Computed = true, MarkdownDescription = "Prism Element cluster name, as `nutanix_cluster.prism_element_cluster` accepts it." },
            ["uuid"] = new StringAttribute { Computed = true, MarkdownDescription = "Prism Element cluster UUID." },
        },
    };

    public static Schema Schema { get; } = new()
    {
        MarkdownDescription = "A Prism Central account for a gateway: validated against Prism Central, then stored as a Secret in CAPX's credentials " +
            "format in the gateway's namespace. The password (or API key) is write-only: it never enters state or plan output.",
        Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
        {
            ["id"] = new StringAttribute { Computed = true, MarkdownDescription = "`<namespace>/<name>`.", PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
            ["name"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Account name (RFC 1123); also the name of its Secret.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [AttributeChecks.Rfc1123Label],
            },
            ["pcg_id"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Id of the `nutanix_pcg` this account belongs to.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [AttributeChecks.NotEmpty],
            },
            ["endpoint"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Prism Central host name or IP address (no scheme, no port, no path).",
                Validators = [AttributeChecks.HostOrIp],
            },
            ["port"] = new Int64Attribute
            {
                Optional = true,
                Computed = true,
                Default = CtyValue.Number(9440),
                MarkdownDescription = "Prism Central port (default 9440).",
                Validators = [AttributeChecks.Port],
            },
            ["insecure"] = new BoolAttribute
            {
                Optional = true,
                Computed = true,
                Default = CtyValue.Bool(false),
                MarkdownDescription = "Skip TLS verification of Prism Central (default false).",
            },
            ["additional_trust_bundle"] = new StringAttribute
            {
                Optional = true,
                MarkdownDescription = "PEM CA certificates trusted for Prism Central in addition to the system roots.",
                Validators = [AttributeChecks.PemBundle],
            },
            ["username"] = new StringAttribute { Optional = true, MarkdownDescription = "Prism Central user (with `password_wo`)." },
            ["password_wo"] = new StringAttribute
            {
                Optional = true,
                WriteOnly = true,
                Sensitive = true,
                MarkdownDescription = "Password of `username`. Write-only: never stored; change `password_wo_version` to rotate it.",
            },
            ["password_wo_version"] = new Int64Attribute
            {
                Optional = true,
                MarkdownDescription = "Any number; changing it makes Terraform send `password_wo` again and rotate the stored credentials, including the copies in the CAPX credentials Secret and the Nutanix CCM's resource-set Secret of every `nutanix_cluster` using this account.",
            },
            ["api_key_wo"] = new StringAttribute
            {
                Optional = true,
                WriteOnly = true,
                Sensitive = true,
                MarkdownDescription = "Prism Central API key (PC 7.5+ service accounts), instead of username/password. Write-only.",
            },
            ["api_key_wo_version"] = new Int64Attribute
            {
                Optional = true,
                MarkdownDescription = "Any number; changing it rotates the stored API key, including the copies in the CAPX credentials Secret and the Nutanix CCM's resource-set Secret of every `nutanix_cluster` using this account.",
            },
            ["prism_central_version"] = new StringAttribute
            {
                Computed = true,
                MarkdownDescription = "Prism Central version, e.g. `pc.2024.3`.",
                PlanModifiers = [PlanModifiers.UseStateForUnknown()],
            },
            ["prism_element_clusters"] = PrismElementClusters,
        },
    };
}
