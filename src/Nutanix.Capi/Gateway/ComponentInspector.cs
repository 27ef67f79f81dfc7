using System.Text.Json.Nodes;
using Nutanix.Capi.Management;

namespace Nutanix.Capi.Gateway;

/// <summary>
/// Reads which CAPI providers are installed on the management cluster (clusterctl inventory <c>Provider</c> objects,
/// <c>clusterctl.cluster.x-k8s.io/v1alpha3</c>) and whether their controller Deployments are Available.
/// </summary>
public sealed class ComponentInspector(ManagementClusterClient client)
{
    public static readonly ApiResource Providers = new("clusterctl.cluster.x-k8s.io", "v1alpha3", "providers");
    public static readonly ApiResource Deployments = new("apps", "v1", "deployments");

    public async Task<GatewayHealth> InspectAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<JsonObject> inventory;
        try
        {
            inventory = await client.ListAsync(Providers, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound)
        {
            inventory = [];
        }

        var result = new List<ComponentStatus>();
        foreach (var component in ProviderComponent.Required)
        {
            var entry = inventory.FirstOrDefault(p => (string?)p["type"] == component.ProviderType && (string?)p["providerName"] == component.ProviderName);
            var ns = (string?)entry?["metadata"]?["namespace"] ?? component.DefaultNamespace;
            var version = (string?)entry?["version"];
            var deployment = await FindDeploymentAsync(component, ns, cancellationToken).ConfigureAwait(false);
            if (entry is null && deployment is null)
            {
                result.Add(new ComponentStatus(component, false, null, ns, false,
                    $"{component.Name} is not installed (no clusterctl Provider of type {component.ProviderType} and no Deployment {component.Deployment} in {ns})"));
                continue;
            }

            if (deployment is null)
            {
                result.Add(new ComponentStatus(component, true, version, ns, false, $"{component.Name}: Deployment {component.Deployment} is missing in namespace {ns}"));
                continue;
            }

            var (available, why) = DeploymentAvailability(deployment);
            version ??= ImageTag(deployment);
            result.Add(new ComponentStatus(component, true, version, ns, available,
                available ? null : $"{component.Name}: Deployment {ns}/{(string?)deployment["metadata"]?["name"]} is not Available ({why})"));
        }

        return new GatewayHealth(result);
    }

    private async Task<JsonObject?> FindDeploymentAsync(ProviderComponent component, string ns, CancellationToken cancellationToken)
    {
        var byName = await client.GetAsync(Deployments, ns, component.Deployment, cancellationToken).ConfigureAwait(false);
        if (byName is not null)
        {
            return byName;
        }

        var labelled = await client.ListAsync(Deployments, ns, $"cluster.x-k8s.io/provider={component.Name}", cancellationToken).ConfigureAwait(false);
        return labelled.FirstOrDefault();
    }

    /// <summary>
    /// Whether the controller runs: the Available condition is True and at least one replica is available.
    /// Kubernetes reports Available=True for a Deployment scaled to 0 replicas (0 of 0 is "minimum availability"),
    /// and also while a rollout allowed by maxUnavailable leaves no replica available; either way no controller
    /// runs, so neither counts as available.
    /// </summary>
    internal static (bool Available, string Why) DeploymentAvailability(JsonObject deployment)
    {
        var desired = Count(deployment["spec"]?["replicas"]) ?? 1;
        if (desired == 0)
        {
            return (false, "scaled to 0 replicas");
        }

        var conditions = deployment["status"]?["conditions"] as JsonArray ?? [];
        var available = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Available");
        if (available is null)
        {
            return (false, "no Available condition yet");
        }

        if ((string?)available["status"] != "True")
        {
            return (false, $"{(string?)available["reason"] ?? "Unavailable"}: {(string?)available["message"]}".TrimEnd(' ', ':'));
        }

        // status.availableReplicas is omitted when it is 0.
        return (Count(deployment["status"]?["availableReplicas"]) ?? 0) > 0
            ? (true, string.Empty)
            : (false, $"0 of {desired} replicas available");
    }

    private static long? Count(JsonNode? node) => JsonNumbers.TryGetLong(node, out var n) ? n : null;

    private static string? ImageTag(JsonObject deployment)
    {
        var image = (string?)(deployment["spec"]?["template"]?["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?["image"];
        var colon = image?.LastIndexOf(':') ?? -1;
        return colon > 0 && image![(colon + 1)..].StartsWith('v') ? image[(colon + 1)..] : null;
    }
}
