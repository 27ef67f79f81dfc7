using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Gateway;

/// <summary>
/// Installs release files from clusterctl's local repository layout (<c>&lt;dir&gt;/&lt;name&gt;/&lt;version&gt;/&lt;file&gt;</c>) the
/// way <c>clusterctl init</c> does, by server-side apply: cert-manager first (installed from
/// <c>cert-manager/&lt;version&gt;/cert-manager.yaml</c> or found already running) and waited for; clusterctl's inventory CRD
/// created when missing; then each provider's objects (see <see cref="ComponentManifest"/>), its CRDs waited
/// Established before anything else, and its inventory <c>Provider</c> object. Every component's objects are recorded
/// (through the <c>record</c> callback) before the first is applied, so an install that fails part way is removed by
/// <see cref="UninstallAsync"/>. Never downloads anything.
/// </summary>
public sealed class ComponentInstaller(ManagementClusterClient client, ILogger? logger = null)
{
    /// <summary>The name under which the inventory CRD is recorded when this installer created it.</summary>
    public const string InventoryName = "clusterctl-inventory";

    public static readonly ApiResource Crds = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", Namespaced: false);
    public static readonly ApiResource ValidatingWebhooks = new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", Namespaced: false);
    public static readonly ApiResource MutatingWebhooks = new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", Namespaced: false);

    private const string InventoryCrdName = "providers.clusterctl.cluster.x-k8s.io";
    private const string CertManagerCrdName = "certificates.cert-manager.io";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    // ---- cert-manager ----

    /// <summary>Whether cert-manager is installed and, if so, why it is not ready yet (null when ready).</summary>
    public async Task<(bool Installed, string? NotReady)> CertManagerStatusAsync(CancellationToken cancellationToken)
    {
        var crd = await client.GetAsync(Crds, null, CertManagerCrdName, cancellationToken).ConfigureAwait(false);
        if (crd is null)
        {
            return (false, "cert-manager is not installed (no CustomResourceDefinition certificates.cert-manager.io)");
        }

        if (!Established(crd))
        {
            return (true, "the CustomResourceDefinition certificates.cert-manager.io is not Established yet");
        }

        var deployments = await client.ListAsync(ComponentInspector.Deployments, ComponentManifest.CertManagerNamespace, null, cancellationToken).ConfigureAwait(false);
        if (deployments.Count == 0)
        {
            return (true, $"no cert-manager Deployment in namespace {ComponentManifest.CertManagerNamespace}");
        }

        foreach (var deployment in deployments)
        {
            var (available, why) = ComponentInspector.DeploymentAvailability(deployment);
            if (!available)
            {
                return (true, $"Deployment {ComponentManifest.CertManagerNamespace}/{(string?)deployment["metadata"]?["name"]} is not Available ({why})");
            }
        }

        // cert-manager's own webhook is served with a certificate whose CA the cainjector writes into its webhook configurations.
        foreach (var resource in new[] { ValidatingWebhooks, MutatingWebhooks })
        {
            foreach (var config in await client.ListAsync(resource, null, null, cancellationToken).ConfigureAwait(false))
            {
                var from = (string?)config["metadata"]?["annotations"]?["cert-manager.io/inject-ca-from-secret"];
                if (from is null || !from.StartsWith(ComponentManifest.CertManagerNamespace + "/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (MissingCaBundle(config) is { } webhook)
                {
                    return (true, $"cert-manager's CA injector has not written the CA into {(string?)config["kind"] ?? resource.Plural} {(string?)config["metadata"]?["name"]} (webhook {webhook}) yet");
                }
            }
        }

        return (true, null);
    }

    /// <summary>
    /// Makes sure cert-manager runs: returns at once when it is ready, installs <paramref name="manifest"/> when it is
    /// absent (recording it first), and waits until it is ready (its Deployments Available, the CA injected into its
    /// webhook, and a test Issuer and Certificate accepted, as clusterctl checks).
    /// </summary>
    /// <exception cref="ComponentInstallException">cert-manager is absent and <paramref name="manifest"/> is null; the message is <paramref name="absentHelp"/>.</exception>
    public async Task<ComponentManifest?> EnsureCertManagerAsync(ComponentManifest? manifest, string absentHelp, Func<InstalledComponent, Task> record, CancellationToken cancellationToken)
    {
        var (installed, notReady) = await CertManagerStatusAsync(cancellationToken).ConfigureAwait(false);
        ComponentManifest? applied = null;
        if (!installed)
        {
            if (manifest is null)
            {
                throw new ComponentInstallException(absentHelp);
            }

            await ApplyAsync(manifest, record, cancellationToken).ConfigureAwait(false);
            applied = manifest;
        }
        else if (notReady is null)
        {
            _logger.LogInformation("cert-manager is already installed and ready");
        }

        await WaitAsync("cert-manager", async ct => (await CertManagerStatusAsync(ct).ConfigureAwait(false)).NotReady, cancellationToken).ConfigureAwait(false);
        await ProbeCertManagerAsync(cancellationToken).ConfigureAwait(false);
        if (applied is not null)
        {
            await record(new InstalledComponent(applied.Name, applied.Version, applied.References, Complete: true)).ConfigureAwait(false);
        }

        return applied;
    }

    /// <summary>Creates and removes a self-signed Issuer and a Certificate in namespace cert-manager-test, as clusterctl does to check cert-manager's API.</summary>
    private async Task ProbeCertManagerAsync(CancellationToken cancellationToken)
    {
        const string ns = "cert-manager-test";
        JsonObject[] probe =
        [
            new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } },
            new()
            {
                ["apiVersion"] = "cert-manager.io/v1", ["kind"] = "Issuer",
                ["metadata"] = new JsonObject { ["name"] = "test-selfsigned", ["namespace"] = ns },
                ["spec"] = new JsonObject { ["selfSigned"] = new JsonObject() },
            },
            new()
            {
                ["apiVersion"] = "cert-manager.io/v1", ["kind"] = "Certificate",
                ["metadata"] = new JsonObject { ["name"] = "selfsigned-cert", ["namespace"] = ns },
                ["spec"] = new JsonObject
                {
                    ["dnsNames"] = new JsonArray("example.com"),
                    ["secretName"] = "selfsigned-cert-tls",
                    ["issuerRef"] = new JsonObject { ["name"] = "test-selfsigned" },
                },
            },
        ];
        client.ForgetDiscovery();
        await WaitAsync("cert-manager's API to accept an Issuer and a Certificate", async ct =>
        {
            try
            {
                foreach (var obj in probe)
                {
                    await client.ApplyAsync(obj, force: true, ct).ConfigureAwait(false);
                }

                return null;
            }
            catch (KubernetesApiException ex) when (ex.StatusCode != System.Net.HttpStatusCode.Forbidden && ex.StatusCode != System.Net.HttpStatusCode.Unauthorized)
            {
                client.ForgetDiscovery();
                return ex.Message;
            }
        }, cancellationToken).ConfigureAwait(false);
        foreach (var obj in probe.Reverse())
        {
            await DeleteAsync(ObjectReference.Of(obj), cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- clusterctl inventory ----

    /// <summary>
    /// Creates clusterctl's inventory CRD (<c>providers.clusterctl.cluster.x-k8s.io</c>, version v1alpha3) when it is
    /// missing, recording it first, and waits until it is Established. Returns whether it was created.
    /// </summary>
    public async Task<bool> EnsureInventoryCrdAsync(Func<InstalledComponent, Task> record, CancellationToken cancellationToken)
    {
        var existing = await client.GetAsync(Crds, null, InventoryCrdName, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            var served = (existing["spec"]?["versions"] as JsonArray)?.OfType<JsonObject>().Any(v => (string?)v["name"] == "v1alpha3") ?? false;
            if (!served)
            {
                throw new ComponentInstallException($"The CustomResourceDefinition {InventoryCrdName} on the management cluster does not define version v1alpha3, which clusterctl's inventory uses; it was not created by clusterctl. Remove it or upgrade it with clusterctl.");
            }

            await WaitEstablishedAsync([InventoryCrdName], cancellationToken).ConfigureAwait(false);
            return false;
        }

        _logger.LogInformation("Creating clusterctl's inventory CustomResourceDefinition {Name}", InventoryCrdName);
        var crd = ClusterctlInventory.Crd();
        await record(new InstalledComponent(InventoryName, "v1alpha3", [ObjectReference.Of(crd)], Complete: false)).ConfigureAwait(false);
        await ApplyOneAsync(crd, "clusterctl's inventory", cancellationToken).ConfigureAwait(false);
        await WaitEstablishedAsync([InventoryCrdName], cancellationToken).ConfigureAwait(false);
        client.ForgetDiscovery();
        await record(new InstalledComponent(InventoryName, "v1alpha3", [ObjectReference.Of(crd)], Complete: true)).ConfigureAwait(false);
        return true;
    }

    // ---- providers ----

    /// <summary>
    /// Applies <paramref name="manifest"/> (recording all its objects first): the Namespace, its CRDs (then waits until
    /// they are Established), everything else, then its inventory Provider object.
    /// </summary>
    public async Task ApplyAsync(ComponentManifest manifest, Func<InstalledComponent, Task> record, CancellationToken cancellationToken, IReadOnlyList<ObjectReference>? alsoRecord = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var references = manifest.References;
        var recorded = alsoRecord is null ? references : [.. references, .. alsoRecord.Where(r => !references.Contains(r))];
        await record(new InstalledComponent(manifest.Name, manifest.Version, recorded, Complete: false)).ConfigureAwait(false);
        _logger.LogInformation("Installing {Component} {Version} from {File} ({Count} objects, namespace {Namespace})",
            manifest.Name, manifest.Version, manifest.File, manifest.Objects.Count, manifest.TargetNamespace);

        var crds = manifest.Objects.Where(o => ComponentManifest.Kind(o) == "CustomResourceDefinition").ToList();
        var appliedCrds = false;
        foreach (var obj in manifest.Objects)
        {
            if (ComponentManifest.Kind(obj) != "Namespace" && ComponentManifest.Kind(obj) != "CustomResourceDefinition" && !appliedCrds && crds.Count > 0)
            {
                await WaitEstablishedAsync([.. crds.Select(c => (string)c["metadata"]!["name"]!)], cancellationToken).ConfigureAwait(false);
                client.ForgetDiscovery();
                appliedCrds = true;
            }

            await ApplyOneAsync(obj, manifest.File, cancellationToken).ConfigureAwait(false);
        }

        if (!appliedCrds && crds.Count > 0)
        {
            await WaitEstablishedAsync([.. crds.Select(c => (string)c["metadata"]!["name"]!)], cancellationToken).ConfigureAwait(false);
            client.ForgetDiscovery();
        }

        if (manifest.Inventory is { } inventory)
        {
            await ApplyOneAsync(inventory, "clusterctl's inventory", cancellationToken).ConfigureAwait(false);
        }

        _logger.LogInformation("Applied {Component} {Version}", manifest.Name, manifest.Version);
    }

    /// <summary>
    /// Upgrades in place from <paramref name="current"/> to <paramref name="manifest"/>: applies the new version (both
    /// versions' objects recorded first), then deletes what the old version had and the new one does not, keeping
    /// CustomResourceDefinitions and the Namespace as clusterctl upgrade does (they hold the users' objects).
    /// </summary>
    public async Task UpgradeAsync(InstalledComponent current, ComponentManifest manifest, Func<InstalledComponent, Task> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(manifest);
        _logger.LogInformation("Upgrading {Component} from {From} to {To}", manifest.Name, current.Version, manifest.Version);
        await ApplyAsync(manifest, record, cancellationToken, alsoRecord: current.Objects).ConfigureAwait(false);
        var keep = manifest.References.ToHashSet();
        var kept = new List<ObjectReference>(manifest.References);
        foreach (var stale in current.Objects.Where(o => !keep.Contains(o)).Reverse())
        {
            if (stale.Kind is "CustomResourceDefinition" or "Namespace")
            {
                kept.Add(stale);
                continue;
            }

            await DeleteAsync(stale, cancellationToken).ConfigureAwait(false);
        }

        await record(new InstalledComponent(manifest.Name, manifest.Version, kept, Complete: true)).ConfigureAwait(false);
    }

    /// <summary>Deletes the objects of <paramref name="component"/> in reverse apply order (objects already gone are skipped).</summary>
    public async Task UninstallAsync(InstalledComponent component, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(component);
        _logger.LogInformation("Removing {Component} {Version} ({Count} objects)", component.Name, component.Version, component.Objects.Count);
        // The inventory object first (clusterctl delete does too), then the rest backwards: workloads before their
        // RBAC, CRDs and Namespace last.
        var ordered = component.Objects.Where(o => o.Kind == "Provider").Concat(component.Objects.Where(o => o.Kind != "Provider").Reverse());
        foreach (var reference in ordered)
        {
            await DeleteAsync(reference, cancellationToken).ConfigureAwait(false);
        }

        // Namespaces and CRDs go away asynchronously (their contents first): wait, so nothing is left when this returns.
        var lingering = component.Objects.Where(o => o.Kind is "Namespace" or "CustomResourceDefinition").ToList();
        if (lingering.Count > 0)
        {
            await WaitAsync($"{component.Name}'s namespaces and CustomResourceDefinitions to be deleted", async ct =>
            {
                var left = new List<string>();
                foreach (var reference in lingering)
                {
                    var resource = reference.Kind == "Namespace" ? GatewayStore.Namespaces : Crds;
                    if (await client.GetAsync(resource, null, reference.Name, ct).ConfigureAwait(false) is not null)
                    {
                        left.Add(reference.ToString());
                    }
                }

                return left.Count == 0 ? null : "still there: " + string.Join(", ", left.Take(5));
            }, cancellationToken).ConfigureAwait(false);
        }

        client.ForgetDiscovery();
    }

    /// <summary>Polls until every required component is installed and Available, logging progress; returns the last health.</summary>
    public static async Task<GatewayHealth> WaitAvailableAsync(ComponentInspector inspector, TimeSpan timeout, ILogger? logger, CancellationToken cancellationToken, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(inspector);
        var log = logger ?? NullLogger.Instance;
        var started = DateTimeOffset.UtcNow;
        var nextLog = started;
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(500);
        while (true)
        {
            var health = await inspector.InspectAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = DateTimeOffset.UtcNow - started;
            if (health.Healthy || elapsed >= timeout)
            {
                return health;
            }

            if (DateTimeOffset.UtcNow >= nextLog)
            {
                log.LogInformation("Waiting for gateway controllers to become Available ({Elapsed:F0}s of {Timeout:F0}s): {Reason}",
                    elapsed.TotalSeconds, timeout.TotalSeconds, health.Reason);
                nextLog = DateTimeOffset.UtcNow + LogEvery;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyOneAsync(JsonObject obj, string source, CancellationToken cancellationToken)
    {
        try
        {
            await client.ApplyAsync(obj, force: true, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException ex)
        {
            throw new ComponentInstallException($"Applying {ObjectReference.Of(obj)} ({(string?)obj["apiVersion"]}) from {source} failed: {ex.Message}", ex);
        }
    }

    private async Task DeleteAsync(ObjectReference reference, CancellationToken cancellationToken)
    {
        ApiResource resource;
        try
        {
            resource = await client.ResolveAsync(reference.ApiVersion, reference.Kind, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound)
        {
            // The kind is no longer served (its CRD is gone), so neither is the object.
            return;
        }

        await client.DeleteAsync(resource, resource.Namespaced ? reference.Namespace ?? "default" : null, reference.Name, "Background", cancellationToken).ConfigureAwait(false);
    }

    private Task WaitEstablishedAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        WaitAsync($"{names.Count} CustomResourceDefinition{(names.Count == 1 ? string.Empty : "s")} to be Established", async ct =>
        {
            var pending = new List<string>();
            foreach (var name in names)
            {
                var crd = await client.GetAsync(Crds, null, name, ct).ConfigureAwait(false);
                if (crd is null || !Established(crd))
                {
                    pending.Add(name);
                }
            }

            return pending.Count == 0 ? null : $"not Established yet: {string.Join(", ", pending.Take(5))}{(pending.Count > 5 ? $" and {pending.Count - 5} more" : string.Empty)}";
        }, cancellationToken);

    /// <summary>Polls <paramref name="check"/> (null: done; else why not) until done, logging why every 10 s; cancellation ends it.</summary>
    private async Task WaitAsync(string what, Func<CancellationToken, Task<string?>> check, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var nextLog = started + TimeSpan.FromSeconds(2);
        while (true)
        {
            var why = await check(cancellationToken).ConfigureAwait(false);
            if (why is null)
            {
                return;
            }

            if (DateTimeOffset.UtcNow >= nextLog)
            {
                _logger.LogInformation("Waiting for {What} ({Elapsed:F0}s): {Why}", what, (DateTimeOffset.UtcNow - started).TotalSeconds, why);
                nextLog = DateTimeOffset.UtcNow + LogEvery;
            }

            try
            {
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new OperationCanceledException($"Stopped waiting for {what}: {why}", cancellationToken);
            }
        }
    }

    internal static bool Established(JsonObject crd) =>
        (crd["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => (string?)c["type"] == "Established" && (string?)c["status"] == "True") ?? false;

    /// <summary>The name of the first webhook of a webhook configuration without a CA bundle, or null when all have one.</summary>
    internal static string? MissingCaBundle(JsonObject configuration) =>
        (configuration["webhooks"] as JsonArray)?.OfType<JsonObject>()
            .Where(w => string.IsNullOrEmpty((string?)w["clientConfig"]?["caBundle"]))
            .Select(w => (string?)w["name"] ?? "?")
            .FirstOrDefault();
}
