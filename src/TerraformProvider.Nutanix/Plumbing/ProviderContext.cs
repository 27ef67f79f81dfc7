using System.Collections.Concurrent;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutanix.Capi.Gateway;
using Nutanix.Capi.Management;
using Nutanix.Prism;
using Terraform.Plugin.Diagnostics;

namespace TerraformProvider.Nutanix.Plumbing;

/// <summary>
/// What resources and data sources receive from the configured provider (as <c>ResourceData</c>/<c>DataSourceData</c>):
/// the settings, loggers, one shared <see cref="ManagementClusterClient"/> (created on first use) and factories for
/// Prism Central clients.
/// </summary>
internal sealed class ProviderContext : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Func<string, string?> _getEnvironment;
    private ManagementClusterClient? _client;
    private readonly ConcurrentDictionary<string, bool> _changingCloudAccounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<CloudAccountRecord?>> _plannedAccounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PrismCheckKey, Task<IReadOnlyList<Diagnostic>>> _prismChecks = new();
    private readonly ConcurrentDictionary<int, Task<string?>> _capxVersion = new();

    public ProviderContext(ProviderSettings settings, ILoggerFactory? loggerFactory = null, Func<string, string?>? getEnvironment = null)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _getEnvironment = getEnvironment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>For tests: a context over an existing management-cluster client.</summary>
    internal ProviderContext(ProviderSettings settings, ManagementClusterClient client)
        : this(settings)
    {
        _client = client;
    }

    public ProviderSettings Settings { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>False when the provider block had unknown connection values (plan before its inputs exist).</summary>
    public bool IsKnown => Settings.IsKnown;

    public ILogger CreateLogger(string category) => LoggerFactory.CreateLogger(category);

    /// <summary>Recovers the context from provider data; adds an error and returns null when the provider is not configured.</summary>
    public static ProviderContext? From(object? providerData, DiagnosticBag diagnostics)
    {
        if (providerData is ProviderContext context)
        {
            return context;
        }

        diagnostics.AddError("Provider not configured", "The nutanix provider was not configured before this operation; check the provider block.");
        return null;
    }

    /// <summary>
    /// The shared management-cluster client (created on first call). Throws <see cref="ProviderConfigurationException"/>
    /// naming the attribute to fix when the kubeconfig cannot be found or parsed.
    /// </summary>
    public ManagementClusterClient GetManagementClient()
    {
        lock (_gate)
        {
            return _client ??= CreateManagementClient();
        }
    }

    private ManagementReadCache? _readCache;

    /// <summary>
    /// The reads a refresh makes, served from one list per kind and namespace (see <see cref="ManagementReadCache"/>):
    /// Terraform refreshes every resource of a plan in the same provider process.
    /// </summary>
    public ManagementReadCache GetReadCache()
    {
        var client = GetManagementClient();
        lock (_gate)
        {
            if (_readCache is null)
            {
                var cache = new ManagementReadCache(client, logger: CreateLogger("Nutanix.Capi.Management.Reads"));
                // Anything this process writes makes the snapshot stale.
                client.Writing += cache.Invalidate;
                _readCache = cache;
            }

            return _readCache;
        }
    }

    /// <summary>
    /// Records that this provider instance planned a change to how cloud account <paramref name="id"/> reaches Prism
    /// Central (credentials rotated, endpoint moved …). Terraform plans a resource before the resources that reference
    /// it, so a <c>nutanix_cluster</c> planned later in the same run knows that the stored credentials are about to be
    /// replaced.
    /// </summary>
    public void NoteCloudAccountChanging(string id) => _changingCloudAccounts[id] = true;

    /// <summary>True when this run planned a connection or credentials change of cloud account <paramref name="id"/>.</summary>
    public bool IsCloudAccountChanging(string id) => _changingCloudAccounts.ContainsKey(id);

    /// <summary>The management cluster for messages: its API URL (when connected) and where the kubeconfig came from.</summary>
    public string DescribeManagementCluster()
    {
        ManagementClusterClient? client;
        lock (_gate) client = _client;
        var source = Settings.Resolve(_getEnvironment);
        var kubeconfig = source.Inline ? "kubeconfig from the provider's kubeconfig attribute" : $"kubeconfig {source.Path}, set by {source.Origin}";
        return client is null ? $"({kubeconfig})" : $"at {client.BaseUri} ({kubeconfig})";
    }

    /// <summary>
    /// Cloud account <paramref name="id"/> as planning sees it: read once per provider process (Terraform plans every
    /// cluster in one process, and they mostly share one account) instead of once per planned resource. Forgotten
    /// when this process writes accounts or gateways (<see cref="ForgetCloudAccounts"/>) and after a failed read.
    /// </summary>
    public Task<CloudAccountRecord?> GetCloudAccountForPlanAsync(string id, CancellationToken cancellationToken) =>
        // Shared, so not bound to one caller's token; each request is bounded by request_timeout.
        OnceAsync(_plannedAccounts, id, async key => Secrets.Track(await GetGatewayStore().GetCloudAccountAsync(key, CancellationToken.None).ConfigureAwait(false)), cancellationToken);

    /// <summary>
    /// The plan-time Prism Central checks of <paramref name="config"/>'s references (Prism Element cluster, subnets,
    /// image), run once per provider process for each combination of account and references: planning 100 clusters
    /// that name the same cluster, subnet and image asks Prism Central (and opens a TLS connection to it) once, not 100
    /// times. Their diagnostics are added to <paramref name="diagnostics"/>; a failed check (PrismException) is not kept.
    /// </summary>
    public async Task CheckPrismReferencesAsync(CloudAccountRecord account, Cluster.ClusterConfig config, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var key = new PrismCheckKey(account, config.PrismElementCluster, string.Join('\n', config.Subnets), config.Image);
        diagnostics.AddRange(await OnceAsync(_prismChecks, key, _ => RunPrismChecksAsync(account, config), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The result of the one <paramref name="start"/> shared by every caller asking for <paramref name="key"/>; each
    /// caller stops waiting on its own <paramref name="cancellationToken"/>. A failed or cancelled run is forgotten, so
    /// the next caller starts it again.
    /// </summary>
    private static async Task<T> OnceAsync<TKey, T>(ConcurrentDictionary<TKey, Task<T>> runs, TKey key, Func<TKey, Task<T>> start, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var run = runs.GetOrAdd(key, start);
        try
        {
            return await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (run.IsFaulted || run.IsCanceled)
        {
            runs.TryRemove(KeyValuePair.Create(key, run));
            throw;
        }
    }

    private async Task<IReadOnlyList<Diagnostic>> RunPrismChecksAsync(CloudAccountRecord account, Cluster.ClusterConfig config)
    {
        var capx = await OnceAsync(_capxVersion, 0, _ => CapxVersionAsync(), CancellationToken.None).ConfigureAwait(false);
        using var prism = CreatePrismClient(account);
        var found = new DiagnosticBag();
        await Cluster.PrismPlanChecks.CheckAsync(prism, config, capx, found, CancellationToken.None).ConfigureAwait(false);
        return [.. found];
    }

    /// <summary>
    /// The version of CAPX on the management cluster (its clusterctl inventory entry, else its controller image tag),
    /// which sets the minimum Prism Central and Prism Element versions; null when it cannot be told (not installed:
    /// the gateway reports that).
    /// </summary>
    private async Task<string?> CapxVersionAsync()
    {
        var health = await new ComponentInspector(GetManagementClient()).InspectAsync(CancellationToken.None).ConfigureAwait(false);
        return health.VersionOf(ProviderComponent.Nutanix);
    }

    /// <summary>Drops what <see cref="GetCloudAccountForPlanAsync"/> and <see cref="CheckPrismReferencesAsync"/> remember: an account or gateway was written.</summary>
    public void ForgetCloudAccounts()
    {
        _plannedAccounts.Clear();
        _prismChecks.Clear();
        _capxVersion.Clear();
    }

    private sealed record PrismCheckKey(CloudAccountRecord Account, string PrismElementCluster, string Subnets, string? Image);

    /// <summary>A store for gateway and cloud-account records over <see cref="GetManagementClient"/>.</summary>
    public GatewayStore GetGatewayStore() => new(GetManagementClient());

    /// <summary>A Prism Central client for <paramref name="account"/> (dispose it after use).</summary>
    public PrismCentralClient CreatePrismClient(CloudAccountRecord account) =>
        PrismClients.ForAccount(account, CreateLogger("Nutanix.Prism"), Settings.PrismRequestTimeout);

    private ManagementClusterClient CreateManagementClient()
    {
        if (!Settings.IsKnown)
        {
            throw new ProviderConfigurationException(
                "Management cluster not known yet",
                "The provider's kubeconfig settings depend on values that are only known after apply; run apply in two steps (-target the resource producing the kubeconfig first).");
        }

        var source = Settings.Resolve(_getEnvironment);
        ManagementKubeconfig loaded;
        var logger = CreateLogger("Nutanix.Capi.Management");
        try
        {
            if (source.Inline)
            {
                // An exec credential plugin in it runs per request needing a credential, bounded by request_timeout.
                loaded = ManagementKubeconfig.FromContent(Settings.Kubeconfig!, Settings.KubeconfigContext, Settings.RequestTimeout, logger);
            }
            else
            {
                if (!File.Exists(source.Path))
                {
                    throw new ProviderConfigurationException(
                        "Management cluster kubeconfig not found",
                        $"No kubeconfig file at {source.Path} (from {source.Origin}). Set the provider's kubeconfig_path or kubeconfig attribute, " +
                        $"or the {ProviderSettings.MgmtKubeconfigVariable} / KUBECONFIG environment variable, to the kubeconfig of the management cluster.");
                }

                loaded = ManagementKubeconfig.FromFile(source.Path!, Settings.KubeconfigContext, Settings.RequestTimeout, logger);
            }
        }
        catch (KubeConfigException ex)
        {
            throw new ProviderConfigurationException("Invalid management cluster kubeconfig", Describe(source, ex.Message));
        }
        catch (Exception ex) when (ex is not ProviderConfigurationException and not OperationCanceledException)
        {
            throw new ProviderConfigurationException("Invalid management cluster kubeconfig", Describe(source, ex.GetType().Name + ": " + ex.Message));
        }

        loaded.Configuration.HttpClientTimeout = Settings.RequestTimeout;
        return ManagementClusterClient.FromConfiguration(loaded.Configuration, logger, exec: loaded.Exec);
    }

    private string Describe(KubeconfigSource source, string reason)
    {
        var where = source.Inline ? "the provider's kubeconfig attribute" : $"{source.Path} (from {source.Origin})";
        var context = Settings.KubeconfigContext is null ? string.Empty : $" with kubeconfig_context \"{Settings.KubeconfigContext}\"";
        return $"Could not load {where}{context}: {reason}. Fix the kubeconfig, or point kubeconfig_path / kubeconfig at a valid one.";
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _client?.Dispose();
            _client = null;
        }
    }
}
