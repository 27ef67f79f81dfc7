# One Kubernetes cluster with a control plane and one worker pool, on an existing gateway and cloud account.
resource "nutanix_cluster" "this" {
  name                  = var.name
  cloud_account_id      = var.cloud_account_id
  kubernetes_version    = var.kubernetes_version
  prism_element_cluster = var.prism_element_cluster
  subnets               = [var.subnet]
  image                 = var.image

  control_plane = {
    endpoint_ip = var.endpoint_ip
    replicas    = var.control_plane_nodes
  }

  worker_pools = {
    workers = {
      replicas = var.worker_nodes
      machine = {
        memory = var.worker_memory
      }
    }
  }

  wait_for = var.wait_for
  timeouts = {
    create = var.create_timeout
  }
}
