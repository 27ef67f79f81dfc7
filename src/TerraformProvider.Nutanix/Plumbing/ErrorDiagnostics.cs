using Nutanix.Capi.Gateway;
using Nutanix.Capi.Management;
using Nutanix.Prism;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;

namespace TerraformProvider.Nutanix.Plumbing;

/// <summary>Turns exceptions from the management cluster and Prism Central into diagnostics that say what to fix.</summary>
internal static class ErrorDiagnostics
{
    /// <summary>Adds an error for <paramref name="ex"/>; returns false when it is not a known failure (then rethrow).</summary>
    public static bool TryAdd(DiagnosticBag diagnostics, Exception ex, string action, bool warning = false)
    {
        var (summary, detail, path) = ex switch
        {
            ProviderConfigurationException p => (p.Summary, p.Detail, (AttributePath?)null),
            KubernetesApiException { IsTransient: true } k => ($"Management cluster request failed while {action}",
                $"{k.Message}. The API server kept answering {(int)k.StatusCode} (overloaded or restarting) for longer than the provider retries ({RetryAdvice}).", null),
            KubernetesApiException k => ($"Management cluster request failed while {action}", k.Message, null),
            ManagementClusterUnavailableException u => ($"Cannot reach the management cluster while {action}",
                $"{u.Message}. Check the provider's kubeconfig (kubeconfig_path / kubeconfig / NUTANIX_MGMT_KUBECONFIG / KUBECONFIG) and that the API server is reachable ({RetryAdvice}).", null),
            HttpRequestException h => ($"Cannot reach the management cluster while {action}",
                $"{h.Message}. Check the provider's kubeconfig (kubeconfig_path / kubeconfig / NUTANIX_MGMT_KUBECONFIG / KUBECONFIG) and that the API server is reachable.", null),
            TaskCanceledException t when t.InnerException is TimeoutException => ($"Management cluster request timed out while {action}",
                "The request exceeded the provider's request_timeout; raise it or check the API server.", null),
            ExecCredentialException e => ($"Management cluster credential plugin failed while {action}",
                $"{e.Message} Check the users[].user.exec entry of the provider's kubeconfig; each run may take up to the provider's request_timeout.", null),
            ComponentInstallException c => ($"Installing gateway components failed", c.Message, AttributePath.Root("install").Attribute(c.Attribute)),
            PrismException p => PrismError(p, action),
            _ => (string.Empty, string.Empty, null),
        };
        if (summary.Length == 0)
        {
            return false;
        }

        if (path is null)
        {
            diagnostics.Add(warning ? Diagnostic.Warning(summary, detail) : Diagnostic.Error(summary, detail));
        }
        else if (warning)
        {
            diagnostics.AddAttributeWarning(path, summary, detail);
        }
        else
        {
            diagnostics.AddAttributeError(path, summary, detail);
        }

        return true;
    }

    /// <summary>What to run next after the management cluster's transient faults outlasted the retries.</summary>
    private const string RetryAdvice =
        "`kubectl get --raw /readyz` shows when it is ready again; then run the same terraform command again: it picks up from what was recorded in state. " +
        "To ride out longer outages, raise the provider's request_timeout (each request and its retries fit in it)";

    /// <summary>Prism Central failures pointed at the attribute most likely to fix them.</summary>
    public static (string Summary, string Detail, AttributePath? Path) PrismError(PrismException ex, string action, bool apiKey = false) => ex.Kind switch
    {
        PrismErrorKind.Unauthorized => ("Prism Central rejected the credentials",
            $"{ex.Message} Check {(apiKey ? "api_key_wo" : "username and password_wo")} (and bump {(apiKey ? "api_key_wo_version" : "password_wo_version")} after changing it).",
            AttributePath.Root(apiKey ? "api_key_wo" : "password_wo")),
        PrismErrorKind.Forbidden => ("Prism Central denied access", $"{ex.Message} The account needs read access to users/me, clusters, subnets and images.", AttributePath.Root(apiKey ? "api_key_wo" : "username")),
        PrismErrorKind.TlsUntrusted => ("Prism Central's TLS certificate is not trusted", ex.Message, AttributePath.Root("additional_trust_bundle")),
        PrismErrorKind.ConnectionFailed or PrismErrorKind.Timeout => ($"Cannot reach Prism Central while {action}", $"{ex.Message} Check endpoint and port.", AttributePath.Root("endpoint")),
        _ => ($"Prism Central request failed while {action}", ex.Message, null),
    };
}
