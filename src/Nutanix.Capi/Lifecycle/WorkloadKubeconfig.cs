using System.Text;
using k8s;
using k8s.KubeConfigModels;
using Nutanix.Capi.Management;
using Nutanix.Capi.Model;

namespace Nutanix.Capi.Lifecycle;

/// <summary>
/// A workload cluster's admin kubeconfig, as CAPI stores it in Secret <c>&lt;cluster&gt;-kubeconfig</c> (key
/// <c>value</c>), with the parts of its current context that other tools take one by one: the API server URL, the
/// cluster CA and the client certificate and key (PEM). Every part is a secret or derived from one; never log it.
/// </summary>
public sealed record WorkloadKubeconfig(string Text, string? Server, string? ClusterCaCertificate, string? ClientCertificate, string? ClientKey)
{
    /// <summary>
    /// Splits <paramref name="text"/> into its parts (those of the current context, else of the only cluster and user).
    /// Throws <see cref="FormatException"/> when the text is not a kubeconfig.
    /// </summary>
    public static WorkloadKubeconfig Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        K8SConfiguration config;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            config = KubernetesClientConfiguration.LoadKubeConfig(stream);
        }
#pragma warning disable CA1031 // whatever the YAML reader throws means the same thing: not a kubeconfig
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            // The message of a YAML error may quote the text, and the text holds the private key: keep only the type.
            throw new FormatException($"the kubeconfig is not valid YAML ({ex.GetType().Name})");
        }

        var context = config.Contexts?.FirstOrDefault(c => c.Name == config.CurrentContext)?.ContextDetails;
        var cluster = (context is null ? null : config.Clusters?.FirstOrDefault(c => c.Name == context.Cluster))
            ?? (config.Clusters?.Count() == 1 ? config.Clusters.First() : null);
        var user = (context is null ? null : config.Users?.FirstOrDefault(u => u.Name == context.User))
            ?? (config.Users?.Count() == 1 ? config.Users.First() : null);
        return new WorkloadKubeconfig(
            text,
            cluster?.ClusterEndpoint?.Server,
            DecodePem(cluster?.ClusterEndpoint?.CertificateAuthorityData, "certificate-authority-data"),
            DecodePem(user?.UserCredentials?.ClientCertificateData, "client-certificate-data"),
            DecodePem(user?.UserCredentials?.ClientKeyData, "client-key-data"));
    }

    /// <summary>
    /// Reads the kubeconfig of cluster <paramref name="name"/> in <paramref name="ns"/>: what was found (the Cluster,
    /// and its kubeconfig once CAPI wrote it). Only reads.
    /// </summary>
    public static async Task<WorkloadKubeconfigLookup> ReadAsync(ManagementClusterClient client, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var clusterTask = client.GetAsync(CapiResources.Cluster, ns, name, cancellationToken);
        var secretTask = client.GetAsync(CapiResources.Secret, ns, ClusterNaming.KubeconfigSecret(name), cancellationToken);
        await Task.WhenAll(clusterTask, secretTask).ConfigureAwait(false);
        var cluster = await clusterTask.ConfigureAwait(false);
        if (cluster is null) return new WorkloadKubeconfigLookup(false, null, null);
        var phase = Json.Text(cluster["status"]?["phase"]) ?? "Pending";
        var secret = await secretTask.ConfigureAwait(false);
        if (Json.Text(secret?["data"]?["value"]) is not { Length: > 0 } b64) return new WorkloadKubeconfigLookup(true, phase, null);
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException)
        {
            throw new FormatException($"Secret {ns}/{ClusterNaming.KubeconfigSecret(name)} has a \"value\" that is not base64");
        }

        return new WorkloadKubeconfigLookup(true, phase, Parse(text));
    }

    private static string? DecodePem(string? base64, string field)
    {
        if (string.IsNullOrEmpty(base64)) return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new FormatException($"the kubeconfig's {field} is not base64");
        }
    }
}

/// <summary>
/// What <see cref="WorkloadKubeconfig.ReadAsync"/> found: whether the Cluster exists, its CAPI phase, and its
/// kubeconfig (null until CAPI wrote the Secret, once the control plane is initialized).
/// </summary>
public sealed record WorkloadKubeconfigLookup(bool ClusterExists, string? Phase, WorkloadKubeconfig? Kubeconfig);
