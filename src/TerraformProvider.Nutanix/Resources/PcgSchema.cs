using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.Resources;

/// <summary>Schema of <c>nutanix_pcg</c>.</summary>
internal static class PcgSchema
{
    public static Schema Schema { get; } = new()
    {
        MarkdownDescription = "A private cloud gateway: a namespace on the management cluster whose Cluster API providers (CAPI core, kubeadm " +
            "bootstrap and control plane, CAPX) are installed and Available. Cloud accounts and workload clusters live in its namespace.",
        Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
        {
            ["id"] = new StringAttribute { Computed = true, MarkdownDescription = "`<namespace>/<name>`.", PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
            ["name"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Gateway name (RFC 1123).",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [AttributeChecks.Rfc1123Label],
            },
            ["namespace"] = new StringAttribute
            {
                Optional = true,
                Computed = true,
                MarkdownDescription = "Namespace on the management cluster for the gateway's accounts and clusters. Defaults to `name`; created when missing.",
                PlanModifiers = [PlanModifiers.UseStateForUnknown(), PlanModifiers.RequiresReplace()],
                Validators = [AttributeChecks.Rfc1123Label],
            },
            ["install"] = new SingleNestedAttribute
            {
                Optional = true,
                MarkdownDescription = "Install missing Cluster API components from a local directory (air-gapped; nothing is downloaded).",
                Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
                {
                    ["directory"] = new StringAttribute
                    {
                        Required = true,
                        MarkdownDescription = "Directory in clusterctl's local-repository layout: `<dir>/<provider>/<version>/<components file>`, e.g. " +
                            "`cluster-api/v1.13.1/core-components.yaml`, `bootstrap-kubeadm/v1.13.1/bootstrap-components.yaml`, " +
                            "`control-plane-kubeadm/v1.13.1/control-plane-components.yaml`, `infrastructure-nutanix/v1.10.3/infrastructure-components.yaml`.",
                        Validators = [AttributeChecks.NotEmpty],
                    },
                    ["enabled"] = new BoolAttribute { Optional = true, MarkdownDescription = "Install missing components (default `true`)." },
                },
            },
            ["wait"] = new BoolAttribute
            {
                Optional = true,
                Computed = true,
                Default = CtyValue.Bool(true),
                MarkdownDescription = "Wait for the controllers to become Available on create (default `true`).",
            },
            ["timeouts"] = Timeouts.Attribute("create", "delete"),
            ["status"] = new StringAttribute { Computed = true, MarkdownDescription = "`Running` or `Degraded`.", PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
            ["status_reason"] = new StringAttribute { Computed = true, MarkdownDescription = "Why the gateway is Degraded (empty when Running).", PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
            ["capi_version"] = new StringAttribute { Computed = true, MarkdownDescription = "Detected Cluster API core version.", PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
            ["capx_version"] = new StringAttribute { Computed = true, MarkdownDescription = "Detected CAPX (infrastructure-nutanix) version.", PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
        },
    };
}
