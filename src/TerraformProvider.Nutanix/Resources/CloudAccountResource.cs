using Microsoft.Extensions.Logging;
using Nutanix.Capi.Gateway;
using Nutanix.Capi.Management;
using Nutanix.Capi.Rendering;
using Nutanix.Prism;
using Nutanix.Prism.Models;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;
using ClusterCredentials = Nutanix.Capi.Lifecycle.ClusterCredentials;

namespace TerraformProvider.Nutanix.Resources;

/// <summary>
/// <c>nutanix_cloud_account</c>: Prism Central credentials validated against Prism Central (<c>users/me</c>,
/// <c>prism_central</c>) and stored as a CAPX credentials Secret in the gateway namespace.
/// </summary>
internal sealed class CloudAccountResource : IResourceWithConfigure, IResourceWithImportState, IResourceWithModifyPlan, IResourceWithValidateConfig
{
    private static readonly string[] ConnectionAttributes = ["endpoint", "port", "insecure", "additional_trust_bundle", "username", "password_wo_version", "api_key_wo_version"];

    /// <summary>Where the credentials go and whom they are trusted to: changing any of them needs the write-only secret again.</summary>
    private static readonly string[] AddressAttributes = ["endpoint", "port", "insecure", "additional_trust_bundle"];

    private ProviderContext? _context;

    public void Metadata(ResourceMetadataRequest request, ResourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_cloud_account";

    public void Schema(ResourceSchemaRequest request, ResourceSchemaResponse response) => response.Schema = CloudAccountSchema.Schema;

    public void Configure(ResourceConfigureRequest request, ResourceConfigureResponse response) => _context = request.ProviderData as ProviderContext;

    public Task ValidateConfigAsync(ValidateResourceConfigRequest request, ValidateResourceConfigResponse response, CancellationToken cancellationToken)
    {
        var config = request.Config;
        var hasKey = !config["api_key_wo"].IsNull;
        var hasPassword = !config["password_wo"].IsNull;
        var hasUser = !config["username"].IsNull;
        if (hasKey && (hasPassword || hasUser))
        {
            response.Diagnostics.AddAttributeError(AttributePath.Root("api_key_wo"), "Conflicting credentials",
                "Set either username + password_wo, or api_key_wo, not both.");
        }
        else if (!hasKey && hasUser && !hasPassword)
        {
            response.Diagnostics.AddAttributeError(AttributePath.Root("password_wo"), "Missing password",
                "username is set but password_wo is not: set password_wo (e.g. from a variable marked sensitive), or use api_key_wo instead.");
        }
        else if (!hasKey && hasPassword && !hasUser)
        {
            response.Diagnostics.AddAttributeError(AttributePath.Root("username"), "Missing username", "password_wo is set but username is not: set the Prism Central user name.");
        }
        else if (!hasKey && !hasPassword)
        {
            response.Diagnostics.AddAttributeError(AttributePath.Root("password_wo"), "Missing credentials",
                "Set username + password_wo, or api_key_wo, for Prism Central.");
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The stored password or API key is never sent to a changed endpoint, port or trust setting (a moved or spoofed
    /// address would receive it): such a change needs the write-only secret again, with its <c>_version</c> changed in
    /// the same plan.
    /// </summary>
    private static void RequireSecretForNewAddress(ModifyPlanRequest request, ModifyPlanResponse response)
    {
        var changed = AddressAttributes.Where(a => request.Plan[a].IsKnown && !request.Plan[a].Equals(request.State[a])).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var apiKey = !request.Plan["api_key_wo_version"].IsNull;
        var version = apiKey ? "api_key_wo_version" : "password_wo_version";
        var secret = apiKey ? "api_key_wo" : "password_wo";
        if (!request.Plan[version].Equals(request.State[version]))
        {
            return;
        }

        var current = Cty.Int64OrNull(request.State[version]);
        response.Diagnostics.AddAttributeError(AttributePath.Root(version), "Re-enter the Prism Central secret for the new address",
            $"This plan changes {string.Join(", ", changed)} of the cloud account. The stored {(apiKey ? "API key" : "password")} is not sent to a different address " +
            $"or under a different trust setting, so supply {secret} again (the secret valid for the new Prism Central) and change {version}" +
            (current is { } n ? $" (e.g. to {n + 1})" : string.Empty) + " in the same apply.");
    }

    public async Task ModifyPlanAsync(ModifyPlanRequest request, ModifyPlanResponse response, CancellationToken cancellationToken)
    {
        if (request.Plan.IsNull)
        {
            return;
        }

        // Anything that changes how Prism Central is reached or who we are may change what it reports.
        if (!request.State.IsNull && ConnectionAttributes.Any(a => !request.Plan[a].Equals(request.State[a])))
        {
            response.Plan = response.Plan
                .WithAttribute("prism_central_version", CtyValue.Unknown(CtyType.String))
                .WithAttribute("prism_element_clusters", CtyValue.Unknown(CloudAccountSchema.PrismElementClusters.Type));

            // Clusters using this account are planned after it: they must not judge Prism by the credentials being replaced.
            _context?.NoteCloudAccountChanging(request.State["id"].AsString());
            RequireSecretForNewAddress(request, response);
        }

        var pcgId = request.Plan["pcg_id"];
        if (_context is not { IsKnown: true } context || !pcgId.IsKnown || pcgId.IsNull)
        {
            return;
        }

        if (!request.State.IsNull && request.State["pcg_id"].Equals(pcgId))
        {
            return;
        }

        try
        {
            var store = context.GetGatewayStore();
            if (await store.GetGatewayAsync(pcgId.AsString(), cancellationToken).ConfigureAwait(false) is null)
            {
                var known = await store.ListGatewayIdsAsync(cancellationToken).ConfigureAwait(false);
                response.Diagnostics.AddAttributeError(AttributePath.Root("pcg_id"), "Unknown gateway",
                    $"No gateway with id \"{pcgId.AsString()}\" exists on the management cluster. " +
                    (known.Count == 0 ? "No gateways exist yet: create a nutanix_pcg and use its id." : $"Existing gateways: {string.Join(", ", known)}."));
            }
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, "checking pcg_id"))
        {
        }
    }

    public async Task CreateAsync(CreateRequest request, CreateResponse response, CancellationToken cancellationToken)
    {
        if (ProviderContext.From(_context, response.Diagnostics) is not { } context)
        {
            return;
        }

        var plan = request.Plan;
        var pcgId = plan["pcg_id"].AsString();
        try
        {
            var store = context.GetGatewayStore();
            var gateway = await store.GetGatewayAsync(pcgId, cancellationToken).ConfigureAwait(false);
            if (gateway is null)
            {
                response.Diagnostics.AddAttributeError(AttributePath.Root("pcg_id"), "Unknown gateway", $"No gateway with id \"{pcgId}\" exists on the management cluster.");
                return;
            }

            var name = plan["name"].AsString();
            var id = GatewayStore.MakeId(gateway.Namespace, name);
            if (await store.GetCloudAccountAsync(id, cancellationToken).ConfigureAwait(false) is not null)
            {
                response.Diagnostics.AddAttributeError(AttributePath.Root("name"), "Cloud account already exists",
                    $"A cloud account {id} already exists. Import it instead (id \"{id}\"), or choose another name.");
                return;
            }

            // Any other Secret of that name (e.g. cluster "x"'s "x-credentials" for an account "x-credentials") is
            // someone else's: never overwritten.
            if (await CloudAccountClaim.HolderAsync(store.Client, gateway.Namespace, name, cancellationToken).ConfigureAwait(false) is { } holder)
            {
                response.Diagnostics.AddAttributeError(AttributePath.Root("name"), "Name already taken on the management cluster",
                    $"Cloud account {id} is stored as the Secret {id}, but that name belongs to {holder}. Choose another name for the account.");
                return;
            }

            var record = BuildRecord(id, gateway, plan, CredentialsFromConfig(request.Config), CredentialsVersion(plan));
            var validated = await ValidateAsync(context, record, response.Diagnostics, cancellationToken).ConfigureAwait(false);
            if (validated is null)
            {
                return;
            }

            // Create-only: of two racing creates of the same account exactly one proceeds.
            if (await CloudAccountClaim.ClaimAsync(store.Client, gateway.Namespace, name, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                response.Diagnostics.AddAttributeError(AttributePath.Root("name"), "Cloud account already exists",
                    $"The Secret {id} was created by someone else while this account was being created: it is {taken}. Import it instead (id \"{id}\"), or choose another name.");
                return;
            }

            await store.SaveCloudAccountAsync(record, cancellationToken).ConfigureAwait(false);
            context.ForgetCloudAccounts();
            context.CreateLogger("nutanix_cloud_account").LogInformation("Cloud account {Id} stored for Prism Central {Endpoint}:{Port}", id, record.Endpoint, record.Port);
            response.State = WithComputed(plan.WithAttribute("id", CtyValue.String(id)), validated.Value);
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, "creating the cloud account"))
        {
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
            var record = Secrets.Track(await context.GetGatewayStore().GetCloudAccountAsync(id, cancellationToken).ConfigureAwait(false));
            if (record is null)
            {
                context.CreateLogger("nutanix_cloud_account").LogWarning("Cloud account Secret {Id} is gone; removing it from state", id);
                response.RemoveResource();
                return;
            }

            var state = request.State
                .WithAttribute("name", CtyValue.String(record.Name))
                .WithAttribute("endpoint", CtyValue.String(record.Endpoint))
                .WithAttribute("port", CtyValue.Number(record.Port))
                .WithAttribute("insecure", CtyValue.Bool(record.Insecure))
                .WithAttribute("additional_trust_bundle", Cty.StringOrNullValue(record.AdditionalTrustBundle))
                .WithAttribute("username", Cty.StringOrNullValue(record.UsesApiKey ? null : record.Username))
                .WithAttribute(record.UsesApiKey ? "api_key_wo_version" : "password_wo_version", Cty.Int64OrNullValue(record.CredentialsVersion))
                .WithAttribute(record.UsesApiKey ? "password_wo_version" : "api_key_wo_version", CtyValue.Null(CtyType.Number));
            if (record.GatewayId is not null)
            {
                state = state.WithAttribute("pcg_id", CtyValue.String(record.GatewayId));
            }

            // Credentials that no longer work are reported, not hidden; the last known values stay.
            var warnings = new DiagnosticBag();
            var validated = await ValidateAsync(context, record, warnings, cancellationToken, asWarnings: true).ConfigureAwait(false);
            response.Diagnostics.AddRange(warnings);
            if (validated is not null)
            {
                state = WithComputed(state, validated.Value);
            }
            else if (state["prism_central_version"].IsNull)
            {
                state = state.WithAttribute("prism_central_version", CtyValue.String(string.Empty))
                    .WithAttribute("prism_element_clusters", CtyValue.List(CloudAccountSchema.PrismElementClusters.ObjectType, []));
            }

            response.State = state;
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"reading cloud account {id}"))
        {
        }
    }

    public async Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken)
    {
        if (ProviderContext.From(_context, response.Diagnostics) is not { } context)
        {
            return;
        }

        var plan = request.Plan;
        var id = request.State["id"].AsString();
        try
        {
            var store = context.GetGatewayStore();
            var existing = Secrets.Track(await store.GetCloudAccountAsync(id, cancellationToken).ConfigureAwait(false));
            var gateway = await store.GetGatewayAsync(plan["pcg_id"].AsString(), cancellationToken).ConfigureAwait(false);
            if (gateway is null)
            {
                response.Diagnostics.AddAttributeError(AttributePath.Root("pcg_id"), "Unknown gateway", $"No gateway with id \"{plan["pcg_id"].AsString()}\" exists on the management cluster.");
                return;
            }

            var rotate = existing is null
                || !plan["password_wo_version"].Equals(request.State["password_wo_version"])
                || !plan["api_key_wo_version"].Equals(request.State["api_key_wo_version"])
                || !plan["username"].Equals(request.State["username"])
                || existing.UsesApiKey != !request.Config["api_key_wo"].IsNull;
            PrismCredentials credentials;
            if (rotate)
            {
                credentials = CredentialsFromConfig(request.Config);
            }
            else if (CredentialsFormat.TryRead(existing!.CredentialsJson, out var user, out var password, out var key))
            {
                credentials = key is not null ? PrismCredentials.FromApiKey(key) : PrismCredentials.Basic(user!, password!);
            }
            else
            {
                response.Diagnostics.AddAttributeError(AttributePath.Root("password_wo_version"), "Stored credentials are unreadable",
                    $"The Secret {id} does not hold CAPX credentials any more; supply password_wo (or api_key_wo) and change its _version to rewrite them.");
                return;
            }

            var record = BuildRecord(id, gateway, plan, credentials, CredentialsVersion(plan));
            var validated = await ValidateAsync(context, record, response.Diagnostics, cancellationToken).ConfigureAwait(false);
            if (validated is null)
            {
                return;
            }

            await store.SaveCloudAccountAsync(record, cancellationToken).ConfigureAwait(false);
            context.ForgetCloudAccounts();
            var logger = context.CreateLogger("nutanix_cloud_account");
            logger.LogInformation("Cloud account {Id} updated{Rotation}", id, rotate ? " (credentials rotated)" : string.Empty);
            response.State = WithComputed(plan, validated.Value);
            if (rotate)
            {
                await RefreshClusterCredentialsAsync(store, record, credentials, logger, response.Diagnostics, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"updating cloud account {id}"))
        {
        }
    }

    public async Task DeleteAsync(DeleteRequest request, DeleteResponse response, CancellationToken cancellationToken)
    {
        if (ProviderContext.From(_context, response.Diagnostics) is not { } context)
        {
            return;
        }

        var id = request.State["id"].AsString();
        try
        {
            await context.GetGatewayStore().DeleteCloudAccountAsync(id, cancellationToken).ConfigureAwait(false);
            context.ForgetCloudAccounts();
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"deleting cloud account {id}"))
        {
        }
    }

    public Task ImportStateAsync(ImportStateRequest request, ImportStateResponse response, CancellationToken cancellationToken)
    {
        if (!GatewayStore.TryParseId(request.Id, out _, out _))
        {
            response.Diagnostics.AddError("Invalid cloud account id", $"\"{request.Id}\" is not a cloud account id; use <gateway namespace>/<account name>.");
            return Task.CompletedTask;
        }

        response.PassthroughId("id", request.Id);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Rewrites the CAPX credentials Secret of every cluster using the account: each cluster holds a copy of the
    /// credentials from when it was last applied, and CAPX reads only that copy, so without this a rotation would leave
    /// CAPX on the old credentials. Clusters that could not be updated are named in an error (the account itself is
    /// updated and stays so in state).
    /// </summary>
    private static async Task RefreshClusterCredentialsAsync(
        GatewayStore store, CloudAccountRecord account, PrismCredentials credentials, ILogger logger, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var version = AttributePath.Root(account.UsesApiKey ? "api_key_wo_version" : "password_wo_version");
        var retry = $"To retry, fix the cause and change {(account.UsesApiKey ? "api_key_wo_version" : "password_wo_version")} again (with the same secret): " +
            "the update then rewrites the credentials Secrets of the account's clusters once more.";
        ClusterCredentials.RefreshResult result;
        try
        {
            result = await ClusterCredentials.RefreshAsync(store.Client, account, credentials, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            diagnostics.AddAttributeError(version, "Cannot update the credentials of the clusters using this cloud account",
                $"Cloud account {account.Id} was updated, but listing the clusters in namespace {account.Namespace} failed " +
                $"({(ex is KubernetesApiException k ? $"HTTP {(int)k.StatusCode} {k.Reason}" : "the management cluster did not answer")}), so their CAPX credentials " +
                $"Secrets (<cluster>-credentials) may still hold the old credentials and CAPX may fail to reach Prism Central for them. {retry}");
            return;
        }

        logger.LogInformation("Cloud account {Id}: refreshed the Prism Central credentials of {Count} cluster(s) using it{Clusters}",
            account.Id, result.Refreshed.Count, result.Refreshed.Count == 0 ? string.Empty : $" ({string.Join(", ", result.Refreshed)})");
        if (result.Failed.Count > 0)
        {
            diagnostics.AddAttributeError(version, $"{result.Failed.Count} cluster(s) still have the old credentials of cloud account {account.Id}",
                $"Cloud account {account.Id} was updated, but the CAPX credentials Secret of these clusters could not be rewritten: " +
                $"{string.Join("; ", result.Failed.Select(f => $"{f.Cluster} ({f.Reason})"))}. CAPX keeps using the old credentials for them and fails to " +
                $"reach Prism Central once those stop working. {retry}");
        }
    }

    private static PrismCredentials CredentialsFromConfig(CtyValue config)
    {
        if (Cty.StringOrNull(config["api_key_wo"]) is { Length: > 0 } key)
        {
            return Secrets.Track(PrismCredentials.FromApiKey(key));
        }

        var user = Cty.StringOrNull(config["username"]);
        var password = Cty.StringOrNull(config["password_wo"]);
        if (string.IsNullOrEmpty(user) || password is null)
        {
            throw new ProviderConfigurationException("Missing Prism Central credentials",
                "Set username + password_wo, or api_key_wo. Write-only values are only sent during apply; after changing them bump password_wo_version / api_key_wo_version.");
        }

        return Secrets.Track(PrismCredentials.Basic(user, password));
    }

    private static long? CredentialsVersion(CtyValue plan) =>
        Cty.Int64OrNull(plan["api_key_wo_version"]) ?? Cty.Int64OrNull(plan["password_wo_version"]);

    private static CloudAccountRecord BuildRecord(string id, GatewayRecord gateway, CtyValue plan, PrismCredentials credentials, long? version) =>
        new(
            id,
            gateway.Namespace,
            plan["name"].AsString(),
            plan["endpoint"].AsString(),
            (int)(Cty.Int64OrNull(plan["port"]) ?? 9440),
            Cty.BoolOrNull(plan["insecure"]) ?? false,
            Cty.StringOrNull(plan["additional_trust_bundle"]),
            CredentialsFormat.Write(credentials),
            credentials.Username,
            credentials.IsApiKey)
        {
            GatewayId = gateway.Id,
            CredentialsVersion = version,
        };

    /// <summary>Checks the account against Prism Central; null (with diagnostics) when it does not work.</summary>
    private static async Task<(string Version, IReadOnlyList<(string Name, string Uuid)> Clusters)?> ValidateAsync(
        ProviderContext context, CloudAccountRecord record, DiagnosticBag diagnostics, CancellationToken cancellationToken, bool asWarnings = false)
    {
        try
        {
            using var prism = context.CreatePrismClient(record);
            await prism.GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
            var version = await prism.GetPrismCentralVersionAsync(cancellationToken).ConfigureAwait(false);
            var clusters = await prism.ListPrismElementClustersAsync(null, cancellationToken).ConfigureAwait(false);
            return (version, [.. clusters.Select(c => (c.Name, c.Uuid)).OrderBy(c => c.Name, StringComparer.Ordinal)]);
        }
        catch (PrismException ex)
        {
            var (summary, detail, path) = ErrorDiagnostics.PrismError(ex, $"validating cloud account {record.Id}", record.UsesApiKey);
            if (asWarnings)
            {
                summary = $"Cloud account {record.Id}: {summary}";
                detail += " The stored credentials no longer work for Prism Central; clusters using this account will fail to reconcile.";
            }

            path ??= AttributePath.Root("endpoint");
            diagnostics.Add(asWarnings ? Diagnostic.Warning(summary, detail, path) : Diagnostic.Error(summary, detail, path));
            return null;
        }
        catch (ArgumentException ex)
        {
            diagnostics.Add(asWarnings ? Diagnostic.Warning("Invalid Prism Central settings", ex.Message) : Diagnostic.Error("Invalid Prism Central settings", ex.Message));
            return null;
        }
    }

    private static CtyValue WithComputed(CtyValue state, (string Version, IReadOnlyList<(string Name, string Uuid)> Clusters) validated)
    {
        var type = CloudAccountSchema.PrismElementClusters.ObjectType;
        var clusters = validated.Clusters.Select(c => CtyValue.Object(type, new Dictionary<string, CtyValue>
        {
            ["name"] = CtyValue.String(c.Name),
            ["uuid"] = CtyValue.String(c.Uuid),
        }));
        return state
            .WithAttribute("prism_central_version", CtyValue.String(validated.Version))
            .WithAttribute("prism_element_clusters", CtyValue.List(type, clusters));
    }
}
