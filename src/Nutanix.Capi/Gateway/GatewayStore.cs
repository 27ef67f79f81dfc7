using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Gateway;

/// <summary>
/// Reads and writes the provider's records of gateways (ConfigMap <see cref="GatewayConfigMapName"/> in the gateway
/// namespace) and cloud accounts (Secret named after the account in the gateway namespace, CAPX's
/// <c>credentials</c> key plus annotations) on the management cluster. Ids are <c>&lt;namespace&gt;/&lt;name&gt;</c>.
/// </summary>
public sealed class GatewayStore
{
    public const string Prefix = "nutanix.terraform.io/";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "terraform-provider-nutanix";
    public const string KindLabel = Prefix + "kind";
    public const string GatewayLabel = Prefix + "gateway";
    public const string GatewayConfigMapName = "nutanix-pcg";
    public const string CredentialsKey = "credentials";
    public const string TrustBundleKey = "additionalTrustBundle";
    public const string EndpointAnnotation = Prefix + "endpoint";
    public const string PortAnnotation = Prefix + "port";
    public const string InsecureAnnotation = Prefix + "insecure";
    public const string UsernameAnnotation = Prefix + "username";
    public const string AuthTypeAnnotation = Prefix + "auth-type";
    public const string GatewayIdAnnotation = Prefix + "pcg-id";
    public const string CredentialsVersionAnnotation = Prefix + "credentials-version";
    public const string CreatedByAnnotation = Prefix + "created-by";

    /// <summary>Gateway record key prefix of the objects a component applies (<c>objects.cluster-api</c>).</summary>
    public const string ObjectsKeyPrefix = "objects.";

    public static readonly ApiResource ConfigMaps = new(string.Empty, "v1", "configmaps");
    public static readonly ApiResource Secrets = new(string.Empty, "v1", "secrets");
    public static readonly ApiResource Namespaces = new(string.Empty, "v1", "namespaces", Namespaced: false);

    private readonly ManagementClusterClient _client;

    public GatewayStore(ManagementClusterClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    public ManagementClusterClient Client => _client;

    /// <summary>Splits <c>&lt;namespace&gt;/&lt;name&gt;</c>; false when the id is not of that form.</summary>
    public static bool TryParseId(string? id, out string ns, out string name)
    {
        ns = name = string.Empty;
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        var parts = id.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        (ns, name) = (parts[0], parts[1]);
        return true;
    }

    public static string MakeId(string ns, string name) => $"{ns}/{name}";

    // ---- gateways ----

    /// <summary>The gateway recorded under <paramref name="id"/>, or null when there is none (or the id is malformed).</summary>
    public async Task<GatewayRecord?> GetGatewayAsync(string id, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var ns, out var name))
        {
            return null;
        }

        var cm = await _client.GetAsync(ConfigMaps, ns, GatewayConfigMapName, cancellationToken).ConfigureAwait(false);
        if (cm is null || (string?)cm["data"]?["name"] != name)
        {
            return null;
        }

        var data = cm["data"] as JsonObject ?? [];
        var installed = new List<InstalledComponent>();
        foreach (var entry in ((string?)data["installedComponents"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // name@version, "+" when the install completed; objects under "objects.<name>", one reference a line.
            var complete = entry.EndsWith('+');
            var at = entry.TrimEnd('+').IndexOf('@', StringComparison.Ordinal);
            var componentName = at < 0 ? entry.TrimEnd('+') : entry[..at];
            var version = at < 0 ? string.Empty : entry.TrimEnd('+')[(at + 1)..];
            var objects = ((string?)data[ObjectsKeyPrefix + componentName] ?? string.Empty)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(ObjectReference.Parse).OfType<ObjectReference>().ToList();
            installed.Add(new InstalledComponent(componentName, version, objects, complete));
        }

        return new GatewayRecord(id, ns, name, (string?)data["createdNamespace"] == "true", installed, NullIfEmpty((string?)data["installDirectory"]))
        {
            Uid = (string?)cm["metadata"]?["uid"],
        };
    }

    /// <summary>Ids of all gateways recorded on the management cluster.</summary>
    public async Task<IReadOnlyList<string>> ListGatewayIdsAsync(CancellationToken cancellationToken)
    {
        var items = await _client.ListAsync(ConfigMaps, null, $"{KindLabel}=gateway", cancellationToken).ConfigureAwait(false);
        return items
            .Where(i => (string?)i["metadata"]?["name"] == GatewayConfigMapName)
            .Select(i => MakeId((string?)i["metadata"]?["namespace"] ?? string.Empty, (string?)i["data"]?["name"] ?? string.Empty))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Writes (server-side applies) the gateway record.</summary>
    public async Task SaveGatewayAsync(GatewayRecord gateway, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var data = new JsonObject
        {
            ["name"] = gateway.Name,
            ["createdNamespace"] = gateway.CreatedNamespace ? "true" : "false",
            ["installedComponents"] = string.Join(",", gateway.Installed.Select(c => $"{c.Name}@{c.Version}{(c.Complete ? "+" : string.Empty)}")),
        };
        foreach (var component in gateway.Installed)
        {
            data[ObjectsKeyPrefix + component.Name] = string.Concat(component.Objects.Select(o => o.Format() + "\n"));
        }

        if (gateway.InstallDirectory is not null)
        {
            data["installDirectory"] = gateway.InstallDirectory;
        }

        var cm = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = GatewayConfigMapName,
                ["namespace"] = gateway.Namespace,
                ["labels"] = new JsonObject { [ManagedByLabel] = ManagedByValue, [KindLabel] = "gateway", [GatewayLabel] = gateway.Name },
            },
            ["data"] = data,
        };
        await _client.ApplyAsync(cm, force: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the gateway record; false when it was already gone. With <paramref name="uid"/>, only the record of
    /// that UID (a DeleteOptions precondition: a same-named record created by someone else since is left alone).
    /// </summary>
    public Task<bool> DeleteGatewayRecordAsync(GatewayRecord gateway, CancellationToken cancellationToken, string? uid = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        return uid is null
            ? _client.DeleteAsync(ConfigMaps, gateway.Namespace, GatewayConfigMapName, "Background", cancellationToken)
            : _client.DeleteAsync(ConfigMaps, gateway.Namespace, GatewayConfigMapName, "Background", uid, cancellationToken);
    }

    /// <summary>The raw record ConfigMap of the namespace's gateway, or null when there is none.</summary>
    public Task<JsonObject?> GetGatewayObjectAsync(string ns, CancellationToken cancellationToken) =>
        _client.GetAsync(ConfigMaps, ns, GatewayConfigMapName, cancellationToken);

    /// <summary>
    /// Ensures the namespace exists; returns true when this call created it (it is then annotated with
    /// <see cref="CreatedByAnnotation"/> = <paramref name="createdBy"/>).
    /// </summary>
    public async Task<bool> EnsureNamespaceAsync(string ns, string createdBy, CancellationToken cancellationToken)
    {
        if (await _client.GetAsync(Namespaces, null, ns, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        await _client.ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject
            {
                ["name"] = ns,
                ["labels"] = new JsonObject { [ManagedByLabel] = ManagedByValue },
                ["annotations"] = new JsonObject { [CreatedByAnnotation] = createdBy },
            },
        }, force: true, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether the namespace exists.</summary>
    public async Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken) =>
        await _client.GetAsync(Namespaces, null, ns, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// CAPI <c>Cluster</c> objects in <paramref name="ns"/> (all namespaces when null) as <c>namespace/name</c>
    /// (none when CAPI is not installed).
    /// </summary>
    public async Task<IReadOnlyList<string>> ListWorkloadClustersAsync(string? ns, CancellationToken cancellationToken)
    {
        ApiResource clusters;
        try
        {
            clusters = await _client.ResolveAsync("cluster.x-k8s.io/v1beta2", "Cluster", cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound)
        {
            try
            {
                clusters = await _client.ResolveAsync("cluster.x-k8s.io/v1beta1", "Cluster", cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException inner) when (inner.IsNotFound)
            {
                return [];
            }
        }

        var items = await _client.ListAsync(clusters, ns, null, cancellationToken).ConfigureAwait(false);
        return items.Select(i => MakeId((string?)i["metadata"]?["namespace"] ?? string.Empty, (string?)i["metadata"]?["name"] ?? string.Empty))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Names of cloud-account Secrets recorded in <paramref name="ns"/>.</summary>
    public async Task<IReadOnlyList<string>> ListCloudAccountsAsync(string ns, CancellationToken cancellationToken)
    {
        var items = await _client.ListAsync(Secrets, ns, $"{KindLabel}=cloud-account", cancellationToken).ConfigureAwait(false);
        return items.Select(i => (string?)i["metadata"]?["name"] ?? string.Empty).Where(n => n.Length > 0).Order(StringComparer.Ordinal).ToList();
    }

    // ---- cloud accounts ----

    /// <summary>The account recorded under <paramref name="id"/>, or null when its Secret is gone (or the id is malformed).</summary>
    public async Task<CloudAccountRecord?> GetCloudAccountAsync(string id, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var ns, out var name))
        {
            return null;
        }

        var secret = await _client.GetAsync(Secrets, ns, name, cancellationToken).ConfigureAwait(false);
        if (secret is null || (string?)secret["metadata"]?["labels"]?[KindLabel] != "cloud-account")
        {
            return null;
        }

        var annotations = secret["metadata"]?["annotations"] as JsonObject ?? [];
        var data = secret["data"] as JsonObject ?? [];
        var credentials = Decode((string?)data[CredentialsKey]) ?? string.Empty;
        CredentialsFormat.TryRead(credentials, out var username, out _, out var apiKey);
        var port = int.TryParse((string?)annotations[PortAnnotation], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 9440;
        return new CloudAccountRecord(
            id, ns, name,
            (string?)annotations[EndpointAnnotation] ?? string.Empty,
            port,
            string.Equals((string?)annotations[InsecureAnnotation], "true", StringComparison.OrdinalIgnoreCase),
            NullIfEmpty(Decode((string?)data[TrustBundleKey])),
            credentials,
            username ?? NullIfEmpty((string?)annotations[UsernameAnnotation]),
            apiKey is not null || (string?)annotations[AuthTypeAnnotation] == "api_key")
        {
            GatewayId = NullIfEmpty((string?)annotations[GatewayIdAnnotation]),
            CredentialsVersion = long.TryParse((string?)annotations[CredentialsVersionAnnotation], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null,
        };
    }

    /// <summary>Writes (server-side applies) the account Secret in CAPX's format plus the provider's annotations.</summary>
    public async Task SaveCloudAccountAsync(CloudAccountRecord account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var annotations = new JsonObject
        {
            [EndpointAnnotation] = account.Endpoint,
            [PortAnnotation] = account.Port.ToString(CultureInfo.InvariantCulture),
            [InsecureAnnotation] = account.Insecure ? "true" : "false",
            [AuthTypeAnnotation] = account.UsesApiKey ? "api_key" : "basic_auth",
        };
        if (account.Username is not null)
        {
            annotations[UsernameAnnotation] = account.Username;
        }

        if (account.GatewayId is not null)
        {
            annotations[GatewayIdAnnotation] = account.GatewayId;
        }

        if (account.CredentialsVersion is { } version)
        {
            annotations[CredentialsVersionAnnotation] = version.ToString(CultureInfo.InvariantCulture);
        }

        var data = new JsonObject { [CredentialsKey] = Encode(account.CredentialsJson) };
        if (!string.IsNullOrEmpty(account.AdditionalTrustBundle))
        {
            data[TrustBundleKey] = Encode(account.AdditionalTrustBundle);
        }

        var labels = new JsonObject { [ManagedByLabel] = ManagedByValue, [KindLabel] = "cloud-account" };
        if (account.GatewayId is not null && TryParseId(account.GatewayId, out _, out var gatewayName))
        {
            labels[GatewayLabel] = gatewayName;
        }

        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["type"] = "Opaque",
            ["metadata"] = new JsonObject
            {
                ["name"] = account.Name,
                ["namespace"] = account.Namespace,
                ["labels"] = labels,
                ["annotations"] = annotations,
            },
            ["data"] = data,
        };
        await _client.ApplyAsync(secret, force: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the account Secret; false when it was already gone.</summary>
    public async Task<bool> DeleteCloudAccountAsync(string id, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var ns, out var name))
        {
            return false;
        }

        return await _client.DeleteAsync(Secrets, ns, name, "Background", cancellationToken).ConfigureAwait(false);
    }

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string? Decode(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
