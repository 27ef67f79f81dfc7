data "nutanix_prism_element_cluster" "a" {
  cloud_account_id = nutanix_cloud_account.pc.id
  name             = "pe-cluster-a"
}

output "pe_cluster_uuid" {
  value = data.nutanix_prism_element_cluster.a.uuid
}
