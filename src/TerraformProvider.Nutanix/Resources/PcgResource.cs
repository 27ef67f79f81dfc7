using Nutanix.Capi.Model;
using Microsoft.Extensions.Logging;
using Nutanix.Capi.Gateway;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.Resources;

/// <summary>
/// <c>nutanix_pcg</c>: a private cloud gateway — a namespace on the management cluster with CAPI core, kubeadm
/// bootstrap/control plane and CAPX installed and Available, recorded in a ConfigMap the provider owns.
/// </summary>
internal sealed partial class PcgResource : IResourceWithConfigure, IResourceWithImportState, IResourceWithModifyPlan
{
    public static readonly TimeSpan DefaultCreateTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultDeleteTimeout = TimeSpan.FromMinutes(5);

    private ProviderContext? _context;

    public void Metadata(ResourceMetadataRequest request, ResourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_pcg";

    public void Schema(ResourceSchemaRequest request, ResourceSchemaResponse response) => response.Schema = PcgSchema.Schema;

    public void Configure(ResourceConfigureRequest request, ResourceConfigureResponse response) => _context = request.ProviderData as ProviderContext;

    public Task ModifyPlanAsync(ModifyPlanRequest request, ModifyPlanResponse response, CancellationToken cancellationToken)
    {
        if (request.Plan.IsNull)
        {
            return Task.CompletedTask;
        }

        // namespace defaults to the gateway name.
        var plan = response.Plan;
        if (!plan["namespace"].IsKnown && plan["name"].IsKnown && request.Config["namespace"].IsNull)
        {
            response.Plan = plan.WithAttribute("namespace", plan["name"]);
        }

        return Task.CompletedTask;
    }

    public async Task CreateAsync(CreateRequest request, CreateResponse response, CancellationToken cancellationToken)
    {
        if (ProviderContext.From(_context, response.Diagnostics) is not { } context)
        {
            return;
        }

        var plan = request.Plan;
        var name = plan["name"].AsString();
        var ns = plan["namespace"].AsString();
        var id = GatewayStore.MakeId(ns, name);
        var logger = context.CreateLogger("nutanix_pcg");
        var timeout = Timeouts.Get(plan, "create", DefaultCreateTimeout);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var state = plan.WithAttribute("id", CtyValue.String(id));
        GatewayRecord? record = null;
        try
        {
            var store = context.GetGatewayStore();
            if (await store.GetGatewayAsync(id, cts.Token).ConfigureAwait(false) is not null)
            {
                response.Diagnostics.AddAttributeError(AttributePath.Root("name"), "Gateway already exists",
                    $"A gateway {id} is already recorded on the management cluster. Import it instead: terraform import <address> {id} (or an import block with id = \"{id}\").");
                return;
            }

            var createdNamespace = await store.EnsureNamespaceAsync(ns, "nutanix_pcg/" + name, cts.Token).ConfigureAwait(false);
            var (installEnabled, installDirectory) = InstallSettings(plan);
            record = new GatewayRecord(id, ns, name, createdNamespace, [], installEnabled ? installDirectory : null);
            await store.SaveGatewayAsync(record, cts.Token).ConfigureAwait(false);
            context.ForgetCloudAccounts();
            logger.LogInformation("Gateway {Id}: namespace {Namespace} {Action}", id, ns, createdNamespace ? "created" : "already existed");

            var inspector = new ComponentInspector(store.Client);
            var health = await inspector.InspectAsync(cts.Token).ConfigureAwait(false);
            if (health.Missing.Count > 0)
            {
                if (!installEnabled)
                {
                    response.Diagnostics.AddAttributeError(AttributePath.Root("install"), "Gateway components are missing",
                        $"The management cluster lacks {string.Join(", ", health.Missing.Select(c => c.Name))}. Install them (clusterctl init --infrastructure nutanix), " +
                        "or set install = { directory = \"<dir>\" } to a local directory in clusterctl's repository layout " +
                        "(<dir>/<provider>/<version>/<components file>) so the provider installs them.");
                    response.State = Finish(state, health);
                    return;
                }

                var installer = new ComponentInstaller(store.Client, logger);
                var installed = new List<string>();
                foreach (var component in health.Missing)
                {
                    await installer.InstallAsync(installDirectory!, component, cts.Token).ConfigureAwait(false);
                    installed.Add(component.Name);
                    record = record with { InstalledComponents = [.. installed] };
                    await store.SaveGatewayAsync(record, cts.Token).ConfigureAwait(false);
                    context.ForgetCloudAccounts();
                }

                health = await inspector.InspectAsync(cts.Token).ConfigureAwait(false);
            }

            if (WaitEnabled(plan) && !health.Healthy)
            {
                var remaining = timeout - TimeSpan.FromSeconds(1);
                health = await ComponentInstaller.WaitAvailableAsync(inspector, remaining > TimeSpan.Zero ? remaining : timeout, logger, cts.Token).ConfigureAwait(false);
                if (!health.Healthy)
                {
                    response.Diagnostics.AddError("Gateway controllers did not become Available",
                        $"After {Duration.Format(timeout)}: {health.Reason}. Check the controller Deployments (kubectl get deployments -A), " +
                        "or raise timeouts.create. The gateway is kept in state as tainted so a later apply retries and destroy cleans up.");
                }
            }

            response.State = Finish(state, health);
        }
        catch (OperationCanceledException)
        {
            // Timed out or interrupted (Ctrl-C / StopProvider): keep what was created tracked (tainted) so destroy removes it.
            response.Diagnostics.AddError(
                cancellationToken.IsCancellationRequested ? "Gateway creation was interrupted" : "Timed out creating the gateway",
                cancellationToken.IsCancellationRequested
                    ? $"Creating {id} was cancelled; what was created so far stays in state (tainted) and is removed by destroy or replaced by the next apply."
                    : $"Creating {id} took longer than {Duration.Format(timeout)}; raise timeouts.create.");
            response.State = record is null ? response.State : Finish(state, null);
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"creating gateway {id}"))
        {
            // Keep what was created tracked (tainted) so destroy removes it.
            response.State = record is null ? response.State : Finish(state, null);
        }
    }

    public async Task ReadAsync(ReadRequest request, ReadResponse response, CancellationToken cancellationToken)
    {
        if (ProviderContext.From(_context, response.Diagnostics) is not { } context)
        {
            return;
        }

        var id = request.State["id"].AsString();
        try
        {
            var store = context.GetGatewayStore();
            var record = await store.GetGatewayAsync(id, cancellationToken).ConfigureAwait(false);
            if (record is null || !await store.NamespaceExistsAsync(record.Namespace, cancellationToken).ConfigureAwait(false))
            {
                context.CreateLogger("nutanix_pcg").LogWarning("Gateway {Id} is no longer recorded on the management cluster; removing it from state", id);
                response.RemoveResource();
                return;
            }

            var health = await new ComponentInspector(store.Client).InspectAsync(cancellationToken).ConfigureAwait(false);
            var state = request.State
                .WithAttribute("name", CtyValue.String(record.Name))
                .WithAttribute("namespace", CtyValue.String(record.Namespace));
            if (state["wait"].IsNull)
            {
                state = state.WithAttribute("wait", CtyValue.Bool(true));
            }

            response.State = Finish(state, health);
            if (!health.Healthy)
            {
                response.Diagnostics.AddWarning($"Gateway {id} is Degraded", health.Reason);
            }
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"reading gateway {id}"))
        {
        }
    }

    public Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken)
    {
        // Only install/wait/timeouts can change in place; they matter for create and delete, which read them from state.
        response.State = request.Plan;
        return Task.CompletedTask;
    }

    public async Task DeleteAsync(DeleteRequest request, DeleteResponse response, CancellationToken cancellationToken)
    {
        if (ProviderContext.From(_context, response.Diagnostics) is not { } context)
        {
            return;
        }

        var id = request.State["id"].AsString();
        var logger = context.CreateLogger("nutanix_pcg");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeouts.Get(request.State, "delete", DefaultDeleteTimeout));
        try
        {
            var store = context.GetGatewayStore();
            var record = await store.GetGatewayAsync(id, cts.Token).ConfigureAwait(false);
            if (record is null)
            {
                return;
            }

            var clusters = await store.ListWorkloadClustersAsync(record.Namespace, cts.Token).ConfigureAwait(false);
            if (clusters.Count > 0)
            {
                response.Diagnostics.AddError($"Gateway {id} still has workload clusters",
                    $"Cannot delete the gateway while these clusters exist in namespace {record.Namespace}: {string.Join(", ", clusters)}. " +
                    "Destroy their nutanix_cluster resources (or kubectl delete cluster them) first.");
                return;
            }

            if (record.InstalledComponents.Count > 0)
            {
                var elsewhere = await store.ListWorkloadClustersAsync(null, cts.Token).ConfigureAwait(false);
                if (elsewhere.Count > 0 || record.InstallDirectory is null)
                {
                    response.Diagnostics.AddWarning("Gateway components left installed",
                        elsewhere.Count > 0
                            ? $"The components this gateway installed ({string.Join(", ", record.InstalledComponents)}) are still used by clusters {string.Join(", ", elsewhere)}; they were not removed."
                            : "The install directory is not recorded, so the installed components could not be removed.");
                }
                else
                {
                    var installer = new ComponentInstaller(store.Client, logger);
                    foreach (var name in record.InstalledComponents.Reverse())
                    {
                        if (ProviderComponent.Find(name) is { } component)
                        {
                            await installer.UninstallAsync(record.InstallDirectory, component, cts.Token).ConfigureAwait(false);
                        }
                    }
                }
            }

            await store.DeleteGatewayRecordAsync(record, cts.Token).ConfigureAwait(false);
            context.ForgetCloudAccounts();
            if (record.CreatedNamespace)
            {
                await store.Client.DeleteAsync(GatewayStore.Namespaces, null, record.Namespace, "Background", cts.Token).ConfigureAwait(false);
            }

            logger.LogInformation("Gateway {Id} deleted", id);
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"deleting gateway {id}"))
        {
        }
    }

    public Task ImportStateAsync(ImportStateRequest request, ImportStateResponse response, CancellationToken cancellationToken)
    {
        if (!GatewayStore.TryParseId(request.Id, out _, out _))
        {
            response.Diagnostics.AddError("Invalid gateway id", $"\"{request.Id}\" is not a gateway id; use <namespace>/<name>, e.g. \"prod/prod\".");
            return Task.CompletedTask;
        }

        response.PassthroughId("id", request.Id);
        return Task.CompletedTask;
    }

    private static (bool Enabled, string? Directory) InstallSettings(CtyValue plan)
    {
        var install = plan["install"];
        if (install.IsNull)
        {
            return (false, null);
        }

        var enabled = Cty.BoolOrNull(install["enabled"]) ?? true;
        return (enabled, Cty.StringOrNull(install["directory"]));
    }

    private static bool WaitEnabled(CtyValue plan) => Cty.BoolOrNull(plan["wait"]) ?? true;

    private static CtyValue Finish(CtyValue state, GatewayHealth? health) => state
        .WithAttribute("status", CtyValue.String(health?.Status ?? GatewayHealth.Degraded))
        .WithAttribute("status_reason", CtyValue.String(health is null ? "creation did not complete" : health.Reason))
        .WithAttribute("capi_version", Cty.StringOrNullValue(health?.VersionOf(ProviderComponent.Core)))
        .WithAttribute("capx_version", Cty.StringOrNullValue(health?.VersionOf(ProviderComponent.Nutanix)));
}
