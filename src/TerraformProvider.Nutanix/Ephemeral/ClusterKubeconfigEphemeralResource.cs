using Nutanix.Capi.Gateway;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Model;
using Terraform.Plugin;
using Terraform.Plugin.EphemeralResources;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.Ephemeral;

/// <summary>
/// <c>nutanix_cluster_kubeconfig</c>: reads a workload cluster's admin kubeconfig (CAPI's Secret
/// <c>&lt;cluster&gt;-kubeconfig</c>) each time Terraform needs it; Terraform keeps it in memory only, never in
/// state or plan files. Open only reads the management cluster.
/// </summary>
internal sealed class ClusterKubeconfigEphemeralResource : IEphemeralResourceWithConfigure, IEphemeralResourceWithValidateConfig
{
    private static readonly AttributePath ClusterIdPath = AttributePath.Root("cluster_id");

    public static readonly Schema KubeconfigSchema = new()
    {
        MarkdownDescription = "The admin kubeconfig of a `nutanix_cluster`, read from the management cluster (CAPI's Secret `<cluster>-kubeconfig`) " +
            "each time Terraform needs it and never written to state or plan files (Terraform 1.10+). Use it to configure the `kubernetes` or `helm` " +
            "provider, or anything else that accepts ephemeral values, instead of the cluster's `kubeconfig` attribute; together with " +
            "`kubeconfig_in_state = false` on the cluster no admin credential of the cluster is stored anywhere by Terraform.",
        Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
        {
            ["cluster_id"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "The cluster, as `<namespace>/<name>`: the `id` of the `nutanix_cluster` (the namespace is its cloud account's). " +
                    "Referencing `nutanix_cluster.<name>.id` also makes Terraform open this only once the cluster exists.",
            },
            ["kubeconfig"] = new StringAttribute { Computed = true, Sensitive = true, MarkdownDescription = "The admin kubeconfig (YAML), as CAPI wrote it." },
            ["host"] = new StringAttribute { Computed = true, MarkdownDescription = "API server URL of the kubeconfig's current context, e.g. `https://10.10.100.10:6443`." },
            ["cluster_ca_certificate"] = new StringAttribute { Computed = true, MarkdownDescription = "The cluster CA certificate (PEM) that signs the API server's certificate." },
            ["client_certificate"] = new StringAttribute { Computed = true, MarkdownDescription = "The admin client certificate (PEM)." },
            ["client_key"] = new StringAttribute { Computed = true, Sensitive = true, MarkdownDescription = "The admin client private key (PEM)." },
        },
    };

    private ProviderContext? _context;

    public void Metadata(EphemeralResourceMetadataRequest request, EphemeralResourceMetadataResponse response) =>
        response.TypeName = request.ProviderTypeName + "_cluster_kubeconfig";

    public void Schema(EphemeralResourceSchemaRequest request, EphemeralResourceSchemaResponse response) => response.Schema = KubeconfigSchema;

    public void Configure(EphemeralResourceConfigureRequest request, EphemeralResourceConfigureResponse response) =>
        _context = request.ProviderData as ProviderContext;

    public Task ValidateConfigAsync(ValidateEphemeralResourceConfigRequest request, ValidateEphemeralResourceConfigResponse response, CancellationToken cancellationToken)
    {
        if (request.Config["cluster_id"] is { IsKnown: true, IsNull: false } id && !TryParse(id.AsString(), out _, out _))
        {
            response.Diagnostics.AddAttributeError(ClusterIdPath, "Invalid cluster_id",
                $"\"{id.AsString()}\" is not \"<namespace>/<cluster name>\". Set cluster_id = nutanix_cluster.<name>.id.");
        }

        return Task.CompletedTask;
    }

    public async Task OpenAsync(OpenEphemeralResourceRequest request, OpenEphemeralResourceResponse response, CancellationToken cancellationToken)
    {
        var id = request.Config["cluster_id"].AsString();
        if (!TryParse(id, out var ns, out var name))
        {
            response.Diagnostics.AddAttributeError(ClusterIdPath, "Invalid cluster_id",
                $"\"{id}\" is not \"<namespace>/<cluster name>\". Set cluster_id = nutanix_cluster.<name>.id.");
            return;
        }

        var context = ProviderContext.From(_context, response.Diagnostics);
        if (context is null) return;
        if (!context.IsKnown)
        {
            // The provider's kubeconfig comes from something not created yet: nothing to read this round.
            if (request.DeferralAllowed) response.Deferred = DeferredReason.ProviderConfigUnknown;
            else response.Diagnostics.AddError("Management cluster not known yet",
                "The provider's kubeconfig settings depend on values that are only known after apply, so nutanix_cluster_kubeconfig cannot be read. " +
                "Apply the resource that produces the management kubeconfig first (terraform apply -target=...), then run again.");
            return;
        }

        WorkloadKubeconfigLookup lookup;
        try
        {
            lookup = await WorkloadKubeconfig.ReadAsync(context.GetManagementClient(), ns, name, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            response.Diagnostics.AddAttributeError(ClusterIdPath, $"Unreadable kubeconfig of cluster {id}",
                $"The Secret {ns}/{ClusterNaming.KubeconfigSecret(name)} does not hold a usable kubeconfig: {ex.Message}. CAPI writes it; check the Secret on the management cluster.");
            return;
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"reading the kubeconfig of cluster {id}"))
        {
            return;
        }

        if (!lookup.ClusterExists)
        {
            response.Diagnostics.AddAttributeError(ClusterIdPath, $"Cluster {id} not found",
                $"There is no Cluster {name} in namespace {ns} on the management cluster {context.DescribeManagementCluster()}. " +
                "Check cluster_id (it is the nutanix_cluster's id, \"<namespace>/<name>\", best written as nutanix_cluster.<name>.id so that the cluster is created first).");
            return;
        }

        if (lookup.Kubeconfig is not { } kubeconfig)
        {
            response.Diagnostics.AddAttributeError(ClusterIdPath, $"Cluster {id} has no kubeconfig yet",
                $"The cluster exists (phase {lookup.Phase}) but CAPI has not written Secret {ns}/{ClusterNaming.KubeconfigSecret(name)} yet: it does once the control plane is initialized. " +
                "Let the nutanix_cluster wait for it (wait_for = \"control_plane\" or \"ready\", the default) and reference it as cluster_id = nutanix_cluster.<name>.id, or run terraform again once the cluster is provisioned.");
            return;
        }

        response.Result = response.Result
            .WithAttribute("kubeconfig", CtyValue.String(kubeconfig.Text))
            .WithAttribute("host", Str(kubeconfig.Server))
            .WithAttribute("cluster_ca_certificate", Str(kubeconfig.ClusterCaCertificate))
            .WithAttribute("client_certificate", Str(kubeconfig.ClientCertificate))
            .WithAttribute("client_key", Str(kubeconfig.ClientKey));
    }

    private static CtyValue Str(string? value) => value is null ? CtyValue.Null(CtyType.String) : CtyValue.String(value);

    private static bool TryParse(string id, out string ns, out string name) =>
        GatewayStore.TryParseId(id, out ns, out name)
        && global::Kubernetes.Machinery.Schema.ObjectMetaValidation.IsDnsLabel(name)
        && global::Kubernetes.Machinery.Schema.ObjectMetaValidation.IsDnsLabel(ns);
}
