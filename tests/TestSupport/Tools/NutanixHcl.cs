using TestSupport.Simulator;

namespace TestSupport.Tools;

/// <summary>
/// HCL for configurations against nutanix-sim: the provider block, a gateway with a password cloud account, and a
/// small cluster. Shared by the end-to-end suites so the same wiring (source address, trust bundle, write-only
/// password through an ephemeral variable) is written once.
/// </summary>
public static class NutanixHcl
{
    /// <summary>The terraform block selecting the provider's source address (local name <c>nutanix</c>).</summary>
    public const string RequiredProviders = """

        terraform {
          required_providers {
            nutanix = {
              source = "nutanix-cloud-native/nutanix"
            }
          }
        }

        """;

    /// <summary>The Prism password as a sensitive, ephemeral variable (set it through <c>TF_VAR_pc_password</c>).</summary>
    public const string PasswordVariable = """

        variable "pc_password" {
          type      = string
          sensitive = true
          ephemeral = true
        }

        """;

    /// <summary>A quoted HCL string literal (backslashes, quotes and <c>${</c> escaped).</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("${", "$${", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The terraform block and a provider block pointing at <paramref name="kubeconfigPath"/>.</summary>
    public static string Provider(string kubeconfigPath, string requestTimeout = "20s", string extra = "") => RequiredProviders + $$"""
        provider "nutanix" {
          kubeconfig_path = {{Quote(kubeconfigPath)}}
          request_timeout = "{{requestTimeout}}"
          {{extra}}
        }
        """ + "\n";

    /// <summary>
    /// The password variable, gateway <c>nutanix_pcg.gw</c> named <paramref name="gateway"/> and cloud account
    /// <c>nutanix_cloud_account.pc</c> for the simulator's Prism Central (its CA as trust bundle).
    /// </summary>
    public static string GatewayAndAccount(SimulatorConnection connection, string gateway, string passwordExpression = "var.pc_password", int passwordVersion = 1, string extra = "")
    {
        ArgumentNullException.ThrowIfNull(connection);
        return PasswordVariable + $$"""
            resource "nutanix_pcg" "gw" {
              name     = "{{gateway}}"
              timeouts = { create = "2m" }
            }

            resource "nutanix_cloud_account" "pc" {
              name                    = "pc"
              pcg_id                  = nutanix_pcg.gw.id
              endpoint                = {{Quote(connection.PrismEndpoint)}}
              port                    = {{connection.PrismPort}}
              additional_trust_bundle = file({{Quote(connection.CaCertFile)}})
              username                = {{Quote(connection.Username)}}
              password_wo             = {{passwordExpression}}
              password_wo_version     = {{passwordVersion}}
              {{extra}}
            }
            """ + "\n";
    }

    /// <summary>
    /// A small cluster on the default inventory (PE <c>pe-cluster-a</c>, subnet <c>vlan-100-k8s</c>): one control-plane
    /// node behind <paramref name="endpointIp"/> and one worker pool <c>general</c> of <paramref name="workers"/>.
    /// </summary>
    public static string Cluster(string resourceName, string clusterName, string endpointIp, int workers = 1, string accountRef = "nutanix_cloud_account.pc.id", string extra = "") => "\n" + $$"""
        resource "nutanix_cluster" "{{resourceName}}" {
          name                  = "{{clusterName}}"
          cloud_account_id      = {{accountRef}}
          kubernetes_version    = "v1.33.2"
          prism_element_cluster = "pe-cluster-a"
          subnets               = ["vlan-100-k8s"]
          image                 = "ubuntu-2204-kube-v1.33.2"
          control_plane         = { endpoint_ip = "{{endpointIp}}" }
          worker_pools          = { general = { replicas = {{workers}} } }
          timeouts              = { create = "3m", update = "3m", delete = "3m" }
          {{extra}}
        }
        """ + "\n";
}
