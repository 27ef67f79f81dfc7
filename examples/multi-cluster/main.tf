# Two clusters, on two Prism Element clusters, sharing one gateway and one Prism Central account.

provider "nutanix" {
  kubeconfig_path = var.mgmt_kubeconfig
}

resource "nutanix_pcg" "shared" {
  name = "shared"
}

resource "nutanix_cloud_account" "pc" {
  name                    = "pc"
  pcg_id                  = nutanix_pcg.shared.id
  endpoint                = var.pc_endpoint
  port                    = var.pc_port
  additional_trust_bundle = var.pc_ca_file == "" ? null : file(var.pc_ca_file)
  username                = var.pc_username
  password_wo             = var.pc_password
  password_wo_version     = 1
}

module "blue" {
  source = "../modules/nutanix-cluster"

  name                  = "blue"
  cloud_account_id      = nutanix_cloud_account.pc.id
  kubernetes_version    = var.kubernetes_version
  prism_element_cluster = "pe-cluster-a"
  subnet                = "vlan-100-k8s"
  image                 = "ubuntu-2204-kube-v1.33.2"
  endpoint_ip           = "10.10.100.20"
  control_plane_nodes   = 1
  worker_nodes          = var.worker_nodes
}

module "green" {
  source = "../modules/nutanix-cluster"

  name                  = "green"
  cloud_account_id      = nutanix_cloud_account.pc.id
  kubernetes_version    = var.kubernetes_version
  prism_element_cluster = "pe-cluster-b"
  subnet                = "vlan-200-k8s"
  image                 = "ubuntu-2204-kube-v1.33.2"
  endpoint_ip           = "10.10.200.20"
  control_plane_nodes   = 1
  worker_nodes          = var.worker_nodes
}
