# A private cloud gateway: a namespace on the management cluster with the Cluster API providers Available.
resource "nutanix_pcg" "prod" {
  name = "prod"

  # Air-gapped: install what is missing from a clusterctl local repository holding the release files as published:
  #   /opt/capi-repository/cert-manager/v1.20.2/cert-manager.yaml
  #   /opt/capi-repository/cluster-api/v1.13.1/core-components.yaml
  #   /opt/capi-repository/bootstrap-kubeadm/v1.13.1/bootstrap-components.yaml
  #   /opt/capi-repository/control-plane-kubeadm/v1.13.1/control-plane-components.yaml
  #   /opt/capi-repository/infrastructure-nutanix/v1.10.3/infrastructure-components.yaml
  install = {
    directory = "/opt/capi-repository"
    versions  = { "infrastructure-nutanix" = "v1.10.3" } # change to upgrade in place
    # CAPX's release file has variables without default (clusterctl refuses it without them too).
    variables = {
      NUTANIX_ENDPOINT = "pc.example.com"
      NUTANIX_USER     = "capx"
      NUTANIX_PASSWORD = var.capx_password # write-only: never in the state or the plan
    }
  }

  timeouts = {
    create = "15m"
  }
}

variable "capx_password" {
  type      = string
  sensitive = true
}
