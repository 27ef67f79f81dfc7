using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutanix.Capi.Gateway;
using Nutanix.Capi.Lifecycle;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Cluster;
using TerraformProvider.Nutanix.Plumbing;
using Cty = TerraformProvider.Nutanix.Cluster.Cty;

namespace TerraformProvider.Nutanix.Resources;

/// <summary>
/// <c>nutanix_cluster</c>: a CAPI/CAPX workload cluster. Plan checks the Prism references and renders the manifests;
/// apply server-side-applies them on the management cluster and waits per <c>wait_for</c>; Read rebuilds every
/// argument from the live objects (drift shows in plan); delete removes the Cluster and waits for its machines and
/// objects to be gone. The parts live in <c>ClusterResource.*.cs</c>.
/// </summary>
internal sealed partial class ClusterResource :
    IResourceWithConfigure, IResourceWithImportState, IResourceWithModifyPlan, IResourceWithValidateConfig
{
    /// <summary>Arguments (everything the user may set); the rest of the schema is computed.</summary>
    private static readonly string[] Arguments =
    [
        "name", "cloud_account_id", "pcg_id", "kubernetes_version", "prism_element_cluster", "subnets", "image", "image_lookup",
        "control_plane", "worker_pools", "network", "ssh_authorized_keys", "kube_vip", "machine_health_check", "addons", "ccm", "wait_for", "timeouts",
    ];

    private static readonly TimeSpan DefaultCreateTimeout = TimeSpan.FromMinutes(60);
    private static readonly TimeSpan DefaultUpdateTimeout = TimeSpan.FromMinutes(60);
    private static readonly TimeSpan DefaultDeleteTimeout = TimeSpan.FromMinutes(30);

    private ProviderContext? _context;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>How create/update/delete waits pace their reads of the management cluster.</summary>
    internal WaitTimings Timings { get; init; } = WaitTimings.Default;

    public void Metadata(ResourceMetadataRequest request, ResourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_cluster";

    public void Schema(ResourceSchemaRequest request, ResourceSchemaResponse response) => response.Schema = ClusterSchema.Schema;

    public void Configure(ResourceConfigureRequest request, ResourceConfigureResponse response)
    {
        _context = request.ProviderData as ProviderContext;
        if (_context is not null) _logger = _context.CreateLogger("nutanix_cluster");
    }

    public Task ValidateConfigAsync(ValidateResourceConfigRequest request, ValidateResourceConfigResponse response, CancellationToken cancellationToken)
    {
        var config = request.Config;
        var diagnostics = response.Diagnostics;
        var image = config["image"];
        var lookup = config["image_lookup"];
        if (image.IsKnown && lookup.IsKnown && image.IsNull == lookup.IsNull)
        {
            diagnostics.AddAttributeError(AttributePath.Root("image"), "Exactly one image source",
                image.IsNull ? "Set image (a name or UUID) or image_lookup { base_os = ... }." : "image and image_lookup are mutually exclusive; set only one.");
        }

        var name = config["name"];
        if (config["worker_pools"] is { IsKnown: true, IsNull: false } pools)
        {
            foreach (var (pool, _) in pools.Entries)
            {
                var label = name.IsKnown && !name.IsNull ? $"{name.AsString()}-{pool}" : pool;
                if (!global::Kubernetes.Machinery.Schema.ObjectMetaValidation.IsDnsLabel(pool) || !global::Kubernetes.Machinery.Schema.ObjectMetaValidation.IsDnsLabel(label))
                {
                    diagnostics.AddAttributeError(AttributePath.Root("worker_pools").ElementKey(pool), "Invalid worker pool name",
                        $"worker_pools: \"{pool}\" must be a lower-case DNS label and \"{label}\" at most 63 characters.");
                }
            }
        }

        if (config["addons"] is { IsKnown: true, IsNull: false } addons)
        {
            foreach (var (addon, _) in addons.Entries)
            {
                if (!global::Kubernetes.Machinery.Schema.ObjectMetaValidation.IsDnsLabel(addon))
                {
                    diagnostics.AddAttributeError(AttributePath.Root("addons").ElementKey(addon), "Invalid addon name", $"addons: \"{addon}\" must be a lower-case DNS label.");
                }
            }
        }

        CheckEndpointOutsideCidrs(config, diagnostics);
        CheckCidrsDisjoint(config, diagnostics);
        return Task.CompletedTask;
    }

    public async Task ImportStateAsync(ImportStateRequest request, ImportStateResponse response, CancellationToken cancellationToken)
    {
        if (!GatewayStore.TryParseId(request.Id, out var ns, out var name) || !global::Kubernetes.Machinery.Schema.ObjectMetaValidation.IsDnsLabel(name))
        {
            response.Diagnostics.AddError("Invalid import ID", $"Expected \"<namespace>/<cluster name>\", got \"{request.Id}\".");
            return;
        }

        var context = RequireContext(response.Diagnostics);
        if (context is null) return;
        try
        {
            if (!await CheckImportAsync(context.GetManagementClient(), ns, name, response, cancellationToken).ConfigureAwait(false)) return;
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"importing cluster {request.Id}"))
        {
            return;
        }

        response.PassthroughId("id", request.Id);
    }

    public async Task ReadAsync(ReadRequest request, ReadResponse response, CancellationToken cancellationToken)
    {
        var context = RequireContext(response.Diagnostics);
        if (context is null) return;
        var state = request.State;
        var id = state["id"].AsString();
        if (!GatewayStore.TryParseId(id, out var ns, out var name))
        {
            response.Diagnostics.AddError("Invalid cluster ID", $"\"{id}\" is not \"<namespace>/<name>\".");
            return;
        }

        var client = context.GetManagementClient();
        // One list per kind serves the refresh of every cluster in the namespace (see ManagementReadCache).
        var live = await LiveCluster.FetchAsync(context.GetReadCache(), ns, name, cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            // Nothing dangling: while any object labelled for the cluster remains (a create that failed after
            // sending objects, a Cluster deleted by hand), the resource stays, planned for an update that applies
            // the cluster again, and terraform destroy removes them all.
            if (await ClusterOwnership.LabelledObjectsAsync(client, ns, name, cancellationToken).ConfigureAwait(false) is { Count: > 0 } leftovers)
            {
                response.Diagnostics.AddWarning($"Cluster {id} is missing but {leftovers.Count} of its objects remain",
                    $"The Cluster object is gone, but these objects labelled for it still exist: {string.Join(", ", leftovers.Take(10))}{(leftovers.Count > 10 ? ", …" : "")}. " +
                    "The resource stays in state: terraform apply creates the cluster again, terraform destroy removes them.");
                response.State = state.WithAttribute("manifests", CtyValue.Null(CtyType.String));
                return;
            }

            _logger.LogInformation("cluster {Id} no longer exists; removing it from state", id);
            response.RemoveResource();
            return;
        }

        var remembered = PrivateUid(request.Private);
        if (remembered is not null && (string?)live.Cluster["metadata"]?["uid"] is { } liveUid && liveUid != remembered)
        {
            // Not the Cluster this resource created: never refreshed from (update and delete refuse it too).
            response.Diagnostics.AddWarning($"Cluster {id} is not the one this resource created",
                $"Cluster {id} has uid {liveUid}, but this resource created uid {remembered}: it was deleted and another cluster of the same name was created since. " +
                "The state is left as it was; this resource will not change or delete that cluster. Remove it from state (terraform state rm) and import the new cluster if it should be managed here.");
            return;
        }

        if (remembered is null && (string?)live.Cluster["metadata"]?["uid"] is { } uid)
        {
            // States written before the UID was recorded learn it from the Cluster they manage.
            response.Private = PrivateFor(uid);
        }

        response.State = Refresh(live, id, state);
    }

    /// <summary>The state rebuilt from the live objects, keeping the prior spelling of equivalent values.</summary>
    internal static CtyValue Refresh(LiveCluster live, string id, CtyValue priorState)
    {
        var isImport = priorState["name"].IsNull;
        var prior = isImport ? null : ClusterConfig.FromCty(priorState);
        var config = ClusterReconstruction.Reconstruct(live, prior);
        var observation = ClusterObservation.Of(live);
        var manifests = priorState["manifests"] is { IsNull: false } m ? m.AsString() : RenderForState(live, config);
        var fresh = config.ToCty(id, observation, manifests);
        foreach (var name in Arguments)
        {
            fresh = fresh.WithAttribute(name, StateNormalizer.PreferPrior(fresh[name], priorState[name]));
        }

        return WithKubeconfigInState(fresh, priorState);
    }

    private static string? RenderForState(LiveCluster live, ClusterConfig config)
    {
        if (ClusterReader.PrismCentral(live) is not { } endpoint) return null;
        try
        {
            return ClusterSpecMapper.RedactedYaml(ClusterSpecMapper.Render(config, live.Namespace, config.PcgId, endpoint, PlaceholderCredentials));
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Credentials used where only the redacted manifests are needed: the Secret's data is replaced anyway.</summary>
    private static PrismCredentials PlaceholderCredentials { get; } = PrismCredentials.Basic("redacted", "redacted");

    private static PrismCentralEndpoint EndpointOf(CloudAccountRecord account) =>
        new(account.Endpoint, account.Port, account.Insecure, string.IsNullOrEmpty(account.AdditionalTrustBundle) ? null : account.AdditionalTrustBundle);

    private static PrismCredentials CredentialsOf(CloudAccountRecord account) =>
        account.UsesApiKey
            ? PrismCredentials.FromApiKey(account.ApiKey ?? throw new InvalidOperationException($"cloud account {account.Id} has no API key"))
            : PrismCredentials.Basic(account.Username ?? throw new InvalidOperationException($"cloud account {account.Id} has no username"), account.Password ?? "");

    private ProviderContext? RequireContext(DiagnosticBag diagnostics) => _context ?? ProviderContext.From(null, diagnostics);

    private static void CheckEndpointOutsideCidrs(CtyValue config, DiagnosticBag diagnostics)
    {
        var cp = config["control_plane"];
        if (!cp.IsKnown || cp.IsNull || cp["endpoint_ip"] is not { IsKnown: true, IsNull: false } ipValue) return;
        if (!IPAddress.TryParse(ipValue.AsString(), out var ip)) return;
        var path = AttributePath.Root("control_plane").Attribute("endpoint_ip");
        foreach (var (attr, fallback) in new[] { ("pod_cidr", ClusterSchema.DefaultPodCidr), ("service_cidr", ClusterSchema.DefaultServiceCidr) })
        {
            if (ConfiguredCidr(config, attr, fallback) is not { } cidr) continue;
            if (IPNetwork.TryParse(cidr, out var net) && net.Contains(ip))
            {
                diagnostics.AddAttributeError(path, "Endpoint IP inside a cluster CIDR",
                    $"control_plane.endpoint_ip \"{ip}\" lies inside network.{attr} {cidr}; the kube-vip address must be a node-subnet address outside the pod and service ranges.");
            }
        }
    }

    /// <summary>
    /// Pods and Services must get disjoint address ranges: kube-proxy and the CNI route them differently, and an
    /// overlap silently breaks Service traffic on the workload cluster.
    /// </summary>
    private static void CheckCidrsDisjoint(CtyValue config, DiagnosticBag diagnostics)
    {
        if (ConfiguredCidr(config, "pod_cidr", ClusterSchema.DefaultPodCidr) is not { } pod
            || ConfiguredCidr(config, "service_cidr", ClusterSchema.DefaultServiceCidr) is not { } service) return;
        if (!IPNetwork.TryParse(pod, out var podNet) || !IPNetwork.TryParse(service, out var serviceNet)) return;
        if (podNet.BaseAddress.AddressFamily != serviceNet.BaseAddress.AddressFamily) return;
        if (!podNet.Contains(serviceNet.BaseAddress) && !serviceNet.Contains(podNet.BaseAddress)) return;
        diagnostics.AddAttributeError(AttributePath.Root("network").Attribute("service_cidr"), "Pod and service CIDRs overlap",
            $"network.service_cidr \"{service}\" overlaps network.pod_cidr \"{pod}\"; pods and Services need disjoint ranges. " +
            $"Choose a service_cidr outside {pod} (or a pod_cidr outside {service}), e.g. the defaults pod_cidr = \"{ClusterSchema.DefaultPodCidr}\" and service_cidr = \"{ClusterSchema.DefaultServiceCidr}\".");
    }

    /// <summary>The CIDR a configuration sets for <c>network.&lt;attribute&gt;</c> (or its default); null while unknown.</summary>
    private static string? ConfiguredCidr(CtyValue config, string attribute, string fallback)
    {
        var network = config["network"];
        if (!network.IsKnown) return null;
        if (network.IsNull) return fallback;
        var value = network[attribute];
        if (!value.IsKnown) return null;
        return value.IsNull ? fallback : value.AsString();
    }
}
