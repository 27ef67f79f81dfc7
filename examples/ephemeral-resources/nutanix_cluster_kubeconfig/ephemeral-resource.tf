# The admin kubeconfig of nutanix_cluster.apps, read from the management cluster each time Terraform needs it
# (plan and apply) and never written to state or plan files. Needs Terraform 1.10 or later.
ephemeral "nutanix_cluster_kubeconfig" "apps" {
  cluster_id = nutanix_cluster.apps.id
}

# Ephemeral values may configure providers, feed write-only attributes, locals and provisioners.
# For example the kubernetes provider, pointed at the new cluster:
#
# provider "kubernetes" {
#   host                   = ephemeral.nutanix_cluster_kubeconfig.apps.host
#   cluster_ca_certificate = ephemeral.nutanix_cluster_kubeconfig.apps.cluster_ca_certificate
#   client_certificate     = ephemeral.nutanix_cluster_kubeconfig.apps.client_certificate
#   client_key             = ephemeral.nutanix_cluster_kubeconfig.apps.client_key
# }
#
# or a command that needs the whole kubeconfig:
resource "terraform_data" "apps_ready" {
  triggers_replace = [nutanix_cluster.apps.id]

  provisioner "local-exec" {
    command     = "printf '%s' \"$KUBECONFIG_DATA\" > /tmp/apps.kubeconfig && kubectl --kubeconfig /tmp/apps.kubeconfig get nodes; rm -f /tmp/apps.kubeconfig"
    environment = { KUBECONFIG_DATA = ephemeral.nutanix_cluster_kubeconfig.apps.kubeconfig }
  }
}
