using Microsoft.Extensions.Logging;
using Nutanix.Capi.Gateway;
using Nutanix.Capi.Model;
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
            plan = plan.WithAttribute("namespace", plan["name"]);
        }

        // A changed install block may install or upgrade components: the detected versions and status follow after apply.
        if (!request.State.IsNull && !Equals(Without(request.State["install"], "variables"), Without(plan["install"], "variables")))
        {
            plan = plan
                .WithAttribute("status", CtyValue.Unknown(CtyType.String))
                .WithAttribute("status_reason", CtyValue.Unknown(CtyType.String))
                .WithAttribute("capi_version", CtyValue.Unknown(CtyType.String))
                .WithAttribute("capx_version", CtyValue.Unknown(CtyType.String));
        }

        response.Plan = plan;
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
            if (await GatewayClaim.HolderAsync(store.Client, ns, cts.Token).ConfigureAwait(false) is { } holder)
            {
                AddAlreadyExists(response.Diagnostics, id, ns, holder);
                return;
            }

            var createdNamespace = await store.EnsureNamespaceAsync(ns, "nutanix_pcg/" + name, cts.Token).ConfigureAwait(false);

            // Create-only: of two racing creates of a gateway in one namespace exactly one proceeds.
            var claim = await GatewayClaim.ClaimAsync(store.Client, ns, name, cts.Token).ConfigureAwait(false);
            if (!claim.Won)
            {
                AddAlreadyExists(response.Diagnostics, id, ns, claim.Holder!);
                return;
            }

            response.Private = PrivateFor(claim.Uid);
            var install = InstallSettings.From(plan, request.Config);
            record = new GatewayRecord(id, ns, name, createdNamespace, [], install.Enabled ? install.Directory : null);
            await store.SaveGatewayAsync(record, cts.Token).ConfigureAwait(false);
            context.ForgetCloudAccounts();
            logger.LogInformation("Gateway {Id}: namespace {Namespace} {Action}", id, ns, createdNamespace ? "created" : "already existed");

            var inspector = new ComponentInspector(store.Client);
            var health = await inspector.InspectAsync(cts.Token).ConfigureAwait(false);
            if (health.Missing.Count > 0 && !install.Enabled)
            {
                response.Diagnostics.AddAttributeError(AttributePath.Root("install"), "Gateway components are missing",
                    $"The management cluster lacks {string.Join(", ", health.Missing.Select(c => c.Name))}. Install them (clusterctl init --infrastructure nutanix), " +
                    "or set install = { directory = \"<dir>\" } to a local directory in clusterctl's repository layout " +
                    "(<dir>/<provider>/<version>/<components file>) so the provider installs them.");
                response.State = Finish(state, health);
                return;
            }

            if (install.Enabled)
            {
                var saver = new RecordSaver(store, record, context);
                try
                {
                    health = await ReconcileAsync(install, saver, health, logger, cts.Token).ConfigureAwait(false);
                }
                finally
                {
                    record = saver.Record;
                }
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
        catch (OperationCanceledException ex)
        {
            // Timed out or interrupted (Ctrl-C / StopProvider): keep what was created tracked (tainted) so destroy removes it.
            var waiting = ex.Message.StartsWith("Stopped waiting", StringComparison.Ordinal) ? $" {ex.Message}." : string.Empty;
            response.Diagnostics.AddError(
                cancellationToken.IsCancellationRequested ? "Gateway creation was interrupted" : "Timed out creating the gateway",
                cancellationToken.IsCancellationRequested
                    ? $"Creating {id} was cancelled; what was created so far stays in state (tainted) and is removed by destroy or replaced by the next apply."
                    : $"Creating {id} took longer than {Duration.Format(timeout)}; raise timeouts.create.{waiting} What was installed so far is recorded: destroy removes it.");
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

            var remembered = PrivateUid(request.Private);
            if (remembered is not null && record.Uid is { } liveUid && liveUid != remembered)
            {
                // Not the record this resource created: never refreshed from (update and delete refuse it too).
                response.Diagnostics.AddWarning($"Gateway {id} is not the one this resource created",
                    $"The record of gateway {id} has uid {liveUid}, but this resource created uid {remembered}: it was deleted and another gateway of the same name was created since. " +
                    "The state is left as it was; this resource will not change or delete that gateway. Remove it from state (terraform state rm) and import the new gateway if it should be managed here.");
                return;
            }

            if (remembered is null && record.Uid is { } uid)
            {
                // States written before the UID was recorded learn it from the record they manage.
                response.Private = PrivateFor(uid);
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

    public async Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken)
    {
        // Only install/wait/timeouts change in place. A changed install block installs what is missing and moves the
        // components this gateway installed to the versions it now selects.
        var plan = request.Plan;
        if (Equals(Without(request.State["install"], "variables"), Without(plan["install"], "variables")))
        {
            response.State = plan;
            return;
        }

        if (ProviderContext.From(_context, response.Diagnostics) is not { } context)
        {
            return;
        }

        var id = request.State["id"].AsString();
        var logger = context.CreateLogger("nutanix_pcg");
        var timeout = Timeouts.Get(plan, "create", DefaultCreateTimeout);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var store = context.GetGatewayStore();
            var record = await store.GetGatewayAsync(id, cts.Token).ConfigureAwait(false)
                ?? throw new ComponentInstallException($"Gateway {id} is no longer recorded on the management cluster; run terraform apply again to recreate it.");
            if (!await CheckOwnedAsync(store, record, PrivateUid(request.Private), "update", response.Diagnostics, cts.Token).ConfigureAwait(false))
            {
                return;
            }

            var install = InstallSettings.From(plan, request.Config);
            var inspector = new ComponentInspector(store.Client);
            var health = await inspector.InspectAsync(cts.Token).ConfigureAwait(false);
            if (install.Enabled)
            {
                var saver = new RecordSaver(store, record with { InstallDirectory = install.Directory }, context);
                await saver.SaveAsync(cts.Token).ConfigureAwait(false);
                health = await ReconcileAsync(install, saver, health, logger, cts.Token).ConfigureAwait(false);
            }

            if (WaitEnabled(plan) && !health.Healthy)
            {
                health = await ComponentInstaller.WaitAvailableAsync(inspector, timeout - TimeSpan.FromSeconds(1), logger, cts.Token).ConfigureAwait(false);
                if (!health.Healthy)
                {
                    response.Diagnostics.AddError("Gateway controllers did not become Available",
                        $"After {Duration.Format(timeout)}: {health.Reason}. Check the controller Deployments (kubectl get deployments -A), or raise timeouts.create.");
                }
            }

            response.State = Finish(plan, health);
        }
        catch (OperationCanceledException ex)
        {
            response.Diagnostics.AddError(
                cancellationToken.IsCancellationRequested ? "Gateway update was interrupted" : "Timed out updating the gateway",
                $"Updating {id}: {ex.Message} What was applied so far is recorded; the next apply continues and destroy removes it.");
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"updating gateway {id}"))
        {
        }
    }

    /// <summary>
    /// Upgrades the components this gateway installed whose selected version differs, then installs what is missing:
    /// cert-manager first, clusterctl's inventory CRD, then the providers in clusterctl's order. Every release file is
    /// read (and its variables checked) before anything is applied.
    /// </summary>
    private static async Task<GatewayHealth> ReconcileAsync(InstallSettings install, RecordSaver saver, GatewayHealth health, ILogger logger, CancellationToken cancellationToken)
    {
        var directory = install.Directory!;
        var installer = new ComponentInstaller(saver.Store.Client, logger);
        var upgrades = new List<(InstalledComponent Current, ComponentManifest Next)>();
        foreach (var current in saver.Record.Installed.Where(c => c.Complete))
        {
            if (ProviderComponent.Find(current.Name) is { } provider
                && ComponentManifest.Find(directory, provider.Name, provider.ComponentsFile, install.Pin(provider.Name)) is { } found
                && found.Version != current.Version)
            {
                upgrades.Add((current, install.Load(provider)));
            }
            else if (current.Name == ComponentManifest.CertManagerName
                && ComponentManifest.LoadCertManager(directory, install.Pin(current.Name)) is { } certManager
                && certManager.Version != current.Version)
            {
                upgrades.Add((current, certManager));
            }
        }

        var missing = health.Missing.Select(install.Load).ToList();
        if (upgrades.Count == 0 && missing.Count == 0)
        {
            return health;
        }

        foreach (var (current, next) in upgrades.Where(u => u.Next.Provider is null))
        {
            await installer.UpgradeAsync(current, next, saver.SaveAsync, cancellationToken).ConfigureAwait(false);
        }

        if (missing.Count > 0 || upgrades.Count > 0)
        {
            var certManager = install.CertManager ? ComponentManifest.LoadCertManager(directory, install.Pin(ComponentManifest.CertManagerName)) : null;
            await installer.EnsureCertManagerAsync(certManager, install.CertManagerAbsentHelp(), saver.SaveAsync, cancellationToken).ConfigureAwait(false);
            await installer.EnsureInventoryCrdAsync(saver.SaveAsync, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (current, next) in upgrades.Where(u => u.Next.Provider is not null))
        {
            await installer.UpgradeAsync(current, next, saver.SaveAsync, cancellationToken).ConfigureAwait(false);
        }

        foreach (var manifest in missing)
        {
            await installer.ApplyAsync(manifest, saver.SaveAsync, cancellationToken).ConfigureAwait(false);
            await saver.SaveAsync(new InstalledComponent(manifest.Name, manifest.Version, manifest.References, Complete: true)).ConfigureAwait(false);
        }

        return await new ComponentInspector(saver.Store.Client).InspectAsync(cancellationToken).ConfigureAwait(false);
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

            var uid = PrivateUid(request.Private);
            if (!await CheckOwnedAsync(store, record, uid, "delete", response.Diagnostics, cts.Token).ConfigureAwait(false))
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

            if (record.Installed.Count > 0)
            {
                var elsewhere = await store.ListWorkloadClustersAsync(null, cts.Token).ConfigureAwait(false);
                if (elsewhere.Count > 0)
                {
                    response.Diagnostics.AddWarning("Gateway components left installed",
                        $"The components this gateway installed ({string.Join(", ", record.InstalledComponents)}) are still used by clusters {string.Join(", ", elsewhere)}; they were not removed.");
                }
                else
                {
                    // Newest first; each component leaves the record once removed, so an interrupted destroy resumes.
                    var installer = new ComponentInstaller(store.Client, logger);
                    foreach (var component in record.Installed.Reverse())
                    {
                        await installer.UninstallAsync(component, cts.Token).ConfigureAwait(false);
                        record = record with { Installed = [.. record.Installed.Where(c => c.Name != component.Name)] };
                        await store.SaveGatewayAsync(record, cts.Token).ConfigureAwait(false);
                    }
                }
            }

            await store.DeleteGatewayRecordAsync(record, cts.Token, uid).ConfigureAwait(false);
            context.ForgetCloudAccounts();
            if (record.CreatedNamespace)
            {
                await store.Client.DeleteAsync(GatewayStore.Namespaces, null, record.Namespace, "Background", cts.Token).ConfigureAwait(false);
                await store.Client.WaitAsync(GatewayStore.Namespaces, null, record.Namespace, ns => ns is null, TimeSpan.FromMilliseconds(250), cts.Token).ConfigureAwait(false);
            }

            logger.LogInformation("Gateway {Id} deleted", id);
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"deleting gateway {id}"))
        {
        }
    }

    public async Task ImportStateAsync(ImportStateRequest request, ImportStateResponse response, CancellationToken cancellationToken)
    {
        if (!GatewayStore.TryParseId(request.Id, out var ns, out var name))
        {
            response.Diagnostics.AddError("Invalid gateway id", $"\"{request.Id}\" is not a gateway id; use <namespace>/<name>, e.g. \"prod/prod\".");
            return;
        }

        if (ProviderContext.From(_context, response.Diagnostics) is not { } context)
        {
            return;
        }

        try
        {
            var store = context.GetGatewayStore();
            var live = await store.GetGatewayObjectAsync(ns, cancellationToken).ConfigureAwait(false);
            if (live is null || (string?)live["data"]?["name"] != name && GatewayClaim.BelongsTo(live, (string?)live["data"]?["name"] ?? string.Empty))
            {
                response.Diagnostics.AddError("Gateway not found",
                    $"There is no gateway {request.Id} on the management cluster to import" +
                    (live is null ? "." : $": namespace {ns} holds {GatewayClaim.DescribeHolder(live)}."));
                return;
            }

            if (!GatewayClaim.BelongsTo(live, name))
            {
                response.Diagnostics.AddError("Refusing to import a gateway this provider did not create",
                    $"ConfigMap {ns}/{GatewayStore.GatewayConfigMapName} is {GatewayClaim.DescribeHolder(live)}. Importing it would let this configuration change and delete " +
                    $"something that something else manages; only gateway records carrying {GatewayStore.ManagedByLabel}={GatewayStore.ManagedByValue} and {GatewayStore.KindLabel}=gateway can be imported.");
                return;
            }

            var record = await store.GetGatewayAsync(request.Id, cancellationToken).ConfigureAwait(false);
            var uid = (string?)live["metadata"]?["uid"];
            response.Private = PrivateFor(uid);
            var components = record is { Installed.Count: > 0 } ? $"the components it installed ({string.Join(", ", record.InstalledComponents)})" : "no installed components";
            response.Diagnostics.AddWarning("Importing adopts an existing gateway",
                $"This resource now owns gateway {request.Id}: its record ConfigMap {ns}/{GatewayStore.GatewayConfigMapName} (uid {uid}, created {(string?)live["metadata"]?["creationTimestamp"]}), " +
                $"{components}{(record?.CreatedNamespace == true ? $" and namespace {ns}" : string.Empty)}. terraform destroy removes {(record?.CreatedNamespace == true ? "them all" : "them (the namespace was not created by it and stays)")}. " +
                "Make sure no other Terraform state manages this gateway.");
            response.PassthroughId("id", request.Id);
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"importing gateway {request.Id}"))
        {
        }
    }

    private const string PrivateUidPrefix = "gateway-uid:";

    /// <summary>The record's UID remembered in the private state; null for states written before it was recorded.</summary>
    internal static string? PrivateUid(byte[]? privateState)
    {
        if (privateState is not { Length: > 0 }) return null;
        var text = System.Text.Encoding.UTF8.GetString(privateState);
        return text.StartsWith(PrivateUidPrefix, StringComparison.Ordinal) ? text[PrivateUidPrefix.Length..] : null;
    }

    internal static byte[]? PrivateFor(string? uid) => uid is null ? null : System.Text.Encoding.UTF8.GetBytes(PrivateUidPrefix + uid);

    private static void AddAlreadyExists(Terraform.Plugin.Diagnostics.DiagnosticBag diagnostics, string id, string ns, string holder) =>
        diagnostics.AddAttributeError(AttributePath.Root("name"), "Gateway already exists",
            $"Gateway {id} is recorded as the ConfigMap {ns}/{GatewayStore.GatewayConfigMapName}, but that name belongs to {holder}. " +
            $"Creating never adopts an existing gateway. To manage it with this configuration, import it (an import block with id = \"{id}\", or terraform import <address> {id}) " +
            "instead of creating it; otherwise choose another name or namespace.");

    /// <summary>
    /// Before an update or delete: the live record must carry our labels and, when this resource remembers one, the
    /// UID it created. False with an error on <c>name</c> otherwise.
    /// </summary>
    private static async Task<bool> CheckOwnedAsync(GatewayStore store, GatewayRecord record, string? uid, string action, Terraform.Plugin.Diagnostics.DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var live = await store.GetGatewayObjectAsync(record.Namespace, cancellationToken).ConfigureAwait(false);
        if (live is null || GatewayClaim.WriteProblem(live, record.Name, uid) is not { } problem) return true;
        diagnostics.AddAttributeError(AttributePath.Root("name"), $"Refusing to {action} a gateway this resource does not own",
            $"{problem}. Nothing was changed. If that gateway should be managed here, remove this resource from state (terraform state rm) and import it ({record.Id}); otherwise rename this resource's gateway.");
        return false;
    }

    private static CtyValue Without(CtyValue obj, string attribute) =>
        obj.IsKnown && !obj.IsNull && obj.TryGetValue(attribute, out _) ? obj.WithAttribute(attribute, CtyValue.Null(obj[attribute].Type)) : obj;

    /// <summary>The <c>install</c> block: where releases come from, pinned versions and variables (from the configuration: write-only).</summary>
    private sealed record InstallSettings(bool Enabled, string? Directory, bool CertManager, IReadOnlyDictionary<string, string> Versions, IReadOnlyDictionary<string, string> Variables)
    {
        public static InstallSettings From(CtyValue plan, CtyValue config)
        {
            var install = plan["install"];
            if (install.IsNull)
            {
                return new InstallSettings(false, null, true, new Dictionary<string, string>(), new Dictionary<string, string>());
            }

            var variables = config["install"] is { IsNull: false, IsKnown: true } configured && configured["variables"] is { IsNull: false, IsKnown: true } map
                ? map.Entries.Where(e => e.Value.IsKnown && !e.Value.IsNull).ToDictionary(e => e.Key, e => e.Value.AsString(), StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            var versions = install["versions"] is { IsNull: false, IsKnown: true } pins
                ? pins.Entries.Where(e => e.Value.IsKnown && !e.Value.IsNull).ToDictionary(e => e.Key, e => e.Value.AsString(), StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            return new InstallSettings(
                Cty.BoolOrNull(install["enabled"]) ?? true,
                Cty.StringOrNull(install["directory"]),
                Cty.BoolOrNull(install["cert_manager"]) ?? true,
                versions,
                variables);
        }

        public string? Pin(string component) => Versions.GetValueOrDefault(component);

        /// <summary>A variable from <c>install.variables</c>, else from the environment (as clusterctl reads it).</summary>
        public string? Lookup(string name) => Variables.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name);

        public ComponentManifest Load(ProviderComponent provider) =>
            ComponentManifest.LoadProvider(Directory!, provider, Pin(provider.Name), Lookup,
                "Set it in install.variables (e.g. install = { directory = \"…\", variables = { NAME = \"value\" } }), or in the environment of terraform, where clusterctl would read it.");

        public string CertManagerAbsentHelp() => CertManager
            ? $"cert-manager is not installed on the management cluster, and {Path.Combine(Directory!, ComponentManifest.CertManagerName, Pin(ComponentManifest.CertManagerName) ?? "<version>", ComponentManifest.CertManagerFile)} " +
              "does not exist. Every Cluster API release needs cert-manager (its webhooks' serving certificates and CA injection), and clusterctl init installs it first. " +
              $"Put cert-manager's release file there (clusterctl v1.13 uses {ComponentManifest.CertManagerDefaultVersion}: https://github.com/cert-manager/cert-manager/releases/download/{ComponentManifest.CertManagerDefaultVersion}/cert-manager.yaml " +
              $"into {Path.Combine(Directory!, ComponentManifest.CertManagerName, ComponentManifest.CertManagerDefaultVersion)}/), or install cert-manager on the management cluster first."
            : "cert-manager is not installed on the management cluster, and install.cert_manager = false. Every Cluster API release needs cert-manager (its webhooks' " +
              "serving certificates and CA injection). Install cert-manager first (kubectl apply -f cert-manager.yaml of its release), or set install.cert_manager = true " +
              $"with its release file at {Path.Combine(Directory!, ComponentManifest.CertManagerName, ComponentManifest.CertManagerDefaultVersion, ComponentManifest.CertManagerFile)}.";
    }

    /// <summary>Keeps the gateway record current: each component entry is saved as soon as the installer reports it.</summary>
    private sealed class RecordSaver(GatewayStore store, GatewayRecord record, ProviderContext context)
    {
        public GatewayStore Store => store;

        public GatewayRecord Record { get; private set; } = record;

        public async Task SaveAsync(InstalledComponent component)
        {
            Record = Record.With(component);
            await store.SaveGatewayAsync(Record, CancellationToken.None).ConfigureAwait(false);
            context.ForgetCloudAccounts();
        }

        public Task SaveAsync(CancellationToken cancellationToken) => store.SaveGatewayAsync(Record, cancellationToken);
    }

    private static bool WaitEnabled(CtyValue plan) => Cty.BoolOrNull(plan["wait"]) ?? true;

    private static CtyValue Finish(CtyValue state, GatewayHealth? health) => state
        .WithAttribute("status", CtyValue.String(health?.Status ?? GatewayHealth.Degraded))
        .WithAttribute("status_reason", CtyValue.String(health is null ? "creation did not complete" : health.Reason))
        .WithAttribute("capi_version", Cty.StringOrNullValue(health?.VersionOf(ProviderComponent.Core)))
        .WithAttribute("capx_version", Cty.StringOrNullValue(health?.VersionOf(ProviderComponent.Nutanix)));
}
