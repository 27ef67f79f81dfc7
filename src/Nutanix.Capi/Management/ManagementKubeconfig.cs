using System.Text;
using k8s;
using k8s.KubeConfigModels;
using Microsoft.Extensions.Logging;

namespace Nutanix.Capi.Management;

/// <summary>
/// A kubeconfig resolved for one context: KubernetesClient's <see cref="KubernetesClientConfiguration"/> (server, TLS,
/// static credentials), and, when the context's user has an <c>exec</c> credential plugin, our
/// <see cref="ExecCredentialPlugin"/> for it. The plugin is taken out of the kubeconfig before KubernetesClient
/// resolves it, so the library never runs it (it would, at load time, with no timeout nor cancellation).
/// </summary>
public sealed record ManagementKubeconfig(KubernetesClientConfiguration Configuration, ExecCredentialPlugin? Exec)
{
    /// <summary>Loads a kubeconfig file; <paramref name="execTimeout"/> bounds each run of an exec plugin.</summary>
    public static ManagementKubeconfig FromFile(string path, string? context, TimeSpan execTimeout, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Resolve(KubernetesClientConfiguration.LoadKubeConfig(path), context, execTimeout, logger);
    }

    /// <summary>Loads kubeconfig YAML text; <paramref name="execTimeout"/> bounds each run of an exec plugin.</summary>
    public static ManagementKubeconfig FromContent(string kubeconfig, string? context, TimeSpan execTimeout, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kubeconfig);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        return Resolve(KubernetesClientConfiguration.LoadKubeConfig(stream), context, execTimeout, logger);
    }

    private static ManagementKubeconfig Resolve(K8SConfiguration kubeconfig, string? context, TimeSpan execTimeout, ILogger? logger)
    {
        var contextName = context ?? kubeconfig.CurrentContext;
        var userName = kubeconfig.Contexts?.FirstOrDefault(c => c.Name == contextName)?.ContextDetails?.User;
        var user = userName is null ? null : kubeconfig.Users?.FirstOrDefault(u => u.Name == userName);
        ExecCredentialPlugin? exec = null;
        if (user?.UserCredentials?.ExternalExecution is { } execution)
        {
            exec = new ExecCredentialPlugin(user.Name, execution, execTimeout, logger);
            user.UserCredentials.ExternalExecution = null;
            // KubernetesClient refuses a user without credentials; this placeholder is never sent (the transport uses
            // the plugin's credential whenever there is a plugin, see KubeconfigTransport).
            if (string.IsNullOrEmpty(user.UserCredentials.Token) && string.IsNullOrEmpty(user.UserCredentials.ClientCertificateData) &&
                string.IsNullOrEmpty(user.UserCredentials.ClientCertificate))
            {
                user.UserCredentials.Token = "exec-plugin-placeholder";
            }
        }

        return new ManagementKubeconfig(KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig, context), exec);
    }
}
