# A private cloud gateway: a namespace on the management cluster with the Cluster API providers Available.
resource "nutanix_pcg" "prod" {
  name = "prod"

  # Air-gapped: install missing CAPI/CAPX components from a clusterctl local repository.
  install = {
    directory = "/opt/capi-repository"
  }

  timeouts = {
    create = "15m"
  }
}
