using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nutanix.Capi.Management;
using Nutanix.Capi.Yaml;

namespace Nutanix.Capi.Gateway;

/// <summary>
/// Installs provider components from a local directory in clusterctl's local-repository layout
/// (<c>&lt;dir&gt;/&lt;provider&gt;/&lt;version&gt;/&lt;components file&gt;</c>) by server-side apply, as clusterctl init would
/// for an air-gapped site: variables are substituted (<c>${VAR:=default}</c>, <c>${VAR:-default}</c>, or the process
/// environment), CRDs and Namespaces go first, and a clusterctl inventory <c>Provider</c> object is recorded when the
/// components do not carry one. Never downloads anything.
/// </summary>
public sealed partial class ComponentInstaller(ManagementClusterClient client, ILogger? logger = null, Func<string, string?>? getEnvironment = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Func<string, string?> _getEnvironment = getEnvironment ?? Environment.GetEnvironmentVariable;

    /// <summary>The components file and version for <paramref name="component"/> (highest version when several).</summary>
    public static (string Version, string File) Locate(string directory, ProviderComponent component)
    {
        if (!Directory.Exists(directory))
        {
            throw new ComponentInstallException($"The install directory {directory} does not exist. Set install.directory to a local directory in clusterctl's repository layout (<dir>/<provider>/<version>/<components file>).");
        }

        var providerDir = Path.Combine(directory, component.Name);
        var candidates = Directory.Exists(providerDir)
            ? Directory.GetDirectories(providerDir)
                .Where(d => File.Exists(Path.Combine(d, component.ComponentsFile)))
                .Select(d => Path.GetFileName(d))
                .OrderByDescending(v => v, Comparer<string>.Create(CompareVersions))
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new ComponentInstallException(
                $"No {component.Name} components in {directory}: expected {Path.Combine(directory, component.Name, "<version>", component.ComponentsFile)} " +
                $"(e.g. {component.Name}/{(component == ProviderComponent.Nutanix ? "v1.10.3" : "v1.13.1")}/{component.ComponentsFile}). Copy the release's components file there.");
        }

        return (candidates[0], Path.Combine(providerDir, candidates[0], component.ComponentsFile));
    }

    /// <summary>The objects of a components file after variable substitution, CRDs and Namespaces first.</summary>
    public IReadOnlyList<JsonObject> ReadComponents(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException ex)
        {
            throw new ComponentInstallException($"Cannot read {file}: {ex.Message}", ex);
        }

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var substituted = Variable().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            if (_getEnvironment(name) is { } value)
            {
                return value;
            }

            if (m.Groups["default"].Success)
            {
                return m.Groups["default"].Value;
            }

            missing.Add(name);
            return string.Empty;
        });
        if (missing.Count > 0)
        {
            _logger.LogWarning("{File}: variables without value or default were left empty: {Variables}", file, string.Join(", ", missing));
        }

        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlJson.ReadDocuments(substituted);
        }
        catch (FormatException ex)
        {
            throw new ComponentInstallException($"{file} is not valid YAML: {ex.Message}", ex);
        }

        return [.. documents.OfType<JsonObject>().Where(d => d["kind"] is not null).OrderBy(Rank)];
    }

    /// <summary>Applies <paramref name="component"/> from <paramref name="directory"/>; returns the version installed.</summary>
    public async Task<string> InstallAsync(string directory, ProviderComponent component, CancellationToken cancellationToken)
    {
        var (version, file) = Locate(directory, component);
        var objects = ReadComponents(file);
        _logger.LogInformation("Installing {Component} {Version} from {File} ({Count} objects)", component.Name, version, file, objects.Count);
        string? deploymentNamespace = null;
        var hasInventory = false;
        foreach (var obj in objects)
        {
            var kind = (string?)obj["kind"];
            if (kind == "Deployment")
            {
                deploymentNamespace ??= (string?)obj["metadata"]?["namespace"];
            }

            if (kind == "Provider" && ((string?)obj["apiVersion"] ?? string.Empty).StartsWith("clusterctl.cluster.x-k8s.io/", StringComparison.Ordinal))
            {
                hasInventory = true;
            }

            try
            {
                await client.ApplyAsync(obj, force: true, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException ex)
            {
                throw new ComponentInstallException($"Applying {kind} {(string?)obj["metadata"]?["namespace"]}/{(string?)obj["metadata"]?["name"]} from {file} failed: {ex.Message}", ex);
            }
        }

        if (!hasInventory)
        {
            await client.ApplyAsync(new JsonObject
            {
                ["apiVersion"] = "clusterctl.cluster.x-k8s.io/v1alpha3",
                ["kind"] = "Provider",
                ["metadata"] = new JsonObject
                {
                    ["name"] = component.Name,
                    ["namespace"] = deploymentNamespace ?? component.DefaultNamespace,
                    ["labels"] = new JsonObject { ["cluster.x-k8s.io/provider"] = component.Name, ["clusterctl.cluster.x-k8s.io"] = string.Empty },
                },
                ["providerName"] = component.ProviderName,
                ["type"] = component.ProviderType,
                ["version"] = version,
            }, force: true, cancellationToken).ConfigureAwait(false);
        }

        return version;
    }

    /// <summary>Deletes what <see cref="InstallAsync"/> applied for <paramref name="component"/> (reverse order), plus its inventory object.</summary>
    public async Task UninstallAsync(string directory, ProviderComponent component, CancellationToken cancellationToken)
    {
        var (version, file) = Locate(directory, component);
        var objects = ReadComponents(file);
        _logger.LogInformation("Removing {Component} {Version} ({Count} objects from {File})", component.Name, version, objects.Count, file);
        var ns = objects.Where(o => (string?)o["kind"] == "Deployment").Select(o => (string?)o["metadata"]?["namespace"]).FirstOrDefault() ?? component.DefaultNamespace;
        await client.DeleteAsync(ComponentInspector.Providers, ns, component.Name, "Background", cancellationToken).ConfigureAwait(false);
        foreach (var obj in objects.Reverse())
        {
            var apiVersion = (string?)obj["apiVersion"] ?? string.Empty;
            var kind = (string?)obj["kind"] ?? string.Empty;
            var name = (string?)obj["metadata"]?["name"];
            if (name is null)
            {
                continue;
            }

            ApiResource resource;
            try
            {
                resource = await client.ResolveAsync(apiVersion, kind, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException ex) when (ex.IsNotFound)
            {
                continue;
            }

            var objNs = resource.Namespaced ? (string?)obj["metadata"]?["namespace"] ?? "default" : null;
            await client.DeleteAsync(resource, objNs, name, "Background", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls until every required component is installed and Available, logging progress; returns the last health.</summary>
    public static async Task<GatewayHealth> WaitAvailableAsync(ComponentInspector inspector, TimeSpan timeout, ILogger? logger, CancellationToken cancellationToken, TimeSpan? pollInterval = null)
    {
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
                nextLog = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int Rank(JsonObject obj) => (string?)obj["kind"] switch
    {
        "CustomResourceDefinition" => 0,
        "Namespace" => 1,
        "ServiceAccount" or "ConfigMap" or "Secret" => 2,
        "ClusterRole" or "Role" => 3,
        "ClusterRoleBinding" or "RoleBinding" => 4,
        "Deployment" => 6,
        _ => 5,
    };

    /// <summary>Compares <c>v1.2.3</c>-style versions numerically, falling back to ordinal.</summary>
    internal static int CompareVersions(string a, string b)
    {
        static int[]? Parts(string v)
        {
            var core = v.TrimStart('v').Split('-', '+')[0].Split('.');
            var result = new int[core.Length];
            for (var i = 0; i < core.Length; i++)
            {
                if (!int.TryParse(core[i], NumberStyles.None, CultureInfo.InvariantCulture, out result[i]))
                {
                    return null;
                }
            }

            return result;
        }

        var (pa, pb) = (Parts(a), Parts(b));
        if (pa is null || pb is null)
        {
            return string.CompareOrdinal(a, b);
        }

        for (var i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            var c = (i < pa.Length ? pa[i] : 0).CompareTo(i < pb.Length ? pb[i] : 0);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::[=-](?<default>[^}]*))?\}")]
    private static partial Regex Variable();
}
