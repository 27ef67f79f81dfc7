terraform {
  required_version = ">= 1.11"
  required_providers {
    nutanix = {
      source = "nutanix-cloud-native/nutanix"
    }
  }
}

# The provider talks to the management cluster that hosts the private cloud gateways (its kubeconfig);
# Prism Central credentials belong to each nutanix_cloud_account, not to the provider.
provider "nutanix" {
  kubeconfig_path       = "~/.kube/mgmt.kubeconfig"
  kubeconfig_context    = "mgmt-admin@mgmt"
  request_timeout       = "30s"
  prism_request_timeout = "30s"
}
