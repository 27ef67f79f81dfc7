# Quickstart: a private cloud gateway, a Prism Central account and a cluster with 3 control-plane and
# 2 worker nodes. ./scripts/quickstart.sh applies it against nutanix-sim.

provider "nutanix" {
  kubeconfig_path = var.mgmt_kubeconfig
}

resource "nutanix_pcg" "gw" {
  name = "quickstart"
}

resource "nutanix_cloud_account" "pc" {
  name                    = "pc"
  pcg_id                  = nutanix_pcg.gw.id
  endpoint                = var.pc_endpoint
  port                    = var.pc_port
  additional_trust_bundle = var.pc_ca_file == "" ? null : file(var.pc_ca_file)
  username                = var.pc_username
  password_wo             = var.pc_password
  password_wo_version     = 1
}

data "nutanix_subnet" "nodes" {
  cloud_account_id      = nutanix_cloud_account.pc.id
  name                  = var.subnet
  prism_element_cluster = var.prism_element_cluster
}

resource "nutanix_cluster" "k8s" {
  name                  = var.cluster_name
  cloud_account_id      = nutanix_cloud_account.pc.id
  kubernetes_version    = var.kubernetes_version
  prism_element_cluster = var.prism_element_cluster
  subnets               = [data.nutanix_subnet.nodes.uuid]
  image                 = var.image

  control_plane = {
    endpoint_ip = var.endpoint_ip
    replicas    = 3
  }

  worker_pools = {
    workers = {
      replicas = 2
    }
  }

  timeouts = {
    create = "20m"
  }
}
