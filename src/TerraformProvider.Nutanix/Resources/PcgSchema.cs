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
                MarkdownDescription = "Install missing Cluster API components from a local directory the way `clusterctl init` does (air-gapped; nothing is " +
                    "downloaded): cert-manager first (or checked to be running), clusterctl's inventory CRD, then CAPI core, kubeadm bootstrap, kubeadm " +
                    "control plane and CAPX, each with clusterctl's variable substitution and labels, CRDs Established before the rest. Everything " +
                    "installed is recorded before it is applied, so destroy removes it, also after a failed install.",
                Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
                {
                    ["directory"] = new StringAttribute
                    {
                        Required = true,
                        MarkdownDescription = "Directory in clusterctl's local-repository layout: `<dir>/<provider>/<version>/<file>`, e.g. " +
                            "`cert-manager/v1.20.2/cert-manager.yaml`, `cluster-api/v1.13.1/core-components.yaml`, " +
                            "`bootstrap-kubeadm/v1.13.1/bootstrap-components.yaml`, `control-plane-kubeadm/v1.13.1/control-plane-components.yaml`, " +
                            "`infrastructure-nutanix/v1.10.3/infrastructure-components.yaml` (the release assets, unmodified). The highest version of " +
                            "each is used unless `versions` pins one.",
                        Validators = [AttributeChecks.NotEmpty],
                    },
                    ["enabled"] = new BoolAttribute { Optional = true, MarkdownDescription = "Install missing components (default `true`)." },
                    ["variables"] = new MapAttribute
                    {
                        ElementType = CtyType.String,
                        Optional = true,
                        Sensitive = true,
                        WriteOnly = true,
                        MarkdownDescription = "Values of the components' `${VARIABLE}`s, as clusterctl takes them from its environment or config file " +
                            "(e.g. CAPX's `NUTANIX_ENDPOINT`, `NUTANIX_USER`, `NUTANIX_PASSWORD`, which have no default). A variable not given here is " +
                            "read from the environment of Terraform, as clusterctl does; one with neither a value nor a default in the file stops the " +
                            "install before anything is applied, naming it. Write-only: never stored in the state or the plan.",
                    },
                    ["versions"] = new MapAttribute
                    {
                        ElementType = CtyType.String,
                        Optional = true,
                        MarkdownDescription = "Version to use per component (`cert-manager`, `cluster-api`, `bootstrap-kubeadm`, `control-plane-kubeadm`, " +
                            "`infrastructure-nutanix`), e.g. `{ \"infrastructure-nutanix\" = \"v1.10.3\" }`; the others use the highest version in " +
                            "`directory`. Changing a version upgrades (or downgrades) the components this gateway installed in place, as clusterctl " +
                            "upgrade does: the new release applied, objects the old one had and the new one lacks deleted, CRDs and namespaces kept.",
                        Validators = [PcgVersionKeys.Validator],
                    },
                    ["cert_manager"] = new BoolAttribute
                    {
                        Optional = true,
                        MarkdownDescription = "Install cert-manager from `<directory>/cert-manager/<version>/cert-manager.yaml` when the management " +
                            "cluster has none (default `true`). When `false`, or when the directory has no such file, cert-manager must already run: " +
                            "every Cluster API release needs it for its webhook certificates.",
                    },
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

/// <summary>The keys <c>install.versions</c> accepts: cert-manager and the providers a gateway needs, by clusterctl's names.</summary>
internal static class PcgVersionKeys
{
    public static IReadOnlyList<string> Names { get; } = ["cert-manager", .. global::Nutanix.Capi.Gateway.ProviderComponent.Required.Select(c => c.Name)];

    public static Terraform.Plugin.Schemas.IValidator Validator { get; } = Terraform.Plugin.Schemas.Validators.Custom(
        "a map from component name (" + string.Join(", ", Names) + ") to a version directory name such as \"v1.10.3\"",
        v =>
        {
            foreach (var (key, value) in v.Entries)
            {
                if (!Names.Contains(key))
                {
                    return $"\"{key}\" is not a component name; use one of {string.Join(", ", Names)}";
                }

                if (value.IsKnown && (value.IsNull || value.AsString().Length == 0 || value.AsString().Contains('/', StringComparison.Ordinal)))
                {
                    return $"the version of {key} must be a directory name such as \"v1.10.3\"";
                }
            }

            return null;
        });
}
